#include "common/service_settings.hpp"

namespace sanplane::common {

void ServiceSettings::ReadServiceSettings(ConfigLoader& loader, std::string_view default_grpc_addr,
                                          std::string_view default_metrics_addr) {
  grpc_addr = loader.String("grpc-addr", std::string(default_grpc_addr));
  metrics_addr = loader.String("metrics-addr", std::string(default_metrics_addr));
  drain_timeout = std::chrono::milliseconds(loader.Int("drain-timeout-ms", 10000, 0, 600000));
  log_level = loader.String("log-level", "info");
  principal_keys = LoadPrincipalKeys(loader);
}

void PostgresSettings::ReadPostgresSettings(ConfigLoader& loader) {
  pg_dsn = loader.String("pg-dsn", "", /*secret=*/true);
  pg_migration_dsn = loader.String("pg-migration-dsn", "", /*secret=*/true);
  pg_pool_size = static_cast<int>(loader.Int("pg-pool-size", 8, 1, 256));
  pg_acquire_timeout =
      std::chrono::milliseconds(loader.Int("pg-acquire-timeout-ms", 2000, 1, 60000));
  statement_timeout =
      std::chrono::milliseconds(loader.Int("statement-timeout-ms", 5000, 1, 600000));
  history_retention_days = static_cast<int>(loader.Int("history-retention-days", 0, 0, 36500));
  migrate_only = loader.Bool("migrate-only", false);
  if (pg_dsn.empty()) {
    loader.Fail("pg-dsn is required");
  }
}

void RedisSettings::ReadRedisSettings(ConfigLoader& loader) {
  redis_addr = loader.String("redis-addr", "127.0.0.1:6379");
  redis_credentials = {loader.String("redis-username", ""),
                       loader.String("redis-password", "", /*secret=*/true)};
  redis_tls.enabled = loader.Bool("redis-tls", false);
  redis_tls.ca_file = loader.String("redis-tls-ca-file", "");
  redis_tls.server_name = loader.String("redis-tls-server-name", "");
  redis_pool_size = static_cast<int>(loader.Int("redis-pool-size", 8, 1, 256));
  redis_timeout = std::chrono::milliseconds(loader.Int("redis-timeout-ms", 1000, 10, 60000));
  if (!redis_tls.enabled && (!redis_tls.ca_file.empty() || !redis_tls.server_name.empty())) {
    // A CA given without TLS is a deployment that believes it encrypts and does not.
    loader.Fail("redis-tls-ca-file and redis-tls-server-name need redis-tls=true");
  }
}

}  // namespace sanplane::common
