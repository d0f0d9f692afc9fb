#pragma once
// The edge of every gRPC method: runs the handler body, turns any exception into a status through
// the one error table, and writes one log line and the RPC metrics.

#include <grpcpp/server_context.h>
#include <grpcpp/support/status.h>

#include <chrono>
#include <exception>
#include <functional>
#include <string>
#include <string_view>

namespace sanplane::common {

/// Runs `body` (which throws common::Error or anything else on failure) and returns the status.
/// `method` is the bare method name ("SaveZones"), used as the metrics/log label.
grpc::Status HandleRpc(grpc::ServerContextBase* context, std::string_view method,
                       const std::function<void()>& body);

/// HandleRpc's bookkeeping for a call whose work ends later, maybe on another thread: made when the
/// call arrives, finished once with the outcome. The context must outlive Finish.
class RpcCall {
 public:
  /// `method` must outlive the call (a string literal).
  RpcCall(grpc::ServerContextBase* context, std::string_view method);
  /// For one item of a call that carries several callers (Presence.HeartbeatBatch), counted, timed
  /// and logged as a call of `method` of its own: the item's request id (a fresh one when it is
  /// not a valid id), the carrying call's deadline, and the user set_user names in its log line.
  RpcCall(std::string_view method, std::string_view request_id,
          std::chrono::steady_clock::time_point deadline);
  RpcCall(const RpcCall&) = delete;
  RpcCall& operator=(const RpcCall&) = delete;

  /// The caller's request id (or a fresh one).
  const std::string& request_id() const { return request_id_; }
  /// When the caller stops waiting, on the steady clock (time_point::max() without a deadline).
  std::chrono::steady_clock::time_point deadline() const { return deadline_; }
  /// The call's status, OK or `failure` through the one error table; counts it, times it and
  /// writes its log line. Once.
  grpc::Status Finish(std::exception_ptr failure);
  /// The verified caller's username, for the log line of an item (a call of its own finds it in
  /// its metadata).
  void set_user(std::string username) { user_ = std::move(username); }

 private:
  grpc::ServerContextBase* context_ = nullptr;  // null for an item
  std::string user_;
  std::string_view method_;
  std::chrono::steady_clock::time_point started_;
  std::chrono::steady_clock::time_point deadline_;
  std::string request_id_;
};

/// Time left before the caller's deadline, capped at `cap` (and at least 1 ms). Services pass it
/// on to Postgres (statement_timeout), Redis and outgoing calls.
std::chrono::milliseconds RemainingBudget(const grpc::ServerContextBase& context,
                                          std::chrono::milliseconds cap);

}  // namespace sanplane::common
