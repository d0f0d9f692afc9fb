#pragma once
// Sessions kept durably in one store and cached in Redis: a lookup asks Redis first and the
// durable store on a miss or when Redis is down, so a Redis outage or restart signs nobody out and
// only the requests that need Redis themselves (presence, sign-in throttling) wait for it. Every
// change goes to the durable store first; the cache follows when it can. A cached entry lives
// `cache_ttl` at most, which bounds how long a session ended while Redis was down can still be
// found in a Redis that comes back with its old data.

#include "redis_session_store.hpp"
#include "store.hpp"

namespace sanplane::identity {

class CachedSessionStore final : public SessionStore {
 public:
  /// `cache` holds its entries for its own (short) TTL.
  CachedSessionStore(SessionStore& durable, RedisSessionStore& cache);

  NewSession Create(int64_t user_id) override;
  std::optional<int64_t> FindUser(std::string_view token) override;
  void Delete(std::string_view token) override;
  void EndOtherSessions(int64_t user_id, std::string_view keep_token) override;

 private:
  SessionStore& durable_;
  RedisSessionStore& cache_;
};

}  // namespace sanplane::identity
