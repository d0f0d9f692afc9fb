#include "presence_feed.hpp"

#include <boost/json/serialize.hpp>
#include <condition_variable>

#include "common/log.hpp"
#include "common/request_scope.hpp"
#include "stream_reading.hpp"

namespace sanplane::gateway {
namespace {

constexpr std::chrono::milliseconds kRetry{500};

boost::json::object UserJson(const common::v1::UserSummary& user) {
  return {{"id", user.id()},
          {"username", user.username()},
          {"first_name", user.first_name()},
          {"last_name", user.last_name()}};
}

boost::json::object RefJson(const common::v1::NamedRef& ref) {
  return {{"id", ref.has_id() ? boost::json::value(ref.id()) : boost::json::value(nullptr)},
          {"name", ref.has_name() ? boost::json::value(ref.name()) : boost::json::value(nullptr)}};
}

}  // namespace

std::string PresenceEventData(const presence::v1::PresenceChange& change) {
  boost::json::object data{{"action", change.action()}, {"user", UserJson(change.user())}};
  if (change.type() == "editing") {
    data["entity"] = change.entity();
    data["id"] = change.id();
    data["customer"] = change.customer();
  } else {
    data["active_customer"] = RefJson(change.active_customer());
    data["active_project"] = RefJson(change.active_project());
  }
  return boost::json::serialize(data);
}

PresenceFeed::PresenceFeed(presence::v1::Presence::Stub& presence, ChangeHub& hub,
                           std::chrono::milliseconds call_deadline)
    : presence_(presence), hub_(hub), call_deadline_(call_deadline) {
  principal_.set_username("sanplane-gateway");
  principal_.set_is_superuser(true);
}

PresenceFeed::~PresenceFeed() { Stop(); }

void PresenceFeed::Start() {
  thread_ = std::jthread([this](std::stop_token stop) { Follow(stop); });
}

void PresenceFeed::Stop() {
  {
    std::lock_guard lock(mutex_);
    stopped_ = true;
    if (call_ != nullptr) call_->TryCancel();
  }
  thread_.request_stop();
  if (thread_.joinable()) thread_.join();
}

void PresenceFeed::Follow(std::stop_token stop) {
  while (!stop.stop_requested()) {
    grpc::ClientContext context;
    context.set_deadline(std::chrono::system_clock::now() + call_deadline_);
    common::AttachPrincipal(context, principal_, common::NewRequestId());
    {
      std::lock_guard lock(mutex_);
      if (stopped_) return;
      call_ = &context;
    }
    const presence::v1::WatchRequest request;
    StreamReading<presence::v1::PresenceChange> reading(
        [this](const presence::v1::PresenceChange& change) {
          if (change.type() == "mark") return;
          const auto data = std::make_shared<const std::string>(PresenceEventData(change));
          hub_.Broadcast([&](FeedListener& listener) { listener.OnPresence(change, data); });
        });
    const grpc::Status status =
        reading.Run([&](auto* reactor) { presence_.async()->Watch(&context, &request, reactor); });
    {
      std::lock_guard lock(mutex_);
      call_ = nullptr;
    }
    if (stop.stop_requested()) return;
    if (!status.ok() && status.error_code() != grpc::StatusCode::DEADLINE_EXCEEDED) {
      common::log::Warn("presence watch interrupted", {{"error", status.error_message()}});
      std::mutex sleep_mutex;
      std::unique_lock sleep_lock(sleep_mutex);
      std::condition_variable_any().wait_for(sleep_lock, stop, kRetry, [] { return false; });
    }
  }
}

}  // namespace sanplane::gateway
