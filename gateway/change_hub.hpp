#pragma once
// The gateway's one stream per service: it follows the ChangeFeed of identity, SAN and storage
// (each call read on gRPC's callback threads and restarted by a thread of its own, resuming where
// it was after any interruption) and hands every change to the event streams of this replica. It
// also runs the catch-ups of resuming streams on a few worker threads, and their heartbeats.

#include <array>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_map>
#include <variant>
#include <vector>

#include "common/principal.hpp"
#include "event_id.hpp"
#include "event_metrics.hpp"
#include "sanplane/history/v1/changes.grpc.pb.h"
#include "sanplane/presence/v1/presence.pb.h"

namespace sanplane::gateway {

/// One message of a feed: a change, or a mark that only moves the position.
struct FeedEvent {
  size_t feed = 0;
  int64_t position = 0;
  int64_t customer = 0;
  // The JSON `data` of the `change` event; null for a mark.
  std::shared_ptr<const std::string> data;
  // When the change was made (its transaction's time).
  std::chrono::system_clock::time_point at;
};

/// What follows the hub. Its calls come on the hub's and gRPC's threads, under the hub's lock: they
/// only queue.
class FeedListener {
 public:
  virtual ~FeedListener() = default;
  virtual void OnFeedEvent(const FeedEvent& event) = 0;
  /// The hub lost its place in `feed` (the service's feed no longer holds it) and starts again at
  /// `position`: what lies between is lost to every listener.
  virtual void OnFeedReset(size_t feed, int64_t position) = 0;
  virtual void OnHeartbeat() = 0;
  /// Registered: every event after `positions` will reach it.
  virtual void OnJoined(const FeedPositions& positions) = 0;
  /// The gateway is draining: end the stream (the client resumes on another replica).
  virtual void OnShutdown() = 0;
  /// A presence or editing change (presence_feed.hpp), `data` its event's JSON.
  virtual void OnPresence(const presence::v1::PresenceChange& change,
                          const std::shared_ptr<const std::string>& data) = 0;
};

/// Why a catch-up failed: the feed no longer holds the position (the client must reload), or
/// the service could not be asked (the client retries with the same id).
enum class BacklogFailure { kTooOld, kUnavailable };

class ChangeHub {
 public:
  using Stubs = std::array<history::v1::ChangeFeed::Stub*, kFeedCount>;

  ChangeHub(Stubs stubs, EventMetrics& metrics, std::chrono::milliseconds stream_deadline,
            std::chrono::milliseconds call_deadline, std::chrono::milliseconds heartbeat);
  /// Starts following the feeds.
  void Start();
  ChangeHub(const ChangeHub&) = delete;
  ChangeHub& operator=(const ChangeHub&) = delete;
  ~ChangeHub();

  /// Adds `listener` (telling it where it joins, OnJoined); false while some feed has never been
  /// reached (a service down since this gateway started).
  bool Subscribe(std::shared_ptr<FeedListener> listener);
  /// Ends every listener's stream (OnShutdown).
  void CloseListeners();
  /// Calls `deliver` for every listener, under the lock (so every listener sees one order).
  void Broadcast(const std::function<void(FeedListener&)>& deliver);
  void Unsubscribe(const FeedListener* listener);
  size_t listeners();

  /// Runs `work` on a catch-up worker.
  void Post(std::function<void()> work);
  /// The events of `feed` in (after, through] that `principal` may see (marks for the rest), in
  /// order, asked of the service. Blocks: call it on a worker.
  std::variant<std::vector<FeedEvent>, BacklogFailure> Backlog(size_t feed, int64_t after,
                                                               int64_t through,
                                                               const common::Principal& principal,
                                                               const std::string& request_id);
  /// Ends the feeds' calls and the threads (a draining gateway).
  void Stop();

 private:
  void FollowFeed(size_t feed, std::stop_token stop);
  void Publish(size_t feed, const history::v1::ChangeFeedMessage& message);
  void Heartbeats(std::stop_token stop);
  void Work(std::stop_token stop);

  Stubs stubs_;
  EventMetrics& metrics_;
  std::chrono::milliseconds stream_deadline_;
  std::chrono::milliseconds call_deadline_;
  std::chrono::milliseconds heartbeat_;
  common::Principal principal_;  // the gateway's own: it sees every customer, and filters

  std::mutex mutex_;
  std::unordered_map<const FeedListener*, std::shared_ptr<FeedListener>> listeners_;
  FeedPositions heads_{};
  std::array<bool, kFeedCount> reached_{};
  std::array<grpc::ClientContext*, kFeedCount> calls_{};
  bool stopped_ = false;

  std::mutex work_mutex_;
  std::condition_variable_any work_ready_;
  std::deque<std::function<void()>> work_;

  std::vector<std::jthread> threads_;
};

/// The `data` of a `change` event: {entity, id, version, action, by, at, customer, project?,
/// projects}.
std::string ChangeEventData(const history::v1::Change& change);

}  // namespace sanplane::gateway
