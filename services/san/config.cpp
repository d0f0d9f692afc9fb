#include "config.hpp"

namespace sanplane::san {

SanConfig LoadSanConfig(common::ConfigLoader& loader) {
  SanConfig config;
  config.grpc_addr = loader.String("grpc-addr", config.grpc_addr);
  config.metrics_addr = loader.String("metrics-addr", config.metrics_addr);
  config.pg_dsn = loader.String("pg-dsn", "", /*secret=*/true);
  if (config.pg_dsn.empty()) loader.Fail("pg-dsn is required");
  config.pg_migration_dsn = loader.String("pg-migration-dsn", "", /*secret=*/true);
  config.pg_pool_size = static_cast<int>(loader.Int("pg-pool-size", config.pg_pool_size, 1, 256));
  config.pg_acquire_timeout = std::chrono::milliseconds(
      loader.Int("pg-acquire-timeout-ms", config.pg_acquire_timeout.count(), 1, 60000));
  config.identity_addr = loader.String("identity-addr", config.identity_addr);
  config.storage_addr = loader.String("storage-addr", config.storage_addr);
  config.peer_timeout = std::chrono::milliseconds(
      loader.Int("peer-timeout-ms", config.peer_timeout.count(), 1, 60000));
  config.project_cache_ttl = std::chrono::milliseconds(
      loader.Int("project-cache-ms", config.project_cache_ttl.count(), 0, 60000));
  config.db_timeout =
      std::chrono::milliseconds(loader.Int("db-timeout-ms", config.db_timeout.count(), 1, 600000));
  config.history_retention_days = static_cast<int>(
      loader.Int("history-retention-days", config.history_retention_days, 0, 36500));
  config.migrate_only = loader.Bool("migrate-only", false);
  config.max_batch = static_cast<int>(loader.Int("max-batch", config.max_batch, 1, 100000));
  config.drain_timeout = std::chrono::milliseconds(
      loader.Int("drain-timeout-ms", config.drain_timeout.count(), 0, 600000));
  config.log_level = loader.String("log-level", config.log_level);
  config.principal_keys = common::LoadPrincipalKeys(loader);
  loader.Validate();
  return config;
}

}  // namespace sanplane::san
