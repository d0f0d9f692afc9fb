#pragma once
// A bounded pool of Redis connections (plain or TLS). Any I/O or protocol error drops the
// connection; the next command reconnects, so a restarted Redis is picked up without restarting
// the service.

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "common/pool_metrics.hpp"
#include "common/redis_connection.hpp"

namespace sanplane::common {

/// Who the pool signs in to Redis as (AUTH on every new connection). An empty password sends no
/// AUTH; an empty username with a password authenticates as Redis's `default` user
/// (`requirepass`); both name an ACL user.
struct RedisCredentials {
  std::string username;
  std::string password;
};

class RedisPool {
 public:
  /// `address` "host:port". `timeout` bounds connect and each command. A TLS CA that cannot be
  /// loaded throws std::invalid_argument.
  RedisPool(std::string address, int size, std::chrono::milliseconds timeout,
            RedisCredentials credentials = {}, const RedisTlsSettings& tls = {});
  ~RedisPool();

  /// One command, e.g. {"SET", key, value, "EX", "300"}. Connection or I/O failure throws
  /// Error(kUnavailable, "Presence store (Redis) is unavailable." style message given at
  /// construction); a REDIS_REPLY_ERROR reply throws Error(kInternal).
  RedisReply Command(const std::vector<std::string>& args);
  /// Several commands in one round trip; replies in order. Same failure rules.
  std::vector<RedisReply> Pipeline(const std::vector<std::vector<std::string>>& commands);

  /// The message of the kUnavailable error (default "Redis is unavailable.").
  void set_unavailable_message(std::string message) { unavailable_message_ = std::move(message); }

 private:
  using Context = std::unique_ptr<RedisConnection>;
  /// `reused`: the connection came from the idle list (it may be stale).
  Context Acquire(bool* reused);
  void UseRemainingBudget(RedisConnection& connection) const;
  /// Sends AUTH on a new connection when credentials are set; a refusal drops it and throws.
  void Authenticate(Context& context);
  /// Drops `context` and every idle connection.
  void DiscardAll(Context context);
  /// Returns a healthy connection to the pool; nullptr frees the slot of a dropped one.
  void Release(Context context);
  /// Drops the connection and throws Error(kUnavailable).
  [[noreturn]] void Fail(Context context, const std::string& detail);
  /// Throws Error(kInternal) when the reply is a Redis error.
  void ThrowIfErrorReply(const redisReply& reply) const;

  std::string host_;
  int port_;
  int size_;
  std::chrono::milliseconds timeout_;
  RedisCredentials credentials_;
  /// Null for plain TCP.
  std::unique_ptr<RedisTlsContext> tls_;
  std::string tls_server_name_;
  std::string unavailable_message_ = "Redis is unavailable.";
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<Context> idle_;
  int in_use_ = 0;
  PoolMetrics metrics_;
};

}  // namespace sanplane::common
