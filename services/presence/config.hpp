#pragma once
// Settings of sanplane-presence: defaults < SANPLANE_* environment < flags.

#include <chrono>
#include <string>

#include "common/config.hpp"
#include "common/service_settings.hpp"

namespace sanplane::presence {

struct PresenceConfig : common::ServiceSettings, common::RedisSettings {
  std::string identity_addr = "127.0.0.1:50051";
  // SAN and storage say which customer a record someone opens belongs to (record presence).
  std::string san_addr = "127.0.0.1:50053";
  std::string storage_addr = "127.0.0.1:50054";
  std::chrono::milliseconds identity_timeout{2000};
  int window_seconds = 300;
  // How long an opened record counts as open unless renewed.
  int editing_window_seconds = 30;

  static PresenceConfig Load(common::ConfigLoader& loader);
};

}  // namespace sanplane::presence
