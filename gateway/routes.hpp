#pragma once
// THE route table: every REST endpoint of API.md and the RPC it becomes.

#include <vector>

#include "api_handler.hpp"
#include "gateway_config.hpp"
#include "live_events.hpp"
#include "session_resolver.hpp"
#include "upstreams.hpp"

namespace sanplane::gateway {

/// `live` serves GET /api/events/.
std::vector<Route> BuildRoutes(Upstreams& upstreams, SessionResolver& sessions,
                               const GatewayConfig& config, LiveEvents& live);

}  // namespace sanplane::gateway
