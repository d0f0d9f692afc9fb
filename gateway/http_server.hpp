#pragma once
// HTTP/1.1 server on Boost.Beast: one strand per connection, keep-alive, body and header limits,
// read and write timeouts, TCP_NODELAY, and a graceful drain.

#include <atomic>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "http_types.hpp"

namespace sanplane::gateway {

struct HttpLimits {
  uint64_t body_bytes = 1 << 20;
  uint32_t header_bytes = 16 * 1024;
  std::chrono::milliseconds read_timeout{30000};
  std::chrono::milliseconds write_timeout{30000};
};

class HttpServer {
 public:
  /// Called on the connection's strand; must not block. It completes the request through the
  /// Responder, from any thread.
  using Handler = std::function<void(std::shared_ptr<const HttpRequest>, Responder)>;

  HttpServer(boost::asio::io_context& io, const std::string& address, uint16_t port,
             HttpLimits limits, Handler handler);
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

  boost::asio::io_context& io_;
  boost::asio::ip::tcp::acceptor acceptor_;
  HttpLimits limits_;
  Handler handler_;
  std::shared_ptr<std::atomic<bool>> draining_ = std::make_shared<std::atomic<bool>>(false);
  std::shared_ptr<std::atomic<int64_t>> in_flight_ = std::make_shared<std::atomic<int64_t>>(0);
};

}  // namespace sanplane::gateway
