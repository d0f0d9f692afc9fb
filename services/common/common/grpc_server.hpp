#pragma once
// gRPC server bootstrap shared by every service: listening port, the standard health service,
// reflection, and a graceful drain on SIGTERM/SIGINT.

#include <grpcpp/server.h>
#include <grpcpp/support/status.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace grpc {
class Service;
}

namespace sanplane::common {

/// Blocks SIGTERM and SIGINT in the calling thread. Call it first thing in main, before any thread
/// starts (gRPC, metrics exposer, pools): threads inherit the mask, so the signals stay pending
/// for GrpcServer::RunUntilSignal's sigwait instead of killing the process in another thread.
void BlockTerminationSignals();

/// True once a GrpcServer of this process began to drain: long-lived streams end themselves then
/// (their callers resume elsewhere) instead of holding the drain to its timeout.
bool ServerDraining();

class GrpcServer {
 public:
  /// `address` like "0.0.0.0:50051" (port 0 picks a free one). Services are not owned.
  GrpcServer(std::string address, std::vector<grpc::Service*> services,
             std::chrono::milliseconds drain_timeout);
  ~GrpcServer();

  /// Binds and starts serving; health reports SERVING. Throws std::runtime_error if it cannot bind.
  void Start();
  int port() const { return port_; }
  /// Health NOT_SERVING, stop accepting, let in-flight calls finish until the drain timeout, then
  /// cancel what is left. Idempotent.
  void Shutdown();
  /// Blocks until SIGTERM or SIGINT, then Shutdown(). Returns the process exit code (0).
  /// Needs BlockTerminationSignals() at the start of main (it blocks them here too, but threads
  /// started earlier would still take the default action).
  int RunUntilSignal();

 private:
  std::string address_;
  std::vector<grpc::Service*> services_;
  std::chrono::milliseconds drain_timeout_;
  std::unique_ptr<grpc::Server> server_;
  int port_ = 0;
  bool shut_down_ = false;
};

}  // namespace sanplane::common
