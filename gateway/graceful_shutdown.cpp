#include "graceful_shutdown.hpp"

#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <csignal>
#include <memory>

#include "common/log.hpp"

namespace sanplane::gateway {

namespace net = boost::asio;

namespace {

void WaitForIdle(net::io_context& io, HttpServer& server, std::shared_ptr<net::steady_timer> timer,
                 std::chrono::steady_clock::time_point deadline) {
  if (server.in_flight() == 0 || std::chrono::steady_clock::now() >= deadline) {
    common::log::Info("drained", {{"unfinished_requests", server.in_flight()}});
    io.stop();
    return;
  }
  timer->expires_after(std::chrono::milliseconds(20));
  timer->async_wait([&io, &server, timer, deadline](boost::system::error_code) {
    WaitForIdle(io, server, timer, deadline);
  });
}

}  // namespace

void StopGracefullyOnSignal(net::io_context& io, HttpServer& server,
                            std::chrono::milliseconds drain_timeout,
                            std::function<void()> on_signal) {
  auto signals = std::make_shared<net::signal_set>(io, SIGTERM, SIGINT);
  signals->async_wait([&io, &server, drain_timeout, signals, on_signal = std::move(on_signal)](
                          boost::system::error_code ec, int signal_number) {
    if (ec) return;
    common::log::Info("draining", {{"signal", signal_number},
                                   {"in_flight", server.in_flight()},
                                   {"drain_timeout_ms", drain_timeout.count()}});
    on_signal();
    server.StopAccepting();
    WaitForIdle(io, server, std::make_shared<net::steady_timer>(io),
                std::chrono::steady_clock::now() + drain_timeout);
  });
}

}  // namespace sanplane::gateway
