#include "config.hpp"

namespace sanplane::storage {

StorageConfig StorageConfig::Load(common::ConfigLoader& loader) {
  StorageConfig config;
  config.grpc_addr = loader.String("grpc-addr", "0.0.0.0:50054");
  config.metrics_addr = loader.String("metrics-addr", "0.0.0.0:9104");
  config.pg_dsn = loader.String("pg-dsn", "", /*secret=*/true);
  config.pg_pool_size = static_cast<int>(loader.Int("pg-pool-size", 8, 1, 256));
  config.pg_acquire_timeout =
      std::chrono::milliseconds(loader.Int("pg-acquire-timeout-ms", 2000, 1, 60000));
  config.statement_timeout =
      std::chrono::milliseconds(loader.Int("statement-timeout-ms", 5000, 1, 600000));
  config.import_timeout =
      std::chrono::milliseconds(loader.Int("import-timeout-ms", 60000, 1, 3600000));
  config.import_attempts = static_cast<int>(loader.Int("import-attempts", 4, 1, 20));
  config.import_retry_min_budget =
      std::chrono::milliseconds(loader.Int("import-retry-min-budget-ms", 200, 0, 600000));
  config.san_addr = loader.String("san-addr", "127.0.0.1:50053");
  config.peer_timeout = std::chrono::milliseconds(loader.Int("peer-timeout-ms", 2000, 1, 60000));
  config.drain_timeout =
      std::chrono::milliseconds(loader.Int("drain-timeout-ms", 10000, 0, 600000));
  config.log_level = loader.String("log-level", "info");
  config.principal_keys = common::LoadPrincipalKeys(loader);

  if (config.pg_dsn.empty()) {
    loader.Fail("pg-dsn is required");
  }
  return config;
}

}  // namespace sanplane::storage
