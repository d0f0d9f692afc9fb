#include "change_hub.hpp"

#include <google/protobuf/util/time_util.h>

#include <boost/json/serialize.hpp>

#include "common/log.hpp"
#include "common/request_scope.hpp"
#include "common/time.hpp"
#include "stream_reading.hpp"

namespace sanplane::gateway {
namespace {

constexpr int kCatchUpWorkers = 4;
constexpr std::chrono::milliseconds kFirstRetry{100};
constexpr std::chrono::milliseconds kLongestRetry{2000};

int64_t MicrosOf(const google::protobuf::Timestamp& at) {
  return google::protobuf::util::TimeUtil::TimestampToMicroseconds(at);
}

FeedEvent EventOf(size_t feed, const history::v1::ChangeFeedMessage& message) {
  FeedEvent event;
  event.feed = feed;
  event.position = message.position();
  if (message.has_change()) {
    event.customer = message.change().customer();
    event.data = std::make_shared<const std::string>(ChangeEventData(message.change()));
    event.at = std::chrono::system_clock::time_point(
        std::chrono::microseconds(MicrosOf(message.change().at())));
  }
  return event;
}

}  // namespace

std::string ChangeEventData(const history::v1::Change& change) {
  boost::json::object data{
      {"entity", change.entity()},
      {"id", change.id()},
      {"version", change.version()},
      {"action", change.action()},
      {"by", change.has_by() ? boost::json::value(change.by()) : boost::json::value(nullptr)},
      {"at", common::FormatRfc3339(MicrosOf(change.at()))},
      {"customer", change.customer()},
  };
  boost::json::array projects(change.projects().begin(), change.projects().end());
  if (projects.size() == 1) data["project"] = projects[0];
  data["projects"] = std::move(projects);
  return boost::json::serialize(data);
}

ChangeHub::ChangeHub(Stubs stubs, EventMetrics& metrics, std::chrono::milliseconds stream_deadline,
                     std::chrono::milliseconds call_deadline, std::chrono::milliseconds heartbeat)
    : stubs_(stubs),
      metrics_(metrics),
      stream_deadline_(stream_deadline),
      call_deadline_(call_deadline),
      heartbeat_(heartbeat) {
  principal_.set_username("sanplane-gateway");
  principal_.set_is_superuser(true);
}

void ChangeHub::Start() {
  for (size_t feed = 0; feed < kFeedCount; ++feed) {
    metrics_.feed_connected.Add({{"feed", std::string(kFeedNames[feed])}}).Set(0);
    threads_.emplace_back([this, feed](std::stop_token stop) { FollowFeed(feed, stop); });
  }
  threads_.emplace_back([this](std::stop_token stop) { Heartbeats(stop); });
  for (int i = 0; i < kCatchUpWorkers; ++i) {
    threads_.emplace_back([this](std::stop_token stop) { Work(stop); });
  }
}

ChangeHub::~ChangeHub() { Stop(); }

void ChangeHub::Stop() {
  {
    std::lock_guard lock(mutex_);
    if (stopped_) return;
    stopped_ = true;
    for (grpc::ClientContext* call : calls_) {
      if (call != nullptr) call->TryCancel();
    }
  }
  for (auto& thread : threads_) thread.request_stop();
  work_ready_.notify_all();
  for (auto& thread : threads_) {
    if (thread.joinable()) thread.join();
  }
}

bool ChangeHub::Subscribe(std::shared_ptr<FeedListener> listener) {
  std::lock_guard lock(mutex_);
  for (bool reached : reached_) {
    if (!reached) return false;
  }
  listener->OnJoined(heads_);
  listeners_[listener.get()] = std::move(listener);
  return true;
}

void ChangeHub::Broadcast(const std::function<void(FeedListener&)>& deliver) {
  std::lock_guard lock(mutex_);
  for (auto& [key, listener] : listeners_) deliver(*listener);
}

void ChangeHub::CloseListeners() {
  std::lock_guard lock(mutex_);
  for (auto& [key, listener] : listeners_) listener->OnShutdown();
}

void ChangeHub::Unsubscribe(const FeedListener* listener) {
  std::shared_ptr<FeedListener> gone;  // destroyed outside the lock
  std::lock_guard lock(mutex_);
  if (auto it = listeners_.find(listener); it != listeners_.end()) {
    gone = std::move(it->second);
    listeners_.erase(it);
  }
}

size_t ChangeHub::listeners() {
  std::lock_guard lock(mutex_);
  return listeners_.size();
}

void ChangeHub::Post(std::function<void()> work) {
  {
    std::lock_guard lock(work_mutex_);
    work_.push_back(std::move(work));
  }
  work_ready_.notify_one();
}

void ChangeHub::Work(std::stop_token stop) {
  for (;;) {
    std::function<void()> work;
    {
      std::unique_lock lock(work_mutex_);
      work_ready_.wait(lock, stop, [this] { return !work_.empty(); });
      if (stop.stop_requested()) return;
      work = std::move(work_.front());
      work_.pop_front();
    }
    work();
  }
}

std::variant<std::vector<FeedEvent>, BacklogFailure> ChangeHub::Backlog(
    size_t feed, int64_t after, int64_t through, const common::Principal& principal,
    const std::string& request_id) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + call_deadline_);
  common::AttachPrincipal(context, principal, request_id);
  history::v1::ChangesRequest request;
  request.set_after(after);
  request.set_through(through);
  std::vector<FeedEvent> events;
  auto reader = stubs_[feed]->Changes(&context, request);
  history::v1::ChangeFeedMessage message;
  while (reader->Read(&message)) {
    if (message.position() > after) events.push_back(EventOf(feed, message));
  }
  const grpc::Status status = reader->Finish();
  if (status.error_code() == grpc::StatusCode::INVALID_ARGUMENT) return BacklogFailure::kTooOld;
  if (!status.ok()) {
    common::log::Warn("change feed catch-up failed", {{"feed", std::string(kFeedNames[feed])},
                                                      {"request_id", request_id},
                                                      {"error", status.error_message()}});
    return BacklogFailure::kUnavailable;
  }
  return events;
}

