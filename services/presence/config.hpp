#pragma once
// Settings of sanplane-presence: defaults < SANPLANE_* environment < flags.

#include <chrono>
#include <string>

#include "common/config.hpp"

namespace sanplane::presence {

struct PresenceConfig {
  std::string grpc_addr = "0.0.0.0:50052";
  std::string metrics_addr = "0.0.0.0:9102";
  std::string redis_addr = "127.0.0.1:6379";
  int redis_pool_size = 8;
  std::chrono::milliseconds redis_timeout{1000};
  std::string identity_addr = "127.0.0.1:50051";
  std::chrono::milliseconds identity_timeout{2000};
  int window_seconds = 300;
  std::chrono::milliseconds drain_timeout{10000};
  std::string log_level = "info";

  static PresenceConfig Load(common::ConfigLoader& loader);
};

}  // namespace sanplane::presence
