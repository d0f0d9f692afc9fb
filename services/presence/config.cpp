#include "config.hpp"

namespace sanplane::presence {

PresenceConfig PresenceConfig::Load(common::ConfigLoader& loader) {
  PresenceConfig c;
  c.grpc_addr = loader.String("grpc-addr", c.grpc_addr);
  c.metrics_addr = loader.String("metrics-addr", c.metrics_addr);
  c.redis_addr = loader.String("redis-addr", c.redis_addr);
  c.redis_credentials = {loader.String("redis-username", ""),
                         loader.String("redis-password", "", /*secret=*/true)};
  c.redis_pool_size = static_cast<int>(loader.Int("redis-pool-size", c.redis_pool_size, 1, 256));
  c.redis_timeout =
      std::chrono::milliseconds(loader.Int("redis-timeout-ms", c.redis_timeout.count(), 10, 60000));
  c.identity_addr = loader.String("identity-addr", c.identity_addr);
  c.identity_timeout = std::chrono::milliseconds(
      loader.Int("identity-timeout-ms", c.identity_timeout.count(), 10, 60000));
  c.window_seconds =
      static_cast<int>(loader.Int("presence-window-seconds", c.window_seconds, 1, 86400));
  c.drain_timeout =
      std::chrono::milliseconds(loader.Int("drain-timeout-ms", c.drain_timeout.count(), 0, 600000));
  c.log_level = loader.String("log-level", c.log_level);
  c.principal_keys = common::LoadPrincipalKeys(loader);
  return c;
}

}  // namespace sanplane::presence
