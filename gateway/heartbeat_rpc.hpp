#pragma once
// The heartbeat route's RPC: Presence.Heartbeat as the API describes it, sent through a
// HeartbeatBatcher as Presence.HeartbeatBatch (heartbeat_batcher.hpp).

#include "heartbeat_batcher.hpp"
#include "rpc_method.hpp"
#include "sanplane/presence/v1/presence.grpc.pb.h"

namespace sanplane::gateway {

/// Presence.Heartbeat, whose signed-in callers' heartbeats go out together with the others in
/// flight, each with its own signed principal, deadline and status. Counted per heartbeat as the
/// single call is (sanplane_grpc_client_*{method="presence.Heartbeat"}), each batch call as
/// presence.HeartbeatBatch. Heartbeat's request has no fields, so there is nothing of it to send.
RpcMethod BatchedHeartbeatRpc(presence::v1::Presence::Stub* stub,
                              HeartbeatBatcher::Options options);

}  // namespace sanplane::gateway
