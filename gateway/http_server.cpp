#include "http_server.hpp"

#include <algorithm>
#include <array>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cerrno>
#include <deque>
#include <optional>
#include <sstream>

#include "client_address.hpp"
#include "common/log.hpp"
#include "http_errors.hpp"
#include "request_framing.hpp"

namespace sanplane::gateway {

namespace beast = boost::beast;
namespace http = beast::http;
namespace net = boost::asio;
using tcp = net::ip::tcp;

namespace {

class Connection;

/// The StreamSink of a connection: counts what is queued (the bound is checked on the caller's
/// thread, before anything is posted) and hands the bytes to the connection's strand.
class ConnectionSink final : public StreamSink {
 public:
  ConnectionSink(std::weak_ptr<Connection> connection, uint64_t bound)
      : connection_(std::move(connection)), bound_(bound) {}
  bool Send(std::shared_ptr<const std::string> bytes) override;
  void Close() override;
  bool closed() const override { return closed_.load(); }
  void MarkClosed() { closed_.store(true); }
  void Written(uint64_t bytes) { queued_ -= bytes; }

 private:
  std::weak_ptr<Connection> connection_;
  const uint64_t bound_;
  std::atomic<uint64_t> queued_{0};
  std::atomic<bool> closed_{false};
};

class Connection : public std::enable_shared_from_this<Connection> {
 public:
  Connection(tcp::socket socket, std::string client_address,
             std::unique_ptr<ConnectionLimits::Slot> slot, const HttpLimits& limits,
             const ResponseHeaders& response_headers, const HttpServer::HeaderScreen& screen,
             const HttpServer::Handler& handler, RateLimiter& rate_limiter,
             std::shared_ptr<std::atomic<bool>> draining,
             std::shared_ptr<std::atomic<int64_t>> in_flight)
      : stream_(std::move(socket)),
        client_address_(std::move(client_address)),
        slot_(std::move(slot)),
        limits_(limits),
        response_headers_(response_headers),
        screen_(screen),
        handler_(handler),
        rate_limiter_(rate_limiter),
        draining_(std::move(draining)),
        in_flight_(std::move(in_flight)) {}

  auto executor() { return stream_.get_executor(); }

  void Run() {
    // All I/O of this connection runs on its strand.
    net::dispatch(stream_.get_executor(),
                  beast::bind_front_handler(&Connection::Read, shared_from_this()));
  }

 private:
  void Read() {
    body_limit_ = limits_.body_bytes;
    parser_.emplace();  // a fresh parser (and fresh limits) per request
    parser_->body_limit(std::max(limits_.body_bytes, limits_.largest_body_bytes));
    parser_->header_limit(limits_.header_bytes);
    stream_.expires_after(limits_.read_timeout);
    http::async_read_header(stream_, buffer_, *parser_,
                            beast::bind_front_handler(&Connection::OnHeader, shared_from_this()));
  }

  // Everything that can refuse a request is decided here, from the header alone: a body is read
  // only for a request that will be served.
  void OnHeader(beast::error_code ec, size_t bytes) {
    if (ec) return OnRead(ec, bytes);
    const HttpRequest& header = parser_->get();
    if (std::optional<ErrorReply> refusal = CheckFraming(header, limits_.target_bytes)) {
      return AnswerAndClose(ErrorResponse(UnreadRequest(), *refusal));
    }
    if (auto retry_after = rate_limiter_.Take(client_address_)) {
      HttpResponse response =
          ErrorResponse(UnreadRequest(), http_errors::TooManyRequests(retry_after->count()));
      response.set(http::field::retry_after, std::to_string(retry_after->count()));
      return AnswerAndClose(std::move(response));
    }
    if (parser_->is_done()) return OnRead(ec, bytes);
    auto request = std::make_shared<const HttpRequest>(header);
    auto self = shared_from_this();
    screen_(
        request,
        [self](HttpResponse response, std::string_view) {
          net::post(self->stream_.get_executor(), [self, response = std::move(response)]() mutable {
            self->AnswerAndClose(std::move(response));
          });
        },
        [self](uint64_t body_limit) {
          net::post(self->stream_.get_executor(), [self, body_limit] {
            self->parser_->body_limit(body_limit);
            self->body_limit_ = body_limit;
            self->StartBody();
          });
        });
  }