void ChangeHub::FollowFeed(size_t feed, std::stop_token stop) {
  const std::string name(kFeedNames[feed]);
  prometheus::Gauge& connected = metrics_.feed_connected.Add({{"feed", name}});
  std::chrono::milliseconds retry = kFirstRetry;
  while (!stop.stop_requested()) {
    grpc::ClientContext context;
    // Calls end now and then (the deadline, the servers' connection age) and pick up again where
    // they were, possibly on another replica of the service.
    context.set_deadline(std::chrono::system_clock::now() + stream_deadline_);
    common::AttachPrincipal(context, principal_, common::NewRequestId());
    history::v1::ChangesRequest request;
    {
      std::lock_guard lock(mutex_);
      if (stopped_) return;
      request.set_after(reached_[feed] ? heads_[feed] : -1);
      calls_[feed] = &context;
    }
    bool received = false;
    StreamReading<history::v1::ChangeFeedMessage> reading(
        [&](const history::v1::ChangeFeedMessage& message) {
          if (!received) {
            received = true;
            connected.Set(1);
            retry = kFirstRetry;
          }
          Publish(feed, message);
        });
    const grpc::Status status = reading.Run(
        [&](auto* reactor) { stubs_[feed]->async()->Changes(&context, &request, reactor); });
    connected.Set(0);
    {
      std::lock_guard lock(mutex_);
      calls_[feed] = nullptr;
      if (status.error_code() == grpc::StatusCode::INVALID_ARGUMENT && reached_[feed]) {
        // Our place is gone (the service's feed was reset): start at its present, and tell the
        // listeners when it is reached (Publish).
        common::log::Warn("change feed position lost",
                          {{"feed", name}, {"position", heads_[feed]}});
        reached_[feed] = false;
      }
    }
    if (stop.stop_requested()) return;
    if (!received || !status.ok()) {
      if (status.error_code() != grpc::StatusCode::DEADLINE_EXCEEDED) {
        common::log::Warn("change feed interrupted",
                          {{"feed", name}, {"error", status.error_message()}});
      }
      std::mutex sleep_mutex;
      std::unique_lock sleep_lock(sleep_mutex);
      std::condition_variable_any().wait_for(sleep_lock, stop, retry, [] { return false; });
      retry = std::min(retry * 2, kLongestRetry);
    }
  }
}

void ChangeHub::Publish(size_t feed, const history::v1::ChangeFeedMessage& message) {
  FeedEvent event = EventOf(feed, message);
  std::lock_guard lock(mutex_);
  if (!reached_[feed]) {
    // The first message of a fresh start: its position is where everyone joins.
    reached_[feed] = true;
    heads_[feed] = event.position;
    if (!event.data) {
      for (auto& [key, listener] : listeners_) listener->OnFeedReset(feed, heads_[feed]);
      return;
    }
  }
  if (event.position <= heads_[feed]) return;  // the mark a resumed call starts with
  heads_[feed] = event.position;
  for (auto& [key, listener] : listeners_) listener->OnFeedEvent(event);
}

void ChangeHub::Heartbeats(std::stop_token stop) {
  std::mutex sleep_mutex;
  std::condition_variable_any sleep;
  while (!stop.stop_requested()) {
    {
      std::unique_lock sleep_lock(sleep_mutex);
      sleep.wait_for(sleep_lock, stop, heartbeat_, [] { return false; });
    }
    if (stop.stop_requested()) return;
    std::lock_guard lock(mutex_);
    for (auto& [key, listener] : listeners_) listener->OnHeartbeat();
  }
}

}  // namespace sanplane::gateway
