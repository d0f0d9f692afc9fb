#include "config.hpp"

namespace sanplane::presence {

PresenceConfig PresenceConfig::Load(common::ConfigLoader& loader) {
  PresenceConfig c;
  c.ReadServiceSettings(loader, "0.0.0.0:50052", "0.0.0.0:9102");
  c.ReadRedisSettings(loader);
  c.identity_addr = loader.String("identity-addr", c.identity_addr);
  c.san_addr = loader.String("san-addr", c.san_addr);
  c.storage_addr = loader.String("storage-addr", c.storage_addr);
  c.identity_timeout = std::chrono::milliseconds(
      loader.Int("identity-timeout-ms", c.identity_timeout.count(), 10, 60000));
  c.window_seconds =
      static_cast<int>(loader.Int("presence-window-seconds", c.window_seconds, 1, 86400));
  c.editing_window_seconds =
      static_cast<int>(loader.Int("editing-window-seconds", c.editing_window_seconds, 1, 3600));
  return c;
}

}  // namespace sanplane::presence
