#include "cached_session_store.hpp"

#include <gtest/gtest.h>

#include "common/redis_pool.hpp"
#include "fake_identity_stores.hpp"

namespace sanplane::identity {
namespace {

using namespace std::chrono_literals;
using testing::FakeSessionStore;

// A Redis nothing listens on: every cache operation fails as it does during an outage.
struct RedisDown {
  common::RedisPool pool{"127.0.0.1:1", 1, 200ms, {}};
  RedisSessionStore cache{pool, 30s};
};

TEST(CachedSessionStore, WithRedisDownSessionsAreCreatedFoundAndEndedInTheDurableStore) {
  FakeSessionStore durable;
  RedisDown redis;
  CachedSessionStore sessions(durable, redis.cache);

  const auto alice = sessions.Create(7);
  const auto alice_elsewhere = sessions.Create(7);
  const auto bob = sessions.Create(8);
  EXPECT_EQ(sessions.FindUser(alice.token), 7);
  EXPECT_EQ(durable.FindUser(alice.token), 7);

  sessions.EndOtherSessions(7, alice.token);
  EXPECT_EQ(sessions.FindUser(alice.token), 7);
  EXPECT_EQ(sessions.FindUser(alice_elsewhere.token), std::nullopt);
  EXPECT_EQ(sessions.FindUser(bob.token), 8);

  sessions.Delete(bob.token);
  EXPECT_EQ(sessions.FindUser(bob.token), std::nullopt);
  EXPECT_EQ(durable.FindUser(bob.token), std::nullopt);
}

TEST(CachedSessionStore, AnUnknownTokenIsNobodysWhateverTheCacheSays) {
  FakeSessionStore durable;
  RedisDown redis;
  CachedSessionStore sessions(durable, redis.cache);
  EXPECT_EQ(sessions.FindUser(std::string(64, 'a')), std::nullopt);
  EXPECT_EQ(sessions.FindUser("not-a-token"), std::nullopt);
}

}  // namespace
}  // namespace sanplane::identity
