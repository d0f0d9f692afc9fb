#include "redis_session_store.hpp"

#include <charconv>

#include "common/log.hpp"
#include "tokens.hpp"

namespace sanplane::identity {

namespace {

constexpr char kSessionPrefix[] = "session:";

// KEYS: the user's set of session digests. ARGV: the session prefix, the digest to keep (may be
// empty). One script, so a session created meanwhile is either ended or left whole.
constexpr char kEndOtherSessionsScript[] = R"lua(
for _, digest in ipairs(redis.call('SMEMBERS', KEYS[1])) do
  if digest ~= ARGV[2] then
    redis.call('DEL', ARGV[1] .. digest)
    redis.call('SREM', KEYS[1], digest)
  end
end
return 0
)lua";

}  // namespace

RedisSessionStore::RedisSessionStore(common::RedisPool& redis, std::chrono::seconds ttl)
    : redis_(redis), ttl_(ttl) {}

std::string RedisSessionStore::KeyFor(std::string_view token) {
  return kSessionPrefix + Sha256Hex(token);
}

std::string RedisSessionStore::UserSessionsKey(int64_t user_id) {
  return "user-sessions:" + std::to_string(user_id);
}

SessionStore::NewSession RedisSessionStore::Create(int64_t user_id) {
  NewSession session{RandomHexToken(), RandomHexToken()};
  Remember(session.token, user_id);
  return session;
}

void RedisSessionStore::Remember(std::string_view token, int64_t user_id) {
  const std::string ttl = std::to_string(ttl_.count());
  const std::string user_sessions = UserSessionsKey(user_id);
  // Entries never outlive their TTL and the newest one is the longest-lived, so the set may
  // expire with it; digests of sessions that ended earlier are dropped when the set is next used.
  redis_.Pipeline({{"SET", KeyFor(token), std::to_string(user_id), "EX", ttl},
                   {"SADD", user_sessions, Sha256Hex(token)},
                   {"EXPIRE", user_sessions, ttl}});
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

void RedisSessionStore::EndOtherSessions(int64_t user_id, std::string_view keep_token) {
  const std::string keep = IsWellFormedToken(keep_token) ? Sha256Hex(keep_token) : std::string();
  redis_.Command(
      {"EVAL", kEndOtherSessionsScript, "1", UserSessionsKey(user_id), kSessionPrefix, keep});
}

}  // namespace sanplane::identity
