#include "redis_store.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <optional>
#include <random>
#include <string>

#include "store_env.hpp"

namespace sanplane::presence {
namespace {

using namespace std::chrono_literals;

class RedisPresenceStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    address_ = common::testing::RedisAddr();
    SANPLANE_REQUIRE_STORE(address_, "SANPLANE_TEST_REDIS_ADDR");
    pool_.emplace(address_, 2, 1s,
                  common::RedisCredentials{common::testing::RedisUsername(),
                                           common::testing::RedisPassword()},
                  common::testing::RedisTls());
    // Ids no other run uses: the index is one shared sorted set.
    first_id_ = static_cast<int64_t>(std::random_device{}() % 1'000'000'000) + 1'000'000'000;
  }

  std::string Get(const std::string& key) {
    common::RedisReply reply = pool_->Command({"GET", key});
    return reply->type == REDIS_REPLY_STRING ? std::string(reply->str, reply->len) : "";
  }

  std::string address_;
  std::optional<common::RedisPool> pool_;
  int64_t first_id_ = 0;
};

TEST_F(RedisPresenceStoreTest, SeveralHeartbeatsInOneRoundTripAreEachRecorded) {
  RedisPresenceStore store(*pool_);
  // Now, in whole milliseconds, as the service records it; each user a millisecond apart.
  const int64_t now = std::chrono::duration_cast<std::chrono::milliseconds>(
                          std::chrono::system_clock::now().time_since_epoch())
                          .count() *
                      1000;
  store.RecordHeartbeats(
      {{first_id_, now, 60}, {first_id_ + 1, now + 1000, 60}, {first_id_ + 2, now + 2000, 60}});

  for (int64_t i = 0; i < 3; ++i) {
    EXPECT_EQ(Get("presence:user:" + std::to_string(first_id_ + i)),
              std::to_string(now + i * 1000));
    common::RedisReply ttl =
        pool_->Command({"TTL", "presence:user:" + std::to_string(first_id_ + i)});
    EXPECT_GT(ttl->integer, 0);
    EXPECT_LE(ttl->integer, 60);
  }
  std::vector<Activity> active = store.ActiveSince(now);
  std::erase_if(active, [this](const Activity& a) {
    return a.user_id < first_id_ || a.user_id > first_id_ + 2;
  });
  ASSERT_EQ(active.size(), 3u);
  // Most recent first, each at its own time.
  for (int64_t i = 0; i < 3; ++i) {
    EXPECT_EQ(active[static_cast<size_t>(i)].user_id, first_id_ + 2 - i);
    EXPECT_EQ(active[static_cast<size_t>(i)].last_activity_micros, now + (2 - i) * 1000);
  }
}

}  // namespace
}  // namespace sanplane::presence
