#pragma once
// Settings of the storage binary (defaults < SANPLANE_* environment < --flags).

#include <chrono>
#include <optional>
#include <string>

#include "common/config.hpp"
#include "common/principal_signature.hpp"

namespace sanplane::storage {

struct StorageConfig {
  std::string grpc_addr;
  std::string metrics_addr;
  std::string pg_dsn;
  int pg_pool_size = 0;
  std::chrono::milliseconds pg_acquire_timeout{0};
  /// Upper bound of one RPC's database work (the caller's deadline may cut it shorter).
  std::chrono::milliseconds statement_timeout{0};
  /// Upper bound of one import's database work.
  std::chrono::milliseconds import_timeout{0};
  /// An import Postgres aborts for a race with another one runs at most this often in all, and
  /// runs again only while this much of its budget is left.
  int import_attempts = 0;
  std::chrono::milliseconds import_retry_min_budget{0};
  /// SAN, asked before a storage system is deleted, and how long that question may take.
  std::string san_addr;
  std::chrono::milliseconds peer_timeout{0};
  std::chrono::milliseconds drain_timeout{0};
  std::string log_level;
  /// Verify the caller's identity; nullopt only when loading recorded an error.
  std::optional<common::PrincipalKeys> principal_keys;

  /// Reads every setting from `loader`, recording bad values there (the caller runs
  /// loader.Validate(), which throws common::ConfigError naming all of them).
  static StorageConfig Load(common::ConfigLoader& loader);
};

}  // namespace sanplane::storage
