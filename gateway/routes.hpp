#pragma once
// THE route table: every REST endpoint of API.md and the RPC it becomes.

#include <vector>

#include "api_handler.hpp"
#include "gateway_config.hpp"
#include "heartbeat_batcher.hpp"
#include "live_events.hpp"
#include "session_resolver.hpp"
#include "upstreams.hpp"

namespace sanplane::gateway {

/// `live` serves GET /api/events/; `deliver_heartbeats` runs the answers of each call to presence
/// that carried heartbeats (empty: on the gRPC thread that finished it; heartbeat_batcher.hpp).
std::vector<Route> BuildRoutes(Upstreams& upstreams, SessionResolver& sessions,
                               const GatewayConfig& config, LiveEvents& live,
                               HeartbeatBatcher::Deliver deliver_heartbeats = {});

}  // namespace sanplane::gateway
