#include "event_stream.hpp"

#include "common/log.hpp"
#include "common/principal.hpp"
#include "visibility.hpp"

namespace sanplane::gateway {
namespace {

// More than this many events waiting for a catch-up: the client is better off reconnecting.
constexpr size_t kMostWaiting = 10000;

const std::shared_ptr<const std::string>& HeartbeatComment() {
  static const auto comment = std::make_shared<const std::string>(": heartbeat\n\n");
  return comment;
}

}  // namespace

EventStream::EventStream(ChangeHub& hub, EventMetrics& metrics, PrincipalPtr principal,
                         std::string request_id, std::optional<FeedPositions> resume,
                         SessionCheck session)
    : hub_(hub),
      metrics_(metrics),
      request_id_(std::move(request_id)),
      session_(std::move(session)),
      resume_(resume),
      principal_(std::move(principal)) {}

void EventStream::OnJoined(const FeedPositions& positions) {
  std::lock_guard lock(mutex_);
  joined_ = positions;
  cursors_ = resume_.value_or(positions);
}

void EventStream::OnShutdown() {
  std::lock_guard lock(mutex_);
  if (sink_) sink_->Close();
}

void EventStream::Attach(std::shared_ptr<StreamSink> sink) {
  {
    std::lock_guard lock(mutex_);
    sink_ = std::move(sink);
    // How long a browser waits before it reconnects after the stream breaks.
    sink_->Send(std::make_shared<const std::string>("retry: 2000\n\n"));
  }
  metrics_.open_streams.Increment();
  hub_.Post([self = shared_from_this()] { self->CatchUp(); });
}

void EventStream::Detach(bool dropped_as_slow) {
  metrics_.open_streams.Decrement();
  if (dropped_as_slow) metrics_.dropped_slow.Increment();
  hub_.Unsubscribe(this);
}

void EventStream::CatchUp() {
  FeedPositions from_positions;
  FeedPositions joined;
  PrincipalPtr principal;
  {
    std::lock_guard lock(mutex_);
    from_positions = cursors_;
    joined = joined_;
    principal = principal_;
  }
  std::vector<FeedEvent> backlog;
  std::vector<size_t> lost;
  for (size_t feed = 0; feed < kFeedCount; ++feed) {
    const int64_t from = from_positions[feed];
    if (from == joined[feed]) continue;
    if (from > joined[feed]) {
      // An id from a feed that has since started over (a restored database): nothing to resume.
      lost.push_back(feed);
      continue;
    }
    auto result = hub_.Backlog(feed, from, joined[feed], *principal, request_id_);
    if (auto* failure = std::get_if<BacklogFailure>(&result)) {
      if (*failure == BacklogFailure::kTooOld) {
        lost.push_back(feed);
        continue;
      }
      // The client reconnects with the same id and tries again; nothing is skipped.
      std::lock_guard lock(mutex_);
      sink_->Close();
      return;
    }
    auto& events = std::get<std::vector<FeedEvent>>(result);
    backlog.insert(backlog.end(), std::make_move_iterator(events.begin()),
                   std::make_move_iterator(events.end()));
  }
  std::lock_guard lock(mutex_);
  for (size_t feed : lost) {
    cursors_[feed] = joined[feed];
    SendNamed("reset", "{\"feed\":\"" + std::string(kFeedNames[feed]) + "\"}");
  }
  for (const FeedEvent& event : backlog) Emit(event);
  for (const FeedEvent& event : waiting_) Emit(event);
  waiting_.clear();
  waiting_.shrink_to_fit();
  live_ = true;
  SendNamed("ready", "{}");
}

void EventStream::OnFeedEvent(const FeedEvent& event) {
  std::lock_guard lock(mutex_);
  if (live_) return Emit(event);
  if (waiting_.size() >= kMostWaiting) {
    if (sink_) sink_->Close();
    return;
  }
  waiting_.push_back(event);
}

void EventStream::OnFeedReset(size_t feed, int64_t position) {
  std::lock_guard lock(mutex_);
  cursors_[feed] = position;
  if (live_) SendNamed("reset", "{\"feed\":\"" + std::string(kFeedNames[feed]) + "\"}");
}

void EventStream::OnHeartbeat() {
  {
    std::lock_guard lock(mutex_);
    if (!sink_) return;
    if (sink_->Send(HeartbeatComment())) metrics_.sent.Add({{"type", "heartbeat"}}).Increment();
  }
  // Outside the lock: on a cached session the answer comes at once, on this thread.
  std::weak_ptr<EventStream> weak = weak_from_this();
  session_.sessions.Resolve(session_.token, request_id_,
                            std::chrono::system_clock::now() + session_.deadline,
                            [weak](const grpc::Status& status, PrincipalPtr principal) {
                              auto self = weak.lock();
                              if (!self) return;
                              std::lock_guard lock(self->mutex_);
                              if (status.ok()) {
                                self->principal_ = std::move(principal);
                              } else if (status.error_code() == grpc::StatusCode::UNAUTHENTICATED) {
                                // Signed out or expired: nothing more for this stream.
                                if (self->sink_) self->sink_->Close();
                              }
                              // Identity unreachable: keep what the stream had until the next
                              // check.
                            });
}

void EventStream::Emit(const FeedEvent& event) {
  if (event.position <= cursors_[event.feed]) return;
  cursors_[event.feed] = event.position;
  if (!event.data || !Visible(event.customer)) return;
  auto text = std::make_shared<std::string>();
  text->reserve(event.data->size() + 64);
  *text += "id: ";
  *text += FormatEventId(cursors_);
  *text += "\nevent: change\ndata: ";
  *text += *event.data;
  *text += "\n\n";
  if (!sink_->Send(std::move(text))) return;
  metrics_.sent.Add({{"type", "change"}}).Increment();
  metrics_.fanout_lag.Observe(
      std::chrono::duration<double>(std::chrono::system_clock::now() - event.at).count());
}

void EventStream::SendNamed(std::string_view type, const std::string& data) {
  auto text = std::make_shared<std::string>("id: " + FormatEventId(cursors_) + "\nevent: " +
                                            std::string(type) + "\ndata: " + data + "\n\n");
  if (sink_->Send(std::move(text))) metrics_.sent.Add({{"type", std::string(type)}}).Increment();
}

void EventStream::OnPresence(const presence::v1::PresenceChange& change,
                             const std::shared_ptr<const std::string>& data) {
  std::lock_guard lock(mutex_);
  if (!live_) return;  // a page reads the present after `ready`
  const bool editing = change.type() == "editing";
  const bool visible = editing ? Visible(change.customer())
                               : presence::CanSeeActiveUser(
                                     *principal_, change.user().id(),
                                     change.active_customer().has_id()
                                         ? std::optional<int64_t>(change.active_customer().id())
                                         : std::nullopt);
  if (!visible) return;
  const std::string type = editing ? "editing" : "presence";
  auto text = std::make_shared<std::string>("id: " + FormatEventId(cursors_) + ".p" +
                                            std::to_string(++presence_sent_) + "\nevent: " + type +
                                            "\ndata: " + *data + "\n\n");
  if (sink_->Send(std::move(text))) metrics_.sent.Add({{"type", type}}).Increment();
}

bool EventStream::Visible(int64_t customer) const {
  return common::CanAccessCustomer(*principal_, customer);
}

}  // namespace sanplane::gateway
