#pragma once
// Failed-login throttle per username: Redis counter `login-failures:<lower-case username>` that
// expires `window` after the last failure. Guessing passwords against one account stops after
// `max_failures` attempts, whatever replica or client sends them.

#include <chrono>
#include <string>
#include <string_view>

#include "common/redis_pool.hpp"

namespace sanplane::identity {

class LoginThrottle {
 public:
  LoginThrottle(common::RedisPool& redis, int max_failures, std::chrono::seconds window);

  /// Throws common::Error(kResourceExhausted) while `username` has too many recent failures.
  void CheckAllowed(std::string_view username);
  void RecordFailure(std::string_view username);
  /// After a success: the count starts again from zero.
  void Reset(std::string_view username);

  /// Keyed case-insensitively, like usernames themselves, so "Admin" and "admin" share a budget.
  static std::string KeyFor(std::string_view username);

 private:
  common::RedisPool& redis_;
  int max_failures_;
  std::chrono::seconds window_;
};

}  // namespace sanplane::identity
