#include "rate_limiter.hpp"

#include <gtest/gtest.h>

namespace sanplane::gateway {
namespace {

using namespace std::chrono_literals;

TEST(RateLimiterTest, AllowsTheBurstThenRefusesWithRetryAfter) {
  RateLimiter limiter(2, 3);
  const auto now = RateLimiter::Clock::now();
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(limiter.Take("a", now)) << i;
  auto retry = limiter.Take("a", now);
  ASSERT_TRUE(retry);
  EXPECT_EQ(*retry, 1s);
}

TEST(RateLimiterTest, RefillsAtTheRate) {
  RateLimiter limiter(2, 1);
  const auto now = RateLimiter::Clock::now();
  EXPECT_FALSE(limiter.Take("a", now));
  EXPECT_TRUE(limiter.Take("a", now + 100ms));
  EXPECT_FALSE(limiter.Take("a", now + 600ms));
}

TEST(RateLimiterTest, AddressesHaveTheirOwnBuckets) {
  RateLimiter limiter(1, 1);
  const auto now = RateLimiter::Clock::now();
  EXPECT_FALSE(limiter.Take("a", now));
  EXPECT_TRUE(limiter.Take("a", now));
  EXPECT_FALSE(limiter.Take("b", now));
}

TEST(RateLimiterTest, ForgetsIdleAddressesSoMemoryStaysBounded) {
  RateLimiter limiter(10, 1);
  auto now = RateLimiter::Clock::now();
  for (int i = 0; i < 5000; ++i) limiter.Take("client-" + std::to_string(i), now);
  now += 1s;  // every bucket is full again, as good as forgotten
  for (int i = 0; i < 4000; ++i) limiter.Take("later-" + std::to_string(i), now);
  EXPECT_LE(limiter.tracked_addresses(), 4000u);
}

}  // namespace
}  // namespace sanplane::gateway
