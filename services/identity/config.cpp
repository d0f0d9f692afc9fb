#include "config.hpp"

#include "common/text.hpp"
#include "validation.hpp"

namespace sanplane::identity {

using common::Utf8Length;

IdentityConfig IdentityConfig::Load(common::ConfigLoader& loader) {
  IdentityConfig config;
  config.ReadServiceSettings(loader, "0.0.0.0:50051", "0.0.0.0:9101");
  config.ReadPostgresSettings(loader);
  config.ReadRedisSettings(loader);
  config.startup_timeout =
      std::chrono::milliseconds(loader.Int("startup-timeout-ms", 30000, 1, 3600000));
  config.session_ttl =
      std::chrono::seconds(loader.Int("session-ttl-seconds", 1209600, 60, 31536000));
  config.session_cache_ttl =
      std::chrono::seconds(loader.Int("session-cache-ttl-seconds", 30, 1, 3600));
  config.admin_password = loader.String("admin-password", "", /*secret=*/true);
  config.login_throttle.free_failures =
      static_cast<int>(loader.Int("login-free-failures", 3, 0, 1000));
  config.login_throttle.first_delay =
      std::chrono::milliseconds(loader.Int("login-first-delay-ms", 1000, 1, 3600000));
  config.login_throttle.max_delay =
      std::chrono::seconds(loader.Int("login-max-delay-seconds", 300, 1, 86400));
  config.login_throttle.failure_memory =
      std::chrono::seconds(loader.Int("login-failure-window-seconds", 900, 1, 86400));
  config.login_throttle.address_failures_per_minute =
      static_cast<int>(loader.Int("login-address-failures-per-minute", 10, 1, 100000));
  config.san_addr = loader.String("san-addr", "127.0.0.1:50053");
  config.storage_addr = loader.String("storage-addr", "127.0.0.1:50054");
  config.peer_timeout = std::chrono::milliseconds(loader.Int("peer-timeout-ms", 2000, 1, 60000));

  // The same rule as any other password, checked here so a bad value stops the start at once.
  if (!config.admin_password.empty() && Utf8Length(config.admin_password) < kMinPasswordLength) {
    loader.Fail("admin-password must be at least 8 characters long");
  }
  return config;
}

}  // namespace sanplane::identity
