#pragma once
// The settings every sanplane service binary reads the same way, under the same names, defaults
// and bounds. A binary's Config struct derives from the parts it uses and fills them first.

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "common/config.hpp"
#include "common/principal_signature.hpp"
#include "common/redis_connection.hpp"
#include "common/redis_pool.hpp"

namespace sanplane::common {

/// Where a service serves, how it logs and drains, and how it verifies its callers.
struct ServiceSettings {
  std::string grpc_addr;
  std::string metrics_addr;
  std::chrono::milliseconds drain_timeout{0};
  std::string log_level;
  /// Verify the caller's identity; nullopt only when loading recorded an error.
  std::optional<PrincipalKeys> principal_keys;

  /// Fills these settings from `loader`, recording bad values there.
  void ReadServiceSettings(ConfigLoader& loader, std::string_view default_grpc_addr,
                           std::string_view default_metrics_addr);
};

/// The Postgres connection pool of a service that keeps its records there.
struct PostgresSettings {
  std::string pg_dsn;
  /// The schema owner's DSN, for migrations only (empty: pg_dsn migrates too). See PrepareSchema.
  std::string pg_migration_dsn;
  int pg_pool_size = 0;
  /// Longest wait for a pooled Postgres connection (then 429).
  std::chrono::milliseconds pg_acquire_timeout{0};
  /// Upper bound of one RPC's database work (the caller's deadline may cut it shorter).
  std::chrono::milliseconds statement_timeout{0};
  /// Days the version history keeps an entry (0: forever); see common/history_pruner.hpp.
  int history_retention_days = 0;
  /// Apply the schema's migrations and exit without serving: the migration step of a rollout
  /// (a Job before new replicas start), and how old binaries are tested on a newer schema.
  bool migrate_only = false;

  /// Fills these settings from `loader`, recording bad values there (and "pg-dsn is required"
  /// when no DSN is given).
  void ReadPostgresSettings(ConfigLoader& loader);
};

/// The Redis connection pool of a service that keeps sessions or presence there.
struct RedisSettings {
  std::string redis_addr;
  RedisCredentials redis_credentials;
  RedisTlsSettings redis_tls;
  int redis_pool_size = 0;
  /// Bounds connecting to Redis and each command.
  std::chrono::milliseconds redis_timeout{0};

  /// Fills these settings from `loader`, recording bad values there.
  void ReadRedisSettings(ConfigLoader& loader);
};

}  // namespace sanplane::common
