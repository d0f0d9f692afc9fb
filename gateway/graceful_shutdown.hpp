#pragma once
// SIGTERM/SIGINT: report not ready, stop accepting, let in-flight requests finish within the drain
// timeout, then stop the I/O loop so main returns 0.

#include <boost/asio/io_context.hpp>
#include <chrono>
#include <functional>

#include "http_server.hpp"

namespace sanplane::gateway {

/// Arms the signal handler; `on_signal` runs first (e.g. mark /readyz not ready).
void StopGracefullyOnSignal(boost::asio::io_context& io, HttpServer& server,
                            std::chrono::milliseconds drain_timeout,
                            std::function<void()> on_signal);

}  // namespace sanplane::gateway
