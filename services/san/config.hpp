#pragma once
// Settings of sanplane-san (defaults < SANPLANE_* environment < --flags).

#include <chrono>
#include <optional>
#include <string>

#include "common/config.hpp"
#include "common/principal_signature.hpp"

namespace sanplane::san {

struct SanConfig {
  std::string grpc_addr = "0.0.0.0:50053";
  std::string metrics_addr = "0.0.0.0:9103";
  std::string pg_dsn;            // required, secret
  std::string pg_migration_dsn;  // secret; empty: pg_dsn migrates (common::PrepareSchema)
  int pg_pool_size = 8;
  std::chrono::milliseconds pg_acquire_timeout{2000};
  std::string identity_addr = "127.0.0.1:50051";
  std::string storage_addr = "127.0.0.1:50054";
  std::chrono::milliseconds peer_timeout{2000};
  /// How long a project's customer is kept (project_cache.hpp); 0 asks identity every time.
  std::chrono::milliseconds project_cache_ttl{2000};
  std::chrono::milliseconds db_timeout{10000};
  /// Days the version history keeps an entry (0: forever); see common/history_pruner.hpp.
  int history_retention_days = 0;
  /// Apply the schema's migrations and exit (see common::PostgresSettings::migrate_only).
  bool migrate_only = false;
  int max_batch = 1000;
  std::chrono::milliseconds drain_timeout{10000};
  std::string log_level = "info";
  /// Verify the caller's identity; nullopt only when loading recorded an error.
  std::optional<common::PrincipalKeys> principal_keys;
};

/// Reads every setting; throws common::ConfigError naming each bad one.
SanConfig LoadSanConfig(common::ConfigLoader& loader);

}  // namespace sanplane::san
