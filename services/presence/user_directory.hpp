#pragma once
// Names and active customer/project of users: a copy of identity's users' directory, kept in
// memory and brought up to date on every lookup with one call that answers only what changed.

#include <grpcpp/server_context.h>

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <exception>
#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "sanplane/identity/v1/identity.grpc.pb.h"

namespace sanplane::presence {

/// One user's entry in the directory: the user's identity::v1::UserContext, serialized. An entry
/// never changes (a change to the user replaces it), so the directory's copy and whoever keeps an
/// entry share it; two entries of a user that are the same pointer say the same.
using DirectoryEntry = std::shared_ptr<const std::string>;

/// Reads `entry` into `message` (a UserContext, or a message whose fields of the same numbers are
/// a UserContext's). Throws common::Error(kInternal) when it cannot be read.
void ReadEntry(const DirectoryEntry& entry, google::protobuf::Message& message);
/// The user's context in `entry`, as ReadEntry.
identity::v1::UserContext ParseEntry(const DirectoryEntry& entry);

class UserDirectory {
 public:
  virtual ~UserDirectory() = default;
  /// The entries of `user_ids` as they are now, each with its user's id, in the order asked,
  /// leaving out users who do not exist or are disabled. "Now" means read after this call began:
  /// a change committed before it is in the answer. Throws common::Error when identity fails
  /// (with identity's status).
  virtual std::vector<std::pair<int64_t, DirectoryEntry>> Entries(
      const grpc::ServerContext& incoming, const std::vector<int64_t>& user_ids) = 0;
  /// As Entries, each entry read into its context.
  std::vector<identity::v1::UserContext> Lookup(const grpc::ServerContext& incoming,
                                                const std::vector<int64_t>& user_ids);
};

/// The directory of identity (Identity.GetUserDirectory), cached. Each lookup asks identity for
/// what changed since the version the copy is current at, and for the users it has no copy of,
/// in one call (one indexed read of the changes when nothing is missing), so a list of 10,000
/// active users costs one such call instead of 10,000 rows, while a rename or a context switch
/// committed before the lookup is in its answer. Users found gone are remembered as gone.
/// Lookups that need no user the copy lacks share their call: one asks, and every lookup that
/// began before that call was sent takes its answer, so at 16 lists at once identity is asked
/// once per round trip instead of once per list.
class IdentityUserDirectory : public UserDirectory {
 public:
  IdentityUserDirectory(identity::v1::Identity::StubInterface& identity,
                        std::chrono::milliseconds timeout)
      : identity_(identity), timeout_(timeout) {}

  std::vector<std::pair<int64_t, DirectoryEntry>> Entries(
      const grpc::ServerContext& incoming, const std::vector<int64_t>& user_ids) override;

 private:
  // Serialized: one allocation a user instead of a message of a dozen (presence held ~4 MiB less
  // after 10,000-user lists), and a lookup copies each user it answers either way. Null: the user
  // does not exist or is disabled.
  using Entry = DirectoryEntry;
  using EntryMap = std::unordered_map<int64_t, Entry>;

  identity::v1::GetUserDirectoryResponse Ask(const grpc::ServerContext& incoming,
                                             int64_t since_version,
                                             const std::vector<int64_t>& user_ids);
  /// Brings the copy up to `version` with `fresh` (what identity answered at that version) and
  /// answers true; false, changing nothing, when the copy is newer already (another lookup's
  /// answer came first) or of another epoch.
  bool Apply(int64_t epoch, int64_t version, const std::vector<std::pair<int64_t, Entry>>& fresh);
  /// Makes sure the copy, or `own` for what could not go into it, holds every one of `user_ids`
  /// at a version read after this lookup began.
  void Refresh(const grpc::ServerContext& incoming, const std::vector<int64_t>& user_ids,
               EntryMap& own);
  /// Brings the copy up to date by one call that began after this lookup did, made by this
  /// lookup or shared with others (CatchUp). False when identity answered `reset` (the copy must
  /// start over).
  bool SharedCatchUp(const grpc::ServerContext& incoming);
  /// One call for the changes since the copy's version; false on `reset`.
  bool CatchUp(const grpc::ServerContext& incoming);
  /// The changes since `since` (of `epoch`) and the `missing` users, one call per 10,000 of them
  /// (one call when none is missing), into the copy, or into `own` what the copy refuses; false
  /// when identity answered `reset`.
  bool Fetch(const grpc::ServerContext& incoming, int64_t epoch, int64_t since,
             const std::vector<int64_t>& missing, EntryMap& own);

  identity::v1::Identity::StubInterface& identity_;
  std::chrono::milliseconds timeout_;
  std::shared_mutex mutex_;
  // Every entry is current at version_ of epoch_: all changes up to it have been applied.
  // 0 while the copy is empty.
  int64_t epoch_ = 0;
  int64_t version_ = 0;
  EntryMap entries_;

  // The shared catch-up calls ("rounds"), one at a time, numbered from 1 as they start.
  std::mutex rounds_mutex_;
  std::condition_variable round_finished_;
  uint64_t rounds_started_ = 0;
  uint64_t rounds_finished_ = 0;
  bool round_running_ = false;
  // How the last finished round ended: reset, or the error it threw (null when it succeeded).
  bool last_round_reset_ = false;
  std::exception_ptr last_round_error_;
};

}  // namespace sanplane::presence
