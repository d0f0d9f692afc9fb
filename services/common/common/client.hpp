#pragma once
// Outgoing gRPC calls from one service to another.

#include <grpcpp/channel.h>
#include <grpcpp/client_context.h>
#include <grpcpp/server_context.h>
#include <grpcpp/support/status.h>

#include <chrono>
#include <memory>
#include <string>
#include <string_view>

namespace sanplane::common {

/// A channel to "host:port" (insecure; the cluster network policy confines who can connect).
/// How much metadata one call may carry, each way. An error's typed details travel in the
/// `grpc-status-details-bin` trailer, and a refused batch of the largest size names every failing
/// item there; gRPC's default of 8 KiB would turn a batch of some 60 invalid items into
/// RESOURCE_EXHAUSTED instead of the 400 listing them.
inline constexpr int kMaxMetadataBytes = 4 << 20;
/// The largest answer a call may receive. Every field of a record has a maximum (notes
/// common::kMaxNotesLength, storage attributes 64 KiB, names a few hundred characters) and a
/// page holds at most 500 records, so the fullest page of any list stays below it; gRPC's default
/// of 4 MiB did not (500 storage systems with large attributes).
inline constexpr int kMaxMessageBytes = 64 << 20;

std::shared_ptr<grpc::Channel> MakeChannel(const std::string& target);

/// A context for a call made while serving `incoming`: it carries the caller's principal and
/// request id, and a deadline of min(incoming deadline, now + timeout). Every call has a deadline.
std::unique_ptr<grpc::ClientContext> OutgoingContext(const grpc::ServerContext& incoming,
                                                     std::chrono::milliseconds timeout);

/// Counts a finished outgoing call in sanplane_grpc_client_calls_total{method, code} and its
/// latency in sanplane_grpc_client_handling_seconds{method}; `method` is "service.Method".
void RecordClientCall(std::string_view method, const grpc::Status& status,
                      std::chrono::steady_clock::duration elapsed);

/// Runs `call` (a blocking stub call returning its grpc::Status), records it as RecordClientCall
/// does, and returns the status.
template <class Call>
grpc::Status TimedClientCall(std::string_view method, Call&& call) {
  const auto started = std::chrono::steady_clock::now();
  grpc::Status status = call();
  RecordClientCall(method, status, std::chrono::steady_clock::now() - started);
  return status;
}

}  // namespace sanplane::common
