#pragma once
// Settings of sanplane-presence: defaults < SANPLANE_* environment < flags.

#include <chrono>
#include <optional>
#include <string>

#include "common/config.hpp"
#include "common/principal_signature.hpp"
#include "common/redis_pool.hpp"

namespace sanplane::presence {

struct PresenceConfig {
  std::string grpc_addr = "0.0.0.0:50052";
  std::string metrics_addr = "0.0.0.0:9102";
  std::string redis_addr = "127.0.0.1:6379";
  common::RedisCredentials redis_credentials;
  int redis_pool_size = 8;
  std::chrono::milliseconds redis_timeout{1000};
  std::string identity_addr = "127.0.0.1:50051";
  std::chrono::milliseconds identity_timeout{2000};
  int window_seconds = 300;
  std::chrono::milliseconds drain_timeout{10000};
  std::string log_level = "info";
  /// Verify the caller's identity; nullopt only when loading recorded an error.
  std::optional<common::PrincipalKeys> principal_keys;

  static PresenceConfig Load(common::ConfigLoader& loader);
};

}  // namespace sanplane::presence
