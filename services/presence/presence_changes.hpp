#pragma once
// What changed between two looks at who is active and who has which record open: the messages of
// Presence.Watch. Pure, so that it is tested without Redis or identity.

#include <cstdint>
#include <map>
#include <vector>

#include "editing_store.hpp"
#include "sanplane/presence/v1/presence.pb.h"

namespace sanplane::presence {

struct ActiveState {
  common::v1::UserSummary user;
  common::v1::NamedRef customer;
  common::v1::NamedRef project;
};
using ActiveUsers = std::map<int64_t, ActiveState>;

/// Joins (in `after` only), leaves (in `before` only, with where they were) and context changes
/// (another active customer or project), by user id.
std::vector<v1::PresenceChange> PresenceChanges(const ActiveUsers& before,
                                                const ActiveUsers& after);

/// Records opened (in `after` only) and closed (in `before` only); a renewal is no change.
/// `users` names the editors (one not in it is skipped: deleted meanwhile).
std::vector<v1::PresenceChange> EditingChanges(
    const std::vector<EditingEntry>& before, const std::vector<EditingEntry>& after,
    const std::map<int64_t, common::v1::UserSummary>& users);

}  // namespace sanplane::presence
