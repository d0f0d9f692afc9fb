#pragma once
// Where the private test stores are (set by `make test` from deploy/local/stores.sh). Tests that
// need one skip when it is not configured.

#include <cstdlib>
#include <random>
#include <string>

namespace sanplane::common::testing {

inline std::string EnvOrEmpty(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? "" : value;
}

inline std::string PgDsn() { return EnvOrEmpty("SANPLANE_TEST_PG_DSN"); }
inline std::string RedisAddr() { return EnvOrEmpty("SANPLANE_TEST_REDIS_ADDR"); }
inline std::string StoresDir() { return EnvOrEmpty("SANPLANE_TEST_STORES_DIR"); }

/// A name no other test run uses, for schemas and keys.
inline std::string UniqueName(const std::string& prefix) {
  std::random_device random;
  return prefix + std::to_string(random()) + std::to_string(random() % 1000);
}

}  // namespace sanplane::common::testing
