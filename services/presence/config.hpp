#pragma once
// Settings of sanplane-presence: defaults < SANPLANE_* environment < flags.

#include <chrono>
#include <string>

#include "common/config.hpp"
#include "common/redis_pool.hpp"
#include "common/service_settings.hpp"

namespace sanplane::presence {

struct PresenceConfig : common::ServiceSettings {
  std::string redis_addr = "127.0.0.1:6379";
  common::RedisCredentials redis_credentials;
  int redis_pool_size = 8;
  std::chrono::milliseconds redis_timeout{1000};
  std::string identity_addr = "127.0.0.1:50051";
  std::chrono::milliseconds identity_timeout{2000};
  int window_seconds = 300;

  static PresenceConfig Load(common::ConfigLoader& loader);
};

}  // namespace sanplane::presence
