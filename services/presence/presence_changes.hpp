#pragma once
// What changed between two looks at who is active and who has which record open: the messages of
// Presence.Watch. Pure, so that it is tested without Redis or identity.

#include <cstdint>
#include <vector>

#include "editing_store.hpp"
#include "sanplane/presence/v1/presence.pb.h"
#include "user_directory.hpp"

namespace sanplane::presence {

/// Users, each with the directory entry they were seen with, sorted by id: the entries the
/// directory's copy holds, shared rather than copied (a watch of 10,000 active users held ~7 MiB
/// of messages and rebuilt them every second), in one allocation for all of them.
using UserEntries = std::vector<std::pair<int64_t, DirectoryEntry>>;
using ActiveUsers = UserEntries;

/// The entry of `id` in `users`, null when it is not there.
const DirectoryEntry* FindEntry(const UserEntries& users, int64_t id);

/// Sorts `users` by id, keeping the first entry of each user.
void SortById(UserEntries& users);

/// Joins (in `after` only), leaves (in `before` only, with where they were) and context changes
/// (another active customer or project), by user id. Only entries that differ are read.
std::vector<v1::PresenceChange> PresenceChanges(const ActiveUsers& before,
                                                const ActiveUsers& after);

/// Records opened (in `after` only) and closed (in `before` only); a renewal is no change.
/// `users` names the editors by their directory entries (one not in it is skipped: deleted
/// meanwhile).
std::vector<v1::PresenceChange> EditingChanges(const std::vector<EditingEntry>& before,
                                               const std::vector<EditingEntry>& after,
                                               const UserEntries& users);

}  // namespace sanplane::presence
