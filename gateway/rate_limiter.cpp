#include "rate_limiter.hpp"

#include <algorithm>
#include <cmath>

namespace sanplane::gateway {

RateLimiter::RateLimiter(double rate, double burst) : rate_(rate), burst_(std::max(burst, 1.0)) {}

std::optional<std::chrono::seconds> RateLimiter::Take(const std::string& address,
                                                      Clock::time_point now) {
  std::lock_guard lock(mutex_);
  if (buckets_.size() >= prune_at_) ForgetFullBuckets(now);
  auto [it, added] = buckets_.try_emplace(address, Bucket{burst_, now});
  Bucket& bucket = it->second;
  const double elapsed = std::chrono::duration<double>(now - bucket.updated).count();
  bucket.tokens = std::min(burst_, bucket.tokens + std::max(elapsed, 0.0) * rate_);
  bucket.updated = now;
  if (bucket.tokens >= 1.0) {
    bucket.tokens -= 1.0;
    return std::nullopt;
  }
  const double wait = rate_ > 0 ? (1.0 - bucket.tokens) / rate_ : 3600.0;
  return std::chrono::seconds(std::max<int64_t>(1, static_cast<int64_t>(std::ceil(wait))));
}

// A bucket that has refilled completely is the same as no bucket, so dropping it loses nothing;
// this keeps memory bounded by the clients active within the last burst/rate seconds.
void RateLimiter::ForgetFullBuckets(Clock::time_point now) {
  std::erase_if(buckets_, [&](const auto& entry) {
    const double elapsed = std::chrono::duration<double>(now - entry.second.updated).count();
    return entry.second.tokens + elapsed * rate_ >= burst_;
  });
  // Many clients all active at once: grow instead of pruning on every request.
  prune_at_ = std::max<size_t>(1024, buckets_.size() * 2);
}

size_t RateLimiter::tracked_addresses() const {
  std::lock_guard lock(mutex_);
  return buckets_.size();
}

}  // namespace sanplane::gateway
