#pragma once
// SessionStore in Redis: `session:<sha256(token)>` -> user id, with a TTL. Only the digest is
// stored, so a copy of Redis does not hand out valid session cookies.

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
  std::optional<int64_t> FindUser(std::string_view token) override;
  void Delete(std::string_view token) override;

  static std::string KeyFor(std::string_view token);

 private:
  common::RedisPool& redis_;
  std::chrono::seconds ttl_;
};

}  // namespace sanplane::identity
