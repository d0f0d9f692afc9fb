#include "login_throttle.hpp"

#include <prometheus/counter.h>

#include <boost/json/object.hpp>

#include "common/errors.hpp"
#include "common/metrics.hpp"

namespace sanplane::identity {

namespace {

// KEYS: the pair's wait, the address's minute counter. ARGV: the address's limit.
// Returns the milliseconds still to wait (0: go ahead).
constexpr char kCheckScript[] = R"lua(
local wait = redis.call('PTTL', KEYS[1])
local address_failures = tonumber(redis.call('GET', KEYS[2]) or '0')
if address_failures >= tonumber(ARGV[1]) then
  wait = math.max(wait, redis.call('PTTL', KEYS[2]))
end
return math.max(wait, 0)
)lua";

// KEYS: the pair's counter, the pair's wait, the address's minute counter.
// ARGV: failure memory (s), free failures, first delay (ms), max delay (ms). The doubling stops
// at 2^40 so a long streak stays a finite number.
constexpr char kRecordScript[] = R"lua(
local failures = redis.call('INCR', KEYS[1])
redis.call('EXPIRE', KEYS[1], ARGV[1])
local free = tonumber(ARGV[2])
if failures > free then
  local delay = math.min(tonumber(ARGV[3]) * 2 ^ math.min(failures - free - 1, 40), tonumber(ARGV[4]))
  redis.call('SET', KEYS[2], '1', 'PX', string.format('%d', delay))
end
if redis.call('INCR', KEYS[3]) == 1 then
  redis.call('EXPIRE', KEYS[3], 60)
end
return failures
)lua";

std::string Lower(std::string_view text) {
  std::string lower;
  lower.reserve(text.size());
  for (char c : text) {
    lower.push_back((c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c);
  }
  return lower;
}

std::string AddressOrUnknown(std::string_view client_address) {
  return client_address.empty() ? std::string("unknown") : std::string(client_address);
}

prometheus::Family<prometheus::Counter>& LoginFailures() {
  static prometheus::Family<prometheus::Counter>& family =
      prometheus::BuildCounter()
          .Name("sanplane_login_failures_total")
          .Help("Refused sign-ins and password checks, by reason (bad_password|throttled).")
          .Register(*common::Metrics::Get().registry());
  return family;
}

}  // namespace

LoginThrottle::LoginThrottle(common::RedisPool& redis, LoginThrottleRules rules)
    : redis_(redis), rules_(rules) {}

std::string LoginThrottle::PairKey(std::string_view username, std::string_view client_address) {
  // The address first: it holds no space, so the key splits one way only, whatever the username.
  return "login-failures:" + AddressOrUnknown(client_address) + " " + Lower(username);
}

std::string LoginThrottle::AddressKey(std::string_view client_address) {
  return "login-failures-per-minute:" + AddressOrUnknown(client_address);
}

void LoginThrottle::CheckAllowed(std::string_view username, std::string_view client_address) {
  const common::RedisReply reply = redis_.Command(
      {"EVAL", kCheckScript, "2", PairKey(username, client_address) + ":wait",
       AddressKey(client_address), std::to_string(rules_.address_failures_per_minute)});
  const long long wait_ms = reply && reply->type == REDIS_REPLY_INTEGER ? reply->integer : 0;
  if (wait_ms <= 0) {
    return;
  }
  LoginFailures().Add({{"reason", "throttled"}}).Increment();
  const int64_t retry_after = (wait_ms + 999) / 1000;
  constexpr char kMessage[] = "Too many failed login attempts. Try again later.";
  common::v1::ErrorDetails details;
  details.mutable_retry_after()->set_seconds(retry_after);
  throw common::Error(common::ErrorKind::kResourceExhausted, kMessage, std::move(details));
}

void LoginThrottle::RecordFailure(std::string_view username, std::string_view client_address) {
  LoginFailures().Add({{"reason", "bad_password"}}).Increment();
  const std::string pair = PairKey(username, client_address);
  redis_.Command({"EVAL", kRecordScript, "3", pair, pair + ":wait", AddressKey(client_address),
                  std::to_string(rules_.failure_memory.count()),
                  std::to_string(rules_.free_failures), std::to_string(rules_.first_delay.count()),
                  std::to_string(rules_.max_delay.count())});
}

void LoginThrottle::Reset(std::string_view username, std::string_view client_address) {
  const std::string pair = PairKey(username, client_address);
  redis_.Command({"DEL", pair, pair + ":wait"});
}

}  // namespace sanplane::identity
