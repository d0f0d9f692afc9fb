#pragma once
// The gateway's one Presence.Watch stream: joins, leaves and context changes of active users, and
// records opened and closed, handed to every event stream of this replica, which passes on what
// its user may see. Presence is state, not history: a stream that reconnects gets what happens
// from then on, and the page reads the present from GET /api/core/active-users/ and
// /api/core/editing/.

#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "change_hub.hpp"
#include "sanplane/presence/v1/presence.grpc.pb.h"

namespace sanplane::gateway {

class PresenceFeed {
 public:
  PresenceFeed(presence::v1::Presence::Stub& presence, ChangeHub& hub,
               std::chrono::milliseconds call_deadline);
  PresenceFeed(const PresenceFeed&) = delete;
  PresenceFeed& operator=(const PresenceFeed&) = delete;
  ~PresenceFeed();

  void Start();
  void Stop();

 private:
  void Follow(std::stop_token stop);

  presence::v1::Presence::Stub& presence_;
  ChangeHub& hub_;
  std::chrono::milliseconds call_deadline_;
  common::Principal principal_;
  std::mutex mutex_;
  grpc::ClientContext* call_ = nullptr;
  bool stopped_ = false;
  std::jthread thread_;
};

/// The `data` of a `presence` event ({action, user, active_customer, active_project}) or of an
/// `editing` event ({action, user, entity, id, customer}).
std::string PresenceEventData(const presence::v1::PresenceChange& change);

}  // namespace sanplane::gateway
