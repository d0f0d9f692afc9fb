#include "presence_changes.hpp"

#include <algorithm>

namespace sanplane::presence {
namespace {

v1::PresenceChange PresenceChangeOf(const char* action, const ActiveState& state) {
  v1::PresenceChange change;
  change.set_type("presence");
  change.set_action(action);
  *change.mutable_user() = state.user;
  *change.mutable_active_customer() = state.customer;
  *change.mutable_active_project() = state.project;
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

std::vector<v1::PresenceChange> PresenceChanges(const ActiveUsers& before,
                                                const ActiveUsers& after) {
  std::vector<v1::PresenceChange> changes;
  for (const auto& [id, state] : after) {
    auto was = before.find(id);
    if (was == before.end()) {
      changes.push_back(PresenceChangeOf("join", state));
    } else if (!SamePlace(was->second.customer, state.customer) ||
               !SamePlace(was->second.project, state.project)) {
      changes.push_back(PresenceChangeOf("context", state));
    }
  }
  for (const auto& [id, state] : before) {
    if (!after.contains(id)) changes.push_back(PresenceChangeOf("leave", state));
  }
  return changes;
}

std::vector<v1::PresenceChange> EditingChanges(
    const std::vector<EditingEntry>& before, const std::vector<EditingEntry>& after,
    const std::map<int64_t, common::v1::UserSummary>& users) {
  std::vector<v1::PresenceChange> changes;
  auto add = [&](const char* action, const EditingEntry& entry) {
    auto user = users.find(entry.user_id);
    if (user == users.end()) return;
    v1::PresenceChange change;
    change.set_type("editing");
    change.set_action(action);
    *change.mutable_user() = user->second;
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
