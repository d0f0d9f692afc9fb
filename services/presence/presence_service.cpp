#include "presence_service.hpp"

#include <unordered_map>

#include "common/errors.hpp"
#include "common/metrics.hpp"
#include "common/principal.hpp"
#include "common/rpc.hpp"
#include "visibility.hpp"

namespace sanplane::presence {

PresenceService::PresenceService(PresenceStore& store, UserDirectory& users,
                                 const common::Clock& clock, int window_seconds)
    : store_(store),
      users_(users),
      clock_(clock),
      window_seconds_(window_seconds),
      active_users_(prometheus::BuildGauge()
                        .Name("sanplane_presence_active_users")
                        .Help("Users with a heartbeat inside the presence window.")
                        .Register(*common::Metrics::Get().registry())
                        .Add({})) {}

grpc::Status PresenceService::Heartbeat(grpc::ServerContext* context, const v1::HeartbeatRequest*,
                                        v1::HeartbeatResponse* response) {
  return common::HandleRpc(context, "Heartbeat", [&] {
    const common::Principal caller = common::RequirePrincipal(*context);
    // Whole milliseconds: the resolution the activity index keeps, so the time answered here is
    // the time active-users shows.
    const int64_t now = clock_.NowMicros() / 1000 * 1000;
    store_.RecordHeartbeat(caller.user_id(), now, window_seconds_);
    response->set_success(true);
    *response->mutable_last_activity() = common::TimestampFromMicros(now);
  });
}

grpc::Status PresenceService::ListActiveUsers(grpc::ServerContext* context,
                                              const v1::ListActiveUsersRequest*,
                                              v1::ListActiveUsersResponse* response) {
  return common::HandleRpc(context, "ListActiveUsers", [&] {
    const common::Principal caller = common::RequirePrincipal(*context);
    const int64_t since = clock_.NowMicros() - int64_t{window_seconds_} * 1'000'000;
    const std::vector<Activity> active = store_.ActiveSince(since);
    active_users_.Set(static_cast<double>(active.size()));

    std::vector<int64_t> ids;
    ids.reserve(active.size());
    for (const Activity& activity : active) ids.push_back(activity.user_id);
    std::unordered_map<int64_t, identity::v1::UserContext> contexts;
    for (auto& user : users_.Lookup(*context, ids)) {
      const int64_t id = user.user().id();
      contexts.emplace(id, std::move(user));
    }

    for (const Activity& activity : active) {
      auto found = contexts.find(activity.user_id);
      if (found == contexts.end()) continue;  // deleted since the heartbeat
      const identity::v1::UserContext& user = found->second;
      std::optional<int64_t> customer;
      if (user.has_active_customer() && user.active_customer().has_id()) {
        customer = user.active_customer().id();
      }
      if (!CanSeeActiveUser(caller, activity.user_id, customer)) continue;
      v1::ActiveUser* entry = response->add_active_users();
      *entry->mutable_user() = user.user();
      // Always objects, {"id": null, "name": null} when unset (API.md).
      *entry->mutable_active_customer() = user.active_customer();
      *entry->mutable_active_project() = user.active_project();
      *entry->mutable_last_activity() = common::TimestampFromMicros(activity.last_activity_micros);
    }
  });
}

}  // namespace sanplane::presence
