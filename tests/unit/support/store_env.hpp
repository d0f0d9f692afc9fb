#pragma once
// Where the private test stores are (set by `make test` from deploy/local/stores.sh). A test that
// needs one skips when it is not configured, so the pure tests run anywhere; but under `make test`
// (SANPLANE_TEST_REQUIRE_STORES=1) a missing store fails the test: there it means a broken
// harness, and a skipped test would pass silently.

#include <gtest/gtest.h>

#include <cstdlib>
#include <random>
#include <string>

#include "common/redis_connection.hpp"

namespace sanplane::common::testing {

inline std::string EnvOrEmpty(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? "" : value;
}

/// The variable's value, or nullptr when it is unset or empty.
inline const char* EnvOrNull(const char* name) {
  const char* value = std::getenv(name);
  return value != nullptr && *value != '\0' ? value : nullptr;
}

inline std::string PgDsn() { return EnvOrEmpty("SANPLANE_TEST_PG_DSN"); }
inline std::string RedisAddr() { return EnvOrEmpty("SANPLANE_TEST_REDIS_ADDR"); }
/// The test Redis requires them (ACL user and password, see deploy/local/stores.sh).
inline std::string RedisUsername() { return EnvOrEmpty("SANPLANE_TEST_REDIS_USERNAME"); }
inline std::string RedisPassword() { return EnvOrEmpty("SANPLANE_TEST_REDIS_PASSWORD"); }
/// The CA the test Redis's certificate chains to: it speaks TLS only (deploy/local/stores.sh).
inline std::string RedisTlsCaFile() { return EnvOrEmpty("SANPLANE_TEST_REDIS_TLS_CA_FILE"); }
/// How tests reach the test Redis over TLS (off when no CA is configured).
inline RedisTlsSettings RedisTls() {
  const std::string ca_file = RedisTlsCaFile();
  return {.enabled = !ca_file.empty(), .ca_file = ca_file, .server_name = ""};
}
inline std::string StoresDir() { return EnvOrEmpty("SANPLANE_TEST_STORES_DIR"); }

inline bool StoresRequired() { return EnvOrEmpty("SANPLANE_TEST_REQUIRE_STORES") == "1"; }

/// A name no other test run uses, for schemas and keys.
inline std::string UniqueName(const std::string& prefix) {
  std::random_device random;
  return prefix + std::to_string(random()) + std::to_string(random() % 1000);
}

}  // namespace sanplane::common::testing

/// Skips (or, under `make test`, fails) the current test when `value` (a store setting) is empty.
#define SANPLANE_REQUIRE_STORE(value, variable)                              \
  do {                                                                       \
    if ((value).empty()) {                                                   \
      if (::sanplane::common::testing::StoresRequired()) {                   \
        FAIL() << variable " is not set, yet make test promised the stores"; \
      } else {                                                               \
        GTEST_SKIP() << variable " is not set";                              \
      }                                                                      \
    }                                                                        \
  } while (false)

namespace sanplane::common::testing {

/// A test against the test PostgreSQL: `dsn_` is its DSN; without one the test does not run.
class PostgresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dsn_ = PgDsn();
    SANPLANE_REQUIRE_STORE(dsn_, "SANPLANE_TEST_PG_DSN");
  }
  std::string dsn_;
};

}  // namespace sanplane::common::testing
