#pragma once
// Settings of the identity binary (defaults < SANPLANE_* environment < --flags).

#include <chrono>
#include <string>

#include "common/config.hpp"
#include "common/service_settings.hpp"
#include "login_throttle.hpp"

namespace sanplane::identity {

struct IdentityConfig : common::ServiceSettings, common::PostgresSettings, common::RedisSettings {
  /// Bounds each statement of the start (migrations run under their own lock; the first admin).
  std::chrono::milliseconds startup_timeout{0};
  std::chrono::seconds session_ttl{0};
  /// How long Redis caches a session found in Postgres: also how long a session ended while Redis
  /// was down may still be found in a Redis that comes back with its old data.
  std::chrono::seconds session_cache_ttl{0};
  /// Password of the `admin` user created on first start; empty means "generate and log one".
  std::string admin_password;
  LoginThrottleRules login_throttle;
  /// SAN and storage, asked before a customer is deleted, and how long each question may take.
  std::string san_addr;
  std::string storage_addr;
  std::chrono::milliseconds peer_timeout{0};

  /// Reads every setting from `loader`, recording bad values there (the caller runs
  /// loader.Validate(), which throws common::ConfigError naming all of them).
  static IdentityConfig Load(common::ConfigLoader& loader);
};

}  // namespace sanplane::identity
