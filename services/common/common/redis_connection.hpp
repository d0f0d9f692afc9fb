#pragma once
// One connection to Redis, in plain TCP or in TLS. hiredis 0.14 (Debian 12) speaks only plain TCP,
// so the socket and its TLS session are ours (OpenSSL) and hiredis is used for what it does well:
// encoding commands and parsing replies (its reader). Both kinds share every line but the bytes'
// transport, so the plain path the tests run is the TLS path minus encryption.

#include <hiredis/hiredis.h>

#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace sanplane::common {

struct RedisReplyDeleter {
  void operator()(redisReply* reply) const { freeReplyObject(reply); }
};
using RedisReply = std::unique_ptr<redisReply, RedisReplyDeleter>;

/// How to reach Redis over TLS. The server's certificate must chain to `ca_file` and name
/// `server_name` (a DNS name or an IP address; empty: the host of the Redis address), as
/// PostgreSQL's `sslmode=verify-full` checks: encryption without verification would let anyone on
/// the path read the sessions it carries.
struct RedisTlsSettings {
  bool enabled = false;
  std::string ca_file;
  std::string server_name;
};

/// Any failure to reach, talk to or understand Redis: the connection is unusable afterwards.
class RedisIoError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// The TLS client configuration every connection of a pool shares, loaded once: a bad CA file
/// stops the service at start, not at its first command.
class RedisTlsContext {
 public:
  /// Throws std::invalid_argument naming the file when the CA cannot be loaded.
  explicit RedisTlsContext(const RedisTlsSettings& settings);
  ~RedisTlsContext();
  RedisTlsContext(const RedisTlsContext&) = delete;
  RedisTlsContext& operator=(const RedisTlsContext&) = delete;

 private:
  friend class RedisConnection;
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

class RedisConnection {
 public:
  /// Connects to host:port within `timeout` and, with `tls`, completes a verified handshake
  /// (the name checked is `tls_server_name`, or `host` when empty). Throws RedisIoError.
  static std::unique_ptr<RedisConnection> Open(const std::string& host, int port,
                                               std::chrono::milliseconds timeout,
                                               const RedisTlsContext* tls,
                                               const std::string& tls_server_name);
  ~RedisConnection();
  RedisConnection(const RedisConnection&) = delete;
  RedisConnection& operator=(const RedisConnection&) = delete;

  /// Bounds each later send and receive (a positive duration).
  void SetTimeout(std::chrono::milliseconds timeout);
  /// Writes every command (one round trip for all of them). Throws RedisIoError.
  void Send(const std::vector<std::vector<std::string>>& commands);
  /// Reads the next reply, error replies included. Throws RedisIoError.
  RedisReply ReadReply();

 private:
  struct Impl;
  explicit RedisConnection(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sanplane::common
