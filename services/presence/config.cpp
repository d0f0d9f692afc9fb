#include "config.hpp"

namespace sanplane::presence {

PresenceConfig PresenceConfig::Load(common::ConfigLoader& loader) {
  PresenceConfig c;
  c.ReadServiceSettings(loader, "0.0.0.0:50052", "0.0.0.0:9102");
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
  return c;
}

}  // namespace sanplane::presence
