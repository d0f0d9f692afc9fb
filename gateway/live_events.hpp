#pragma once
// GET /api/events/: what the route does with a signed-in caller (Server-Sent Events of the
// changes and presence it may see), and the hub every stream of this replica shares.

#include <chrono>
#include <memory>
#include <string>

#include "change_hub.hpp"
#include "event_metrics.hpp"
#include "http_types.hpp"
#include "presence_feed.hpp"
#include "session_resolver.hpp"
#include "upstreams.hpp"

namespace sanplane::gateway {

inline constexpr char kEventsPath[] = "/api/events/";

struct LiveEventsOptions {
  // How long one call following a service's feed lasts before it is renewed.
  std::chrono::milliseconds feed_call{std::chrono::minutes(4)};
  // The longest a catch-up from Last-Event-ID may take.
  std::chrono::milliseconds catch_up_call{std::chrono::seconds(10)};
  // A comment this often keeps proxies from closing an idle stream.
  std::chrono::milliseconds heartbeat{std::chrono::seconds(15)};
};

class LiveEvents {
 public:
  /// `sessions` checks each stream's session again at every heartbeat.
  LiveEvents(Upstreams& upstreams, SessionResolver& sessions, LiveEventsOptions options);
  /// Follows the services' feeds (not in tests that only describe the routes).
  void Start();
  /// Ends every stream and the feeds: a draining gateway (clients resume elsewhere).
  void Stop();

  /// The route's handler: a 400 for a Last-Event-ID that is not one, a 503 while a service's feed
  /// has not been reached since start, else the stream.
  void Serve(std::shared_ptr<const HttpRequest> request, const std::string& request_id,
             PrincipalPtr principal, Responder respond, StreamResponder stream);

 private:
  SessionResolver& sessions_;
  std::chrono::milliseconds call_deadline_;
  EventMetrics metrics_;
  ChangeHub hub_;
  PresenceFeed presence_;
};

}  // namespace sanplane::gateway
