#pragma once
// The edge of every gRPC method: runs the handler body, turns any exception into a status through
// the one error table, and writes one log line and the RPC metrics.

#include <grpcpp/server_context.h>
#include <grpcpp/support/status.h>

#include <chrono>
#include <functional>
#include <string_view>

namespace sanplane::common {

/// Runs `body` (which throws common::Error or anything else on failure) and returns the status.
/// `method` is the bare method name ("SaveZones"), used as the metrics/log label.
grpc::Status HandleRpc(grpc::ServerContextBase* context, std::string_view method,
                       const std::function<void()>& body);

/// Time left before the caller's deadline, capped at `cap` (and at least 1 ms). Services pass it
/// on to Postgres (statement_timeout), Redis and outgoing calls.
std::chrono::milliseconds RemainingBudget(const grpc::ServerContextBase& context,
                                          std::chrono::milliseconds cap);

}  // namespace sanplane::common
