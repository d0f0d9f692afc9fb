#pragma once
// HTTP/1.1 server on Boost.Beast: one strand per connection, keep-alive, body and header limits,
// read and write timeouts, TCP_NODELAY, and a graceful drain. It is also the edge's first defence:
// connection caps (total and per client address), a request rate per address, strict framing
// (no request smuggling), and a look at every request's header before any of its body is read.

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/steady_timer.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "connection_limits.hpp"
#include "http_types.hpp"
#include "rate_limiter.hpp"

namespace sanplane::gateway {

struct HttpLimits {
  uint64_t body_bytes = 1 << 20;
  // What the parser allows while a header is read: the largest body any route takes. The screen
  // then sets the limit of the request's route before the body is read.
  uint64_t largest_body_bytes = 1 << 20;
  uint32_t header_bytes = 16 * 1024;
  std::chrono::milliseconds read_timeout{30000};
  std::chrono::milliseconds write_timeout{30000};
  // Longer request targets are answered 414: no route or file has a name anywhere near this long.
  uint32_t target_bytes = 8 * 1024;
  uint32_t max_connections = 10000;
  uint32_t max_connections_per_address = 256;
  double requests_per_second_per_address = 200;
  double request_burst_per_address = 400;
  // A streamed response (Server-Sent Events) drops its client when this much is queued unread.
  uint64_t stream_queue_bytes = 256 * 1024;
  // The kernel's send buffer of a streamed response, fixed rather than autotuned (up to 4 MiB per
  // connection): events are small, and a client that stops reading should reach the bound above
  // after a few hundred KiB, not after megabytes held per stream in the kernel.
  int stream_socket_send_bytes = 64 * 1024;
};

/// Headers every answer carries, whoever produced it (e.g. the security headers).
using ResponseHeaders = std::vector<std::pair<std::string, std::string>>;

class HttpServer {
 public:
  /// Called on the connection's strand; must not block. It completes the request through the
  /// Responder, from any thread.
  /// It may instead open a stream through the StreamResponder (one or the other, once).
  using Handler =
      std::function<void(std::shared_ptr<const HttpRequest>, Responder, StreamResponder)>;
  /// Sees a request that has a body when only its header has been read, and completes it exactly
  /// once, from any thread: through the Responder when it is refused (the body is never read), or
  /// by calling `read_body` to read the body (at most `body_limit` bytes) and hand the whole
  /// request to the Handler.
  using HeaderScreen = std::function<void(std::shared_ptr<const HttpRequest> header, Responder,
                                          std::function<void(uint64_t body_limit)> read_body)>;

  HttpServer(boost::asio::io_context& io, const std::string& address, uint16_t port,
             HttpLimits limits, ResponseHeaders response_headers, HeaderScreen screen,
             Handler handler);
  ~HttpServer();

  void Start();
  uint16_t port() const;
  /// Stops accepting; connections close after their current response.
  void StopAccepting();
  bool draining() const { return draining_->load(); }
  /// Requests read but not yet answered.
  int64_t in_flight() const { return in_flight_->load(); }

 private:
  void Accept();
  void OnAccept(boost::system::error_code ec, boost::asio::ip::tcp::socket socket);
  void AcceptAfterBackoff();

  boost::asio::io_context& io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  // Waits out a shortage of file descriptors instead of retrying accept in a busy loop.
  boost::asio::steady_timer accept_backoff_;
  std::chrono::milliseconds backoff_{0};
  HttpLimits limits_;
  ResponseHeaders response_headers_;
  HeaderScreen screen_;
  Handler handler_;
  std::shared_ptr<ConnectionLimits> connections_;
  RateLimiter rate_limiter_;
  std::shared_ptr<std::atomic<bool>> draining_ = std::make_shared<std::atomic<bool>>(false);
  std::shared_ptr<std::atomic<int64_t>> in_flight_ = std::make_shared<std::atomic<int64_t>>(0);
};

}  // namespace sanplane::gateway
