#include "config.hpp"

namespace sanplane::storage {

StorageConfig StorageConfig::Load(common::ConfigLoader& loader) {
  StorageConfig config;
  config.ReadServiceSettings(loader, "0.0.0.0:50054", "0.0.0.0:9104");
  config.ReadPostgresSettings(loader);
  config.import_timeout =
      std::chrono::milliseconds(loader.Int("import-timeout-ms", 60000, 1, 3600000));
  config.import_attempts = static_cast<int>(loader.Int("import-attempts", 4, 1, 20));
  config.import_retry_min_budget =
      std::chrono::milliseconds(loader.Int("import-retry-min-budget-ms", 200, 0, 600000));
  config.san_addr = loader.String("san-addr", "127.0.0.1:50053");
  config.peer_timeout = std::chrono::milliseconds(loader.Int("peer-timeout-ms", 2000, 1, 60000));
  return config;
}

}  // namespace sanplane::storage
