#pragma once
// A type-erased unary RPC on an upstream stub, called with the callback API so no gateway thread
// ever waits on an upstream.

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <grpcpp/client_context.h>
#include <grpcpp/support/status.h>

#include <chrono>
#include <functional>
#include <memory>
#include <string>

#include "common/client.hpp"
#include "sanplane/common/v1/common.pb.h"

namespace sanplane::gateway {

using MessagePtr = std::shared_ptr<google::protobuf::Message>;
using RpcDone = std::function<void(const grpc::Status&, MessagePtr response)>;

struct RpcMethod {
  std::string upstream;  // "identity": names the service in logs and 503 messages
  std::string name;      // "Login": the metrics/log label
  // The messages the call takes and answers: the JSON shapes of the REST endpoint.
  const google::protobuf::Descriptor* request_type = nullptr;
  const google::protobuf::Descriptor* response_type = nullptr;
  std::function<MessagePtr()> new_request;
  /// Starts the call; `done` runs on a gRPC thread. The context must outlive the call, which the
  /// invoker guarantees by holding it until `done`.
  std::function<void(std::shared_ptr<grpc::ClientContext>, MessagePtr, RpcDone)> invoke;
  /// Set when the call may go out together with other callers' (the heartbeat:
  /// heartbeat_rpc.hpp): used instead of `invoke` for a signed-in caller, it gets the caller's
  /// signed principal and the deadline instead of a context, and answers `done` as `invoke` does.
  std::function<void(common::v1::SignedPrincipal, std::chrono::system_clock::time_point, MessagePtr,
                     RpcDone)>
      invoke_batched;
};

template <class Stub, class Request, class Response>
using AsyncUnaryMethod = void (std::remove_pointer_t<decltype(std::declval<Stub&>().async())>::*)(
    grpc::ClientContext*, const Request*, Response*, std::function<void(grpc::Status)>);

/// BindRpc("identity", "Login", stub, &Identity::Stub::async::Login)
template <class Stub, class Request, class Response>
RpcMethod BindRpc(std::string upstream, std::string name, Stub* stub,
                  AsyncUnaryMethod<Stub, Request, Response> method) {
  RpcMethod rpc;
  rpc.upstream = std::move(upstream);
  rpc.name = std::move(name);
  rpc.request_type = Request::descriptor();
  rpc.response_type = Response::descriptor();
  rpc.new_request = [] { return std::make_shared<Request>(); };
  // Counted and timed as every service's outgoing calls are: sanplane_grpc_client_*{method=
  // "identity.Login"}.
  rpc.invoke = [stub, method, label = rpc.upstream + "." + rpc.name](
                   std::shared_ptr<grpc::ClientContext> context, MessagePtr request, RpcDone done) {
    auto typed_request = std::static_pointer_cast<Request>(request);
    auto response = std::make_shared<Response>();
    (stub->async()->*method)(context.get(), typed_request.get(), response.get(),
                             [context, typed_request, response, done = std::move(done), label,
                              started = std::chrono::steady_clock::now()](grpc::Status status) {
                               common::RecordClientCall(label, status,
                                                        std::chrono::steady_clock::now() - started);
                               done(status, response);
                             });
  };
  return rpc;
}

}  // namespace sanplane::gateway
