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
  DirectoryEntry entry;
};

/// `active` with each user's directory entry, in the same order, leaving out (and forgetting in the
/// store) the users the directory finds gone.
std::vector<Listed> WithEntries(PresenceStore& store, UserDirectory& users,
                                const grpc::ServerContext& context,
                                const std::vector<Activity>& active) {
  std::vector<int64_t> ids;
  ids.reserve(active.size());
  for (const Activity& activity : active) ids.push_back(activity.user_id);
  std::vector<std::pair<int64_t, DirectoryEntry>> found = users.Entries(context, ids);
  std::vector<Listed> listed;
  listed.reserve(found.size());
  std::vector<int64_t> gone;
  size_t next = 0;  // Entries answers in the order asked
  for (const Activity& activity : active) {
    if (next < found.size() && found[next].first == activity.user_id) {
      listed.push_back({activity, std::move(found[next++].second)});
    } else {
      gone.push_back(activity.user_id);
    }
  }
  store.Forget(gone);
  return listed;
}

/// The next entry of `response`, read from `listed`. An ActiveUser's first three fields are a
/// UserContext's (same numbers and types), so the entry is read straight into the answer: no
/// message in between, of which a list of 10,000 users made as many.
v1::ActiveUser& Add(v1::ListActiveUsersResponse& response, const Listed& listed) {
  v1::ActiveUser& entry = *response.add_active_users();
  ReadEntry(listed.entry, entry);
  // Always objects, {"id": null, "name": null} when unset (API.md).
  entry.mutable_active_customer();
  entry.mutable_active_project();
  *entry.mutable_last_activity() =
      common::TimestampFromMicros(listed.activity.last_activity_micros);
  return entry;
}

bool Visible(const common::Principal& caller, const v1::ActiveUser& entry) {
  std::optional<int64_t> customer;
  if (entry.active_customer().has_id()) customer = entry.active_customer().id();
  return CanSeeActiveUser(caller, entry.user().id(), customer);
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
      const std::vector<Listed> listed = WithEntries(store, users, context, active.entries);
      const int64_t gone = static_cast<int64_t>(active.entries.size() - listed.size());
      if (gone == 0 || read == kPageReads) {
        for (const Listed& entry : listed) Add(response, entry);
        common::FillPageInfo(response, active.total - gone, *page);
        return active.total;
      }
    }
  }
  const std::vector<Activity> active = store.ActiveSince(since_micros);
  const std::vector<Listed> listed = WithEntries(store, users, context, active);
  // Each user is read into the answer and taken out again when the caller may not see them (or,
  // for a page, when they are not on it): one user read at a time, not all of them.
  int64_t visible = 0;
  const int64_t first = page ? page->offset() : 0;
  for (const Listed& entry : listed) {
    const bool seen = Visible(caller, Add(response, entry));
    const bool on_page = seen && (!page || (visible >= first && visible < first + page->page_size));
    if (!on_page) response.mutable_active_users()->RemoveLast();
    if (seen) ++visible;
  }
  if (page) common::FillPageInfo(response, visible, *page);
  return static_cast<int64_t>(active.size());
}

}  // namespace sanplane::presence