  void StartBody() {
    // A client that sent `Expect: 100-continue` waits for our go-ahead before sending the body
    // (curl does for bodies over 1 KiB); without it, every such request would stall for a second.
    const HttpRequest& header = parser_->get();
    auto expect = header.find(http::field::expect);
    if (expect != header.end() && beast::iequals(expect->value(), "100-continue")) {
      auto go_ahead =
          std::make_shared<http::response<http::empty_body>>(http::status::continue_, 11);
      return http::async_write(stream_, *go_ahead,
                               [self = shared_from_this(), go_ahead](beast::error_code ec, size_t) {
                                 if (ec) return self->Close();
                                 self->ReadBody();
                               });
    }
    ReadBody();
  }

  void ReadBody() {
    http::async_read(stream_, buffer_, *parser_,
                     beast::bind_front_handler(&Connection::OnRead, shared_from_this()));
  }

  void OnRead(beast::error_code ec, size_t) {
    if (ec == http::error::end_of_stream || ec == beast::error::timeout ||
        ec == net::error::operation_aborted || ec == net::error::connection_reset ||
        ec == net::error::eof) {
      return Close();
    }
    if (ec) {
      // The request cannot be read to its end, so answer and close the connection.
      ErrorReply reply = http_errors::MalformedRequest();
      if (ec == http::error::body_limit) {
        reply = http_errors::BodyTooLarge(body_limit_);
      } else if (ec == http::error::header_limit) {
        reply = http_errors::HeadersTooLarge();
      }
      return AnswerAndClose(ErrorResponse(UnreadRequest(), reply));
    }
    HttpRequest received = parser_->release();
    // Replaces any such header the client sent: only this line may claim where a request came from
    // (the address the connection was accepted from, as the connection limits counted it).
    received.set(kPeerAddressHeader, client_address_);
    auto request = std::make_shared<const HttpRequest>(std::move(received));
    ++*in_flight_;
    auto self = shared_from_this();
    handler_(
        request,
        [self](HttpResponse response, std::string_view) {
          net::post(self->stream_.get_executor(), [self, response = std::move(response)]() mutable {
            self->Write(std::move(response));
          });
        },
        [self](HttpResponse header, std::string_view, StreamCallbacks callbacks) {
          net::post(self->stream_.get_executor(),
                    [self, header = std::move(header), callbacks = std::move(callbacks)]() mutable {
                      self->StartStream(std::move(header), std::move(callbacks));
                    });
        });
  }

 public:
  // ---- A streamed response: everything below runs on the strand. ----

  void EnqueueStreamBytes(std::shared_ptr<const std::string> bytes) {
    if (stream_ended_) return sink_->Written(bytes->size());
    outbox_.push_back(std::move(bytes));
    if (!writing_) WriteStream();
  }

  /// Ends the stream once what is queued is written.
  void FinishStream() {
    close_after_flush_ = true;
    if (!writing_) EndStream(false);
  }

  /// Ends it now; `dropped_as_slow` when the client did not read what it was sent.
  void EndStream(bool dropped_as_slow) {
    if (stream_ended_) return;
    stream_ended_ = true;
    sink_->MarkClosed();
    for (const auto& bytes : outbox_) sink_->Written(bytes->size());
    outbox_.clear();
    Close();
    if (auto closed = std::move(stream_callbacks_.closed)) closed(dropped_as_slow);
  }

 private:
  void StartStream(HttpResponse header, StreamCallbacks callbacks) {
    --*in_flight_;  // answered: a drain need not wait for the stream (its owner closes it)
    for (const auto& [name, value] : response_headers_) header.set(name, value);
    // The body runs until the connection closes: no length, and nothing follows it.
    header.keep_alive(false);
    header.erase(http::field::content_length);
    header.body().clear();
    std::ostringstream text;
    text << header.base();
    stream_callbacks_ = std::move(callbacks);
    sink_ = std::make_shared<ConnectionSink>(weak_from_this(), limits_.stream_queue_bytes);
    beast::error_code ignored;  // a socket that refuses the size keeps its own: still bounded
    stream_.socket().set_option(
        net::socket_base::send_buffer_size(limits_.stream_socket_send_bytes), ignored);
    // Idle is normal for a stream: only a write that does not finish in time drops it.
    stream_.expires_never();
    buffer_.clear();
    buffer_.shrink_to_fit();
    parser_.reset();
    WatchForHangUp();
    sink_->Send(std::make_shared<const std::string>(text.str()));
    if (stream_callbacks_.opened) stream_callbacks_.opened(sink_);
  }

