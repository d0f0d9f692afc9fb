#pragma once
// Login sessions in Redis: `session:<sha256(token)>` -> user id, with a TTL. Only the digest is
// stored, so a copy of Redis does not hand out valid session cookies.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/redis_pool.hpp"

namespace sanplane::identity {

class SessionStore {
 public:
  struct NewSession {
    std::string token;       // for the `sessionid` cookie
    std::string csrf_token;  // for the `csrftoken` cookie (double submit; not stored)
  };

  SessionStore(common::RedisPool& redis, std::chrono::seconds ttl);

  NewSession Create(int64_t user_id);
  /// The user of a live session, nullopt when the token is unknown, expired or malformed.
  std::optional<int64_t> FindUser(std::string_view token);
  /// Ends the session at once; unknown tokens are ignored.
  void Delete(std::string_view token);

  static std::string KeyFor(std::string_view token);

 private:
  common::RedisPool& redis_;
  std::chrono::seconds ttl_;
};

}  // namespace sanplane::identity
