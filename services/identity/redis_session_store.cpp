#include "redis_session_store.hpp"

#include <charconv>

#include "common/log.hpp"
#include "tokens.hpp"

namespace sanplane::identity {

RedisSessionStore::RedisSessionStore(common::RedisPool& redis, std::chrono::seconds ttl)
    : redis_(redis), ttl_(ttl) {}

std::string RedisSessionStore::KeyFor(std::string_view token) {
  return "session:" + Sha256Hex(token);
}

SessionStore::NewSession RedisSessionStore::Create(int64_t user_id) {
  NewSession session{RandomHexToken(), RandomHexToken()};
  redis_.Command(
      {"SET", KeyFor(session.token), std::to_string(user_id), "EX", std::to_string(ttl_.count())});
  return session;
}

std::optional<int64_t> RedisSessionStore::FindUser(std::string_view token) {
  if (!IsWellFormedToken(token)) {
    return std::nullopt;
  }
  const common::RedisReply reply = redis_.Command({"GET", KeyFor(token)});
  if (!reply || reply->type != REDIS_REPLY_STRING) {
    return std::nullopt;
  }
  int64_t user_id = 0;
  const char* end = reply->str + reply->len;
  const auto [parsed_end, error] = std::from_chars(reply->str, end, user_id);
  if (error != std::errc() || parsed_end != end) {
    // Only this service writes these keys; a foreign value is worth a line, not a login.
    common::log::Warn("ignoring malformed session value");
    return std::nullopt;
  }
  return user_id;
}

void RedisSessionStore::Delete(std::string_view token) {
  if (!IsWellFormedToken(token)) {
    return;
  }
  redis_.Command({"DEL", KeyFor(token)});
}

}  // namespace sanplane::identity