  // The client sends nothing more; a read that ends tells that it left.
  void WatchForHangUp() {
    stream_.socket().async_read_some(net::buffer(hang_up_probe_),
                                     [self = shared_from_this()](beast::error_code ec, size_t) {
                                       if (ec) return self->EndStream(false);
                                       self->WatchForHangUp();
                                     });
  }

  void WriteStream() {
    writing_ = true;
    stream_.expires_after(limits_.write_timeout);
    net::async_write(
        stream_, net::buffer(*outbox_.front()),
        [self = shared_from_this()](beast::error_code ec, size_t) { self->OnStreamWrite(ec); });
  }

  void OnStreamWrite(beast::error_code ec) {
    writing_ = false;
    if (stream_ended_) return;
    sink_->Written(outbox_.front()->size());
    outbox_.pop_front();
    if (ec) return EndStream(ec == beast::error::timeout);
    if (!outbox_.empty()) return WriteStream();
    stream_.expires_never();
    if (close_after_flush_) EndStream(false);
  }

  // What an answer given before the request was read in full is shaped for: HTTP/1.1, and the
  // connection closes after it.
  static HttpRequest UnreadRequest() {
    HttpRequest request;
    request.version(11);
    request.keep_alive(false);
    return request;
  }

  // For a request whose body (and whatever follows it) will not be read: nothing more on this
  // connection can be trusted to start where we think, so it ends after this answer.
  void AnswerAndClose(HttpResponse response) {
    response.keep_alive(false);
    ++*in_flight_;
    linger_after_write_ = true;
    Write(std::move(response));
  }

  void Write(HttpResponse response) {
    if (draining_->load()) response.keep_alive(false);
    for (const auto& [name, value] : response_headers_) response.set(name, value);
    response_ = std::make_shared<HttpResponse>(std::move(response));
    stream_.expires_after(limits_.write_timeout);
    http::async_write(stream_, *response_,
                      beast::bind_front_handler(&Connection::OnWrite, shared_from_this()));
  }

  void OnWrite(beast::error_code ec, size_t) {
    --*in_flight_;
    const bool keep_alive = response_->keep_alive();
    response_.reset();
    if (!ec && linger_after_write_) return LingeringClose();
    if (ec || !keep_alive) return Close();
    Read();
  }

  // After answering a request whose body we refused to read, the client may still be sending it.
  // Closing at once would reset the connection and could destroy our answer before the client
  // reads it, so stop sending and discard input for a short while first.
  void LingeringClose() {
    discard_ = std::make_unique<std::array<char, 16384>>();
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(std::chrono::seconds(2));
    DiscardInput();
  }

  void DiscardInput() {
    stream_.async_read_some(net::buffer(*discard_),
                            [self = shared_from_this()](beast::error_code ec, size_t bytes) {
                              self->lingered_bytes_ += bytes;
                              if (ec || self->lingered_bytes_ > self->limits_.body_bytes * 4) {
                                return self->stream_.close();
                              }
                              self->DiscardInput();
                            });
  }

  void Close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.close();
  }

  beast::tcp_stream stream_;
  const std::string client_address_;
  std::unique_ptr<ConnectionLimits::Slot> slot_;  // freed when the connection is
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::shared_ptr<HttpResponse> response_;
  bool linger_after_write_ = false;
  uint64_t body_limit_ = 0;  // of the request being read (its route's)
  uint64_t lingered_bytes_ = 0;
  // Only while lingering: an idle connection (a stream above all) should not carry 16 KiB.
  std::unique_ptr<std::array<char, 16384>> discard_;
  // A streamed response's state.
  std::shared_ptr<ConnectionSink> sink_;
  StreamCallbacks stream_callbacks_;
  std::deque<std::shared_ptr<const std::string>> outbox_;
  bool writing_ = false;
  bool close_after_flush_ = false;
  bool stream_ended_ = false;
  std::array<char, 16> hang_up_probe_;
  const HttpLimits& limits_;
  const ResponseHeaders& response_headers_;
  const HttpServer::HeaderScreen& screen_;
  const HttpServer::Handler& handler_;
  RateLimiter& rate_limiter_;
  std::shared_ptr<std::atomic<bool>> draining_;
  std::shared_ptr<std::atomic<int64_t>> in_flight_;
};

bool ConnectionSink::Send(std::shared_ptr<const std::string> bytes) {
  if (closed_.load()) return false;
  auto connection = connection_.lock();
  if (!connection) return false;
  if (queued_.fetch_add(bytes->size()) + bytes->size() > bound_) {
    queued_ -= bytes->size();
    closed_.store(true);
    net::post(connection->executor(), [connection] { connection->EndStream(true); });
    return false;
  }
  net::post(connection->executor(), [connection, bytes = std::move(bytes)]() mutable {
    connection->EnqueueStreamBytes(std::move(bytes));
  });
  return true;
}

void ConnectionSink::Close() {
  if (closed_.exchange(true)) return;
  if (auto connection = connection_.lock()) {
    net::post(connection->executor(), [connection] { connection->FinishStream(); });
  }
}

bool IsOutOfDescriptors(const beast::error_code& ec) {
  return ec == net::error::no_descriptors ||
         (ec.category() == boost::system::system_category() && ec.value() == ENFILE);
}

constexpr std::chrono::milliseconds kFirstAcceptBackoff{50};
constexpr std::chrono::milliseconds kLongestAcceptBackoff{500};

}  // namespace

