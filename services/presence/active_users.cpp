#include "active_users.hpp"

#include "common/time.hpp"
#include "visibility.hpp"

namespace sanplane::presence {

namespace {

// A superuser's page is read from the index; users on it found gone are forgotten and the page
// read again, this many times at most.
constexpr int kPageReads = 3;

struct Listed {
  Activity activity;
  identity::v1::UserContext user;
};

/// `active` with each user's context, in the same order, leaving out (and forgetting in the store)
/// the users the directory finds gone.
std::vector<Listed> WithContexts(PresenceStore& store, UserDirectory& users,
                                 const grpc::ServerContext& context,
                                 const std::vector<Activity>& active) {
  std::vector<int64_t> ids;
  ids.reserve(active.size());
  for (const Activity& activity : active) ids.push_back(activity.user_id);
  std::vector<identity::v1::UserContext> found = users.Lookup(context, ids);
  std::vector<Listed> listed;
  listed.reserve(found.size());
  std::vector<int64_t> gone;
  size_t next = 0;  // Lookup answers in the order asked
  for (const Activity& activity : active) {
    if (next < found.size() && found[next].user().id() == activity.user_id) {
      listed.push_back({activity, std::move(found[next++])});
    } else {
      gone.push_back(activity.user_id);
    }
  }
  store.Forget(gone);
  return listed;
}

void Add(v1::ListActiveUsersResponse& response, Listed& listed) {
  v1::ActiveUser* entry = response.add_active_users();
  *entry->mutable_user() = std::move(*listed.user.mutable_user());
  // Always objects, {"id": null, "name": null} when unset (API.md).
  *entry->mutable_active_customer() = std::move(*listed.user.mutable_active_customer());
  *entry->mutable_active_project() = std::move(*listed.user.mutable_active_project());
  *entry->mutable_last_activity() =
      common::TimestampFromMicros(listed.activity.last_activity_micros);
}

bool Visible(const common::Principal& caller, const Listed& listed) {
  std::optional<int64_t> customer;
  if (listed.user.has_active_customer() && listed.user.active_customer().has_id()) {
    customer = listed.user.active_customer().id();
  }
  return CanSeeActiveUser(caller, listed.activity.user_id, customer);
}

}  // namespace

int64_t ListActiveUsers(PresenceStore& store, UserDirectory& users,
                        const grpc::ServerContext& context, const common::Principal& caller,
                        int64_t since_micros, const std::optional<common::PageRequest>& page,
                        v1::ListActiveUsersResponse& response) {
  if (page && caller.is_superuser()) {
    // A superuser sees everyone, so the page is the index's page: no need to read the others.
    for (int read = 1;; ++read) {
      const ActivePage active =
          store.ActivePageSince(since_micros, page->offset(), page->page_size);
      std::vector<Listed> listed = WithContexts(store, users, context, active.entries);
      const int64_t gone = static_cast<int64_t>(active.entries.size() - listed.size());
      if (gone == 0 || read == kPageReads) {
        for (Listed& entry : listed) Add(response, entry);
        common::FillPageInfo(response, active.total - gone, *page);
        return active.total;
      }
    }
  }
  const std::vector<Activity> active = store.ActiveSince(since_micros);
  std::vector<Listed> listed = WithContexts(store, users, context, active);
  if (!page) {
    for (Listed& entry : listed) {
      if (Visible(caller, entry)) Add(response, entry);
    }
    return static_cast<int64_t>(active.size());
  }
  int64_t visible = 0;
  const int64_t first = page->offset();
  for (Listed& entry : listed) {
    if (!Visible(caller, entry)) continue;
    if (visible >= first && visible < first + page->page_size) Add(response, entry);
    ++visible;
  }
  common::FillPageInfo(response, visible, *page);
  return static_cast<int64_t>(active.size());
}

}  // namespace sanplane::presence
