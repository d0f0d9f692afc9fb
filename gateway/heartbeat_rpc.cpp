#include "heartbeat_rpc.hpp"

#include <string>
#include <utility>

#include "common/client.hpp"
#include "common/principal.hpp"

namespace sanplane::gateway {

namespace {

using Clock = std::chrono::steady_clock;

/// One Presence.HeartbeatBatch call with the callback API.
HeartbeatBatcher::Send SendOn(presence::v1::Presence::Stub* stub) {
  return [stub](std::shared_ptr<const presence::v1::HeartbeatBatchRequest> request,
                std::chrono::system_clock::time_point deadline, HeartbeatBatcher::BatchDone done) {
    auto context = std::make_shared<grpc::ClientContext>();
    context->set_deadline(deadline);
    // The call itself speaks for nobody: each heartbeat carries its own caller. Presence's log
    // line of the call names the request of its first heartbeat.
    common::AttachRequestId(*context, request->heartbeats(0).request_id());
    auto response = std::make_shared<presence::v1::HeartbeatBatchResponse>();
    stub->async()->HeartbeatBatch(context.get(), request.get(), response.get(),
                                  [context, request, response, done = std::move(done),
                                   started = Clock::now()](grpc::Status status) {
                                    common::RecordClientCall("presence.HeartbeatBatch", status,
                                                             Clock::now() - started);
                                    done(status, *response);
                                  });
  };
}

}  // namespace

RpcMethod BatchedHeartbeatRpc(presence::v1::Presence::Stub* stub,
                              HeartbeatBatcher::Options options) {
  RpcMethod rpc = BindRpc(std::string("presence"), std::string("Heartbeat"), stub,
                          &presence::v1::Presence::Stub::async::Heartbeat);
  rpc.invoke_batched = [batcher = HeartbeatBatcher::Make(SendOn(stub), std::move(options))](
                           common::v1::SignedPrincipal caller,
                           std::chrono::system_clock::time_point deadline, MessagePtr,
                           RpcDone done) {
    batcher->Submit(std::move(caller), deadline,
                    [done = std::move(done), started = Clock::now()](
                        const grpc::Status& status, HeartbeatBatcher::Response response) {
                      common::RecordClientCall("presence.Heartbeat", status,
                                               Clock::now() - started);
                      done(status, std::move(response));
                    });
  };
  return rpc;
}

}  // namespace sanplane::gateway