HttpServer::HttpServer(net::io_context& io, const std::string& address, uint16_t port,
                       HttpLimits limits, ResponseHeaders response_headers, HeaderScreen screen,
                       Handler handler)
    : io_(io),
      acceptor_(net::make_strand(io)),
      accept_backoff_(acceptor_.get_executor()),
      limits_(limits),
      response_headers_(std::move(response_headers)),
      screen_(std::move(screen)),
      handler_(std::move(handler)),
      connections_(
          ConnectionLimits::Create(limits.max_connections, limits.max_connections_per_address)),
      rate_limiter_(limits.requests_per_second_per_address, limits.request_burst_per_address) {
  const tcp::endpoint endpoint{net::ip::make_address(address), port};
  acceptor_.open(endpoint.protocol());
  acceptor_.set_option(net::socket_base::reuse_address(true));
  acceptor_.bind(endpoint);
  acceptor_.listen(net::socket_base::max_listen_connections);
}

HttpServer::~HttpServer() = default;

uint16_t HttpServer::port() const { return acceptor_.local_endpoint().port(); }

void HttpServer::Start() { Accept(); }

void HttpServer::Accept() {
  acceptor_.async_accept(net::make_strand(io_),
                         beast::bind_front_handler(&HttpServer::OnAccept, this));
}

void HttpServer::OnAccept(beast::error_code ec, tcp::socket socket) {
  if (ec == net::error::operation_aborted || !acceptor_.is_open()) return;
  if (IsOutOfDescriptors(ec)) {
    // Retrying at once would fail again at once, a busy loop, until some connection closes. The
    // waiting clients stay in the listen backlog meanwhile and are accepted when we resume.
    if (backoff_.count() == 0) {
      common::log::Warn("out of file descriptors; accepting paused", {{"error", ec.message()}});
      backoff_ = kFirstAcceptBackoff;
    } else {
      backoff_ = std::min(backoff_ * 2, kLongestAcceptBackoff);
    }
    return AcceptAfterBackoff();
  }
  if (ec) {
    common::log::Warn("accept failed", {{"error", ec.message()}});
    return Accept();
  }
  if (backoff_.count() != 0) {
    common::log::Warn("file descriptors available again; accepting resumed");
    backoff_ = std::chrono::milliseconds(0);
  }
  beast::error_code ignored;
  const std::string client = socket.remote_endpoint(ignored).address().to_string();
  ConnectionLimits::Refusal refusal;
  auto slot = connections_->TryAcquire(client, refusal);
  if (!slot) {
    // Closing at once costs the least; a well-behaved client never comes near these limits.
    socket.close(ignored);
  } else {
    // Headers and body may leave in two segments; without this, Nagle + delayed ACK add ~40 ms.
    socket.set_option(tcp::no_delay(true), ignored);
    std::make_shared<Connection>(std::move(socket), client, std::move(slot), limits_,
                                 response_headers_, screen_, handler_, rate_limiter_, draining_,
                                 in_flight_)
        ->Run();
  }
  Accept();
}

void HttpServer::AcceptAfterBackoff() {
  accept_backoff_.expires_after(backoff_);
  accept_backoff_.async_wait([this](beast::error_code ec) {
    if (ec || !acceptor_.is_open()) return;
    Accept();
  });
}

void HttpServer::StopAccepting() {
  draining_->store(true);
  net::post(acceptor_.get_executor(), [this] {
    beast::error_code ignored;
    acceptor_.close(ignored);
    accept_backoff_.cancel();
  });
}

}  // namespace sanplane::gateway
