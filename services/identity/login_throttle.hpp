#pragma once
// Sign-in throttling that slows guessing without letting anyone lock an account: failures count
// per (username, client address) and per client address, never per username alone, so wrong
// passwords sent from one address do not stop the right password from another.
//
//   - A (username, address) pair gets `free_failures` wrong passwords; each further failure
//     demands a wait that starts at `first_delay` and doubles up to `max_delay`. Its failures are
//     remembered for `failure_memory` after the last one; a success forgets them.
//   - An address gets `address_failures_per_minute` failures across all usernames in a minute,
//     then waits for the minute to end.
//
// The counters live in Redis and change in one Lua script per call, so every replica sees the
// same budget and concurrent attempts cannot slip between a read and a write.

#include <chrono>
#include <string>
#include <string_view>

#include "common/redis_pool.hpp"

namespace sanplane::identity {

struct LoginThrottleRules {
  int free_failures = 3;
  std::chrono::milliseconds first_delay{1000};
  std::chrono::milliseconds max_delay{300000};
  std::chrono::seconds failure_memory{900};
  int address_failures_per_minute = 10;
};

class LoginThrottle {
 public:
  LoginThrottle(common::RedisPool& redis, LoginThrottleRules rules);

  /// Throws common::Error(kResourceExhausted) with `retry_after` (whole seconds) in its body while
  /// this username from this address, or this address at all, must wait.
  void CheckAllowed(std::string_view username, std::string_view client_address);
  void RecordFailure(std::string_view username, std::string_view client_address);
  /// After a success: this pair starts again from zero (the address's minute budget does not).
  void Reset(std::string_view username, std::string_view client_address);

  /// Keyed case-insensitively, like usernames themselves, so "Admin" and "admin" share a budget.
  /// A missing address (a caller other than the gateway) is one address of its own.
  static std::string PairKey(std::string_view username, std::string_view client_address);
  static std::string AddressKey(std::string_view client_address);

 private:
  common::RedisPool& redis_;
  LoginThrottleRules rules_;
};

}  // namespace sanplane::identity
