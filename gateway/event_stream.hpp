#pragma once
// One browser's GET /api/events/: the Server-Sent Events of the changes its user may see. It joins
// the hub, catches up from Last-Event-ID (asking the services, so a restart of this gateway or a
// move to another replica loses nothing), and from then on writes what the hub hands it. Events
// that arrive while it catches up wait in order; positions it already wrote are skipped, so
// nothing is sent twice.

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "change_hub.hpp"
#include "event_metrics.hpp"
#include "http_types.hpp"
#include "session_resolver.hpp"

namespace sanplane::gateway {

/// How a stream checks its session again: the session ends the stream when it is gone, and a
/// change of the user's customers changes what the stream passes on.
struct SessionCheck {
  SessionResolver& sessions;
  std::string token;
  std::chrono::milliseconds deadline;
};

class EventStream final : public FeedListener, public std::enable_shared_from_this<EventStream> {
 public:
  /// `resume`: the client's Last-Event-ID. Subscribe it to the hub next.
  EventStream(ChangeHub& hub, EventMetrics& metrics, PrincipalPtr principal, std::string request_id,
              std::optional<FeedPositions> resume, SessionCheck session);

  /// The connection is open: catch up (on a hub worker), then go live.
  void Attach(std::shared_ptr<StreamSink> sink);
  /// The connection ended.
  void Detach(bool dropped_as_slow);

  void OnFeedEvent(const FeedEvent& event) override;
  void OnFeedReset(size_t feed, int64_t position) override;
  /// Sends the heartbeat comment and checks the session again.
  void OnHeartbeat() override;
  void OnJoined(const FeedPositions& positions) override;
  void OnShutdown() override;
  /// Passed on when the user may see it (presence: the rule of active-users; editing: members of
  /// the record's customer) and the stream is live. Its id carries the stream's positions, so a
  /// resume from it misses no change.
  void OnPresence(const presence::v1::PresenceChange& change,
                  const std::shared_ptr<const std::string>& data) override;

 private:
  void CatchUp();
  /// Writes `event` unless its position was already passed (under mutex_).
  void Emit(const FeedEvent& event);
  void SendNamed(std::string_view type, const std::string& data);
  bool Visible(int64_t customer) const;

  ChangeHub& hub_;
  EventMetrics& metrics_;
  std::string request_id_;
  SessionCheck session_;
  std::optional<FeedPositions> resume_;

  std::mutex mutex_;
  PrincipalPtr principal_;  // replaced when the session check finds it changed
  // Where the hub registered it: the catch-up reads up to here.
  FeedPositions joined_{};
  std::shared_ptr<StreamSink> sink_;
  FeedPositions cursors_{};
  // Until live: what the hub handed over meanwhile, in order.
  bool live_ = false;
  std::vector<FeedEvent> waiting_;
  // Numbers the presence events of this stream (their ids must differ).
  uint64_t presence_sent_ = 0;
};

}  // namespace sanplane::gateway
