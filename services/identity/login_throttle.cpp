#include "login_throttle.hpp"

#include <charconv>

#include "common/errors.hpp"

namespace sanplane::identity {

LoginThrottle::LoginThrottle(common::RedisPool& redis, int max_failures,
                             std::chrono::seconds window)
    : redis_(redis), max_failures_(max_failures), window_(window) {}

std::string LoginThrottle::KeyFor(std::string_view username) {
  std::string key = "login-failures:";
  key.reserve(key.size() + username.size());
  for (char c : username) {
    key.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return key;
}

void LoginThrottle::CheckAllowed(std::string_view username) {
  const common::RedisReply reply = redis_.Command({"GET", KeyFor(username)});
  if (!reply || reply->type != REDIS_REPLY_STRING) {
    return;
  }
  int failures = 0;
  const char* end = reply->str + reply->len;
  std::from_chars(reply->str, end, failures);
  if (failures >= max_failures_) {
    throw common::Error(common::ErrorKind::kResourceExhausted,
                        "Too many failed login attempts. Try again later.");
  }
}

void LoginThrottle::RecordFailure(std::string_view username) {
  const std::string key = KeyFor(username);
  // One round trip. The window restarts with every counted failure; attempts refused by
  // CheckAllowed are not counted, so a locked username unlocks `window` after its last failure.
  redis_.Pipeline({{"INCR", key}, {"EXPIRE", key, std::to_string(window_.count())}});
}

void LoginThrottle::Reset(std::string_view username) { redis_.Command({"DEL", KeyFor(username)}); }

}  // namespace sanplane::identity
