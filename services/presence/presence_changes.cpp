#include "presence_changes.hpp"

#include <algorithm>

namespace sanplane::presence {
namespace {

v1::PresenceChange PresenceChangeOf(const char* action, identity::v1::UserContext context) {
  v1::PresenceChange change;
  change.set_type("presence");
  change.set_action(action);
  *change.mutable_user() = std::move(*context.mutable_user());
  *change.mutable_active_customer() = std::move(*context.mutable_active_customer());
  *change.mutable_active_project() = std::move(*context.mutable_active_project());
  return change;
}

bool SamePlace(const common::v1::NamedRef& a, const common::v1::NamedRef& b) {
  return a.has_id() == b.has_id() && (!a.has_id() || a.id() == b.id());
}

bool Contains(const std::vector<EditingEntry>& entries, const EditingEntry& entry) {
  return std::any_of(entries.begin(), entries.end(),
                     [&](const EditingEntry& other) { return other.SameOpening(entry); });
}

}  // namespace

const DirectoryEntry* FindEntry(const UserEntries& users, int64_t id) {
  auto found =
      std::lower_bound(users.begin(), users.end(), id,
                       [](const auto& user, int64_t wanted) { return user.first < wanted; });
  return found != users.end() && found->first == id ? &found->second : nullptr;
}

void SortById(UserEntries& users) {
  std::stable_sort(users.begin(), users.end(),
                   [](const auto& a, const auto& b) { return a.first < b.first; });
  users.erase(std::unique(users.begin(), users.end(),
                          [](const auto& a, const auto& b) { return a.first == b.first; }),
              users.end());
}

std::vector<v1::PresenceChange> PresenceChanges(const ActiveUsers& before,
                                                const ActiveUsers& after) {
  std::vector<v1::PresenceChange> changes;
  for (const auto& [id, entry] : after) {
    const DirectoryEntry* was = FindEntry(before, id);
    if (was == nullptr) {
      changes.push_back(PresenceChangeOf("join", ParseEntry(entry)));
      continue;
    }
    // The same entry, or an equal one (the directory's copy started over): nothing moved.
    if (*was == entry || **was == *entry) continue;
    identity::v1::UserContext now = ParseEntry(entry);
    const identity::v1::UserContext then = ParseEntry(*was);
    if (!SamePlace(then.active_customer(), now.active_customer()) ||
        !SamePlace(then.active_project(), now.active_project())) {
      changes.push_back(PresenceChangeOf("context", std::move(now)));
    }
  }
  for (const auto& [id, entry] : before) {
    if (FindEntry(after, id) == nullptr) {
      changes.push_back(PresenceChangeOf("leave", ParseEntry(entry)));
    }
  }
  return changes;
}

std::vector<v1::PresenceChange> EditingChanges(const std::vector<EditingEntry>& before,
                                               const std::vector<EditingEntry>& after,
                                               const UserEntries& users) {
  std::vector<v1::PresenceChange> changes;
  auto add = [&](const char* action, const EditingEntry& entry) {
    const DirectoryEntry* user = FindEntry(users, entry.user_id);
    if (user == nullptr) return;
    v1::PresenceChange change;
    change.set_type("editing");
    change.set_action(action);
    *change.mutable_user() = std::move(*ParseEntry(*user).mutable_user());
    change.set_entity(entry.entity);
    change.set_id(entry.id);
    change.set_customer(entry.customer);
    changes.push_back(std::move(change));
  };
  for (const EditingEntry& entry : after) {
    if (!Contains(before, entry)) add("open", entry);
  }
  for (const EditingEntry& entry : before) {
    if (!Contains(after, entry)) add("close", entry);
  }
  return changes;
}

}  // namespace sanplane::presence
