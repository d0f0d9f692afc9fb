#pragma once
// SessionStore in Redis: `session:<sha256(token)>` -> user id, with a TTL, and per user the set
// `user-sessions:<user id>` of those digests, so all sessions of one account can be ended at once.
// Only the digest is stored, so a copy of Redis does not hand out valid session cookies.

#include <chrono>
#include <string>
#include <string_view>

#include "common/redis_pool.hpp"
#include "store.hpp"

namespace sanplane::identity {

class RedisSessionStore final : public SessionStore {
 public:
  RedisSessionStore(common::RedisPool& redis, std::chrono::seconds ttl);

  NewSession Create(int64_t user_id) override;
  /// Keeps `token` -> `user_id` for this store's TTL (a session another store created).
  void Remember(std::string_view token, int64_t user_id);
  std::optional<int64_t> FindUser(std::string_view token) override;
  void Delete(std::string_view token) override;
  void EndOtherSessions(int64_t user_id, std::string_view keep_token) override;

  static std::string KeyFor(std::string_view token);
  static std::string UserSessionsKey(int64_t user_id);

 private:
  common::RedisPool& redis_;
  std::chrono::seconds ttl_;
};

}  // namespace sanplane::identity
