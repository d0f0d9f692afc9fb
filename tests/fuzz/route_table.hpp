#pragma once
// The gateway's real route table for the fuzz targets: its stubs point at addresses nothing is
// asked of (channels connect on first use, and no target calls).

#include <memory>
#include <vector>

#include "api_handler.hpp"
#include "call_tracker.hpp"
#include "gateway_config.hpp"
#include "live_events.hpp"
#include "routes.hpp"
#include "session_resolver.hpp"
#include "upstreams.hpp"

namespace sanplane::gateway::fuzz {

inline const std::vector<Route>& RouteTable() {
  static const auto* config = new GatewayConfig();
  static auto* upstreams = new Upstreams(*config);
  static auto* calls = new CallTracker();
  static auto* sessions = new SessionResolver(upstreams->identity(), config->principal_cache,
                                              config->rpc_deadline, *calls);
  // Never started: the routes are only matched, no stream is served.
  static auto* live =
      new LiveEvents(*upstreams, *sessions, {.heartbeat = config->events_heartbeat});
  static const auto* routes =
      new std::vector<Route>(BuildRoutes(*upstreams, *sessions, *config, *live));
  return *routes;
}

}  // namespace sanplane::gateway::fuzz
