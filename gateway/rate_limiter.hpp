#pragma once
// Requests per client address as a token bucket: `burst` requests at once, then `rate` per second.
// A client over its rate is told when to come back (429 Retry-After) instead of being served.

#include <chrono>
#include <cstddef>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace sanplane::gateway {

class RateLimiter {
 public:
  using Clock = std::chrono::steady_clock;

  /// `rate` tokens per second refill each address's bucket of `burst` tokens.
  RateLimiter(double rate, double burst);

  /// nullopt: the request may proceed (one token taken). Otherwise the whole seconds until a
  /// token is available again (at least 1), for Retry-After.
  std::optional<std::chrono::seconds> Take(const std::string& address,
                                           Clock::time_point now = Clock::now());

  size_t tracked_addresses() const;

 private:
  struct Bucket {
    double tokens;
    Clock::time_point updated;
  };
  void ForgetFullBuckets(Clock::time_point now);

  const double rate_;
  const double burst_;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, Bucket> buckets_;
  size_t prune_at_ = 1024;
};

}  // namespace sanplane::gateway
