#include "user_directory.hpp"

#include <algorithm>
#include <mutex>

#include "common/client.hpp"
#include "common/errors.hpp"

namespace sanplane::presence {

namespace {

// What identity takes per call (GetUserDirectory, as GetUserContexts).
constexpr size_t kMaxIdsPerCall = 10000;
// A copy cleared by another lookup's reset between filling it and reading it is filled again;
// more than this many times in one lookup means the directory keeps starting over.
constexpr int kMaxAttempts = 3;

}  // namespace

identity::v1::GetUserDirectoryResponse IdentityUserDirectory::Ask(
    const grpc::ServerContext& incoming, int64_t since_version,
    const std::vector<int64_t>& user_ids) {
  identity::v1::GetUserDirectoryRequest request;
  request.set_since_version(since_version);
  request.mutable_user_ids()->Add(user_ids.begin(), user_ids.end());
  identity::v1::GetUserDirectoryResponse response;
  auto context = common::OutgoingContext(incoming, timeout_);
  const grpc::Status status = common::TimedClientCall("identity.GetUserDirectory", [&] {
    return identity_.GetUserDirectory(context.get(), request, &response);
  });
  if (!status.ok()) throw common::FromGrpcStatus(status, "identity");
  return response;
}

bool IdentityUserDirectory::Apply(int64_t epoch, int64_t version,
                                  const std::vector<std::pair<int64_t, Entry>>& fresh) {
  std::unique_lock lock(mutex_);
  if (version_ != 0 && epoch != epoch_) return false;
  // An older answer than the copy may miss changes the copy has: it would undo them.
  if (version < version_) return false;
  for (const auto& [id, entry] : fresh) entries_[id] = entry;
  epoch_ = epoch;
  version_ = version;
  return true;
}

bool IdentityUserDirectory::CatchUp(const grpc::ServerContext& incoming) {
  int64_t epoch = 0;
  int64_t since = 0;
  {
    std::shared_lock lock(mutex_);
    epoch = epoch_;
    since = version_;
  }
  // An answer the copy refuses (another call's newer one came first) leaves it current enough.
  EntryMap refused;
  return Fetch(incoming, epoch, since, {}, refused);
}

bool IdentityUserDirectory::SharedCatchUp(const grpc::ServerContext& incoming) {
  // Waiting longer than two rounds' calls is waiting for a round that will not come.
  const auto give_up =
      std::min(incoming.deadline(), std::chrono::system_clock::now() + 2 * timeout_);
  std::unique_lock lock(rounds_mutex_);
  // A round that starts from now on reads identity after this lookup began; one under way may not.
  const uint64_t needed = rounds_started_ + 1;
  while (rounds_finished_ < needed) {
    if (round_running_) {
      if (round_finished_.wait_until(lock, give_up) == std::cv_status::timeout &&
          rounds_finished_ < needed) {
        throw common::Error(common::ErrorKind::kDeadlineExceeded,
                            "The user directory did not answer in time. Try again shortly.");
      }
      continue;
    }
    round_running_ = true;
    const uint64_t round = ++rounds_started_;
    lock.unlock();
    bool reset = false;
    std::exception_ptr error;
    try {
      reset = !CatchUp(incoming);
    } catch (...) {
      error = std::current_exception();
    }
    lock.lock();
    round_running_ = false;
    rounds_finished_ = round;
    last_round_reset_ = reset;
    last_round_error_ = error;
    round_finished_.notify_all();
  }
  // Rounds run one at a time, so the last finished one began after this lookup did.
  if (last_round_error_) std::rethrow_exception(last_round_error_);
  return !last_round_reset_;
}

bool IdentityUserDirectory::Fetch(const grpc::ServerContext& incoming, int64_t epoch, int64_t since,
                                  const std::vector<int64_t>& missing, EntryMap& own) {
  size_t start = 0;
  do {
    const size_t end = std::min(missing.size(), start + kMaxIdsPerCall);
    identity::v1::GetUserDirectoryResponse answer =
        Ask(incoming, since, {missing.begin() + start, missing.begin() + end});
    if (answer.reset() || (since != 0 && answer.epoch() != epoch)) return false;
    std::vector<std::pair<int64_t, Entry>> fresh;
    fresh.reserve(answer.users_size() + answer.gone_size());
    for (const identity::v1::UserContext& user : answer.users()) {
      fresh.emplace_back(user.user().id(),
                         std::make_shared<const std::string>(user.SerializeAsString()));
    }
    for (int64_t id : answer.gone()) fresh.emplace_back(id, nullptr);
    if (!Apply(answer.epoch(), answer.version(), fresh)) {
      // Current enough for this lookup (read after it began), though older than the copy.
      for (auto& [id, entry] : fresh) own[id] = std::move(entry);
    }
    epoch = answer.epoch();
    since = answer.version();
    start = end;
  } while (start < missing.size());
  return true;
}

void IdentityUserDirectory::Refresh(const grpc::ServerContext& incoming,
                                    const std::vector<int64_t>& user_ids, EntryMap& own) {
  for (int attempt = 1;; ++attempt) {
    int64_t epoch = 0;
    int64_t since = 0;
    std::vector<int64_t> missing;
    {
      std::shared_lock lock(mutex_);
      epoch = epoch_;
      since = version_;
      for (int64_t id : user_ids) {
        if (!entries_.contains(id) && !own.contains(id)) missing.push_back(id);
      }
    }
    // Nothing missing: the changes since the copy's version, in a call shared with other lookups.
    // Else one call per 10,000 missing users, which brings the changes too.
    const bool current =
        missing.empty() ? SharedCatchUp(incoming) : Fetch(incoming, epoch, since, missing, own);
    if (current) return;
    // The copy's version is no longer served (changes pruned, or a restored database): start over.
    if (attempt >= kMaxAttempts) {
      throw common::Error(common::ErrorKind::kUnavailable,
                          "The user directory keeps starting over. Try again shortly.");
    }
    own.clear();
    std::unique_lock lock(mutex_);
    entries_.clear();
    epoch_ = 0;
    version_ = 0;
  }
}

void ReadEntry(const DirectoryEntry& entry, google::protobuf::Message& message) {
  if (!entry || !message.ParseFromString(*entry)) {
    throw common::Error(common::ErrorKind::kInternal,
                        "Presence's copy of a user's directory entry is unreadable.");
  }
}

identity::v1::UserContext ParseEntry(const DirectoryEntry& entry) {
  identity::v1::UserContext context;
  ReadEntry(entry, context);
  return context;
}

std::vector<identity::v1::UserContext> UserDirectory::Lookup(const grpc::ServerContext& incoming,
                                                             const std::vector<int64_t>& user_ids) {
  std::vector<identity::v1::UserContext> found;
  const std::vector<std::pair<int64_t, DirectoryEntry>> entries = Entries(incoming, user_ids);
  found.reserve(entries.size());
  for (const auto& [id, entry] : entries) found.push_back(ParseEntry(entry));
  return found;
}

std::vector<std::pair<int64_t, DirectoryEntry>> IdentityUserDirectory::Entries(
    const grpc::ServerContext& incoming, const std::vector<int64_t>& user_ids) {
  if (user_ids.empty()) return {};
  EntryMap own;
  for (int attempt = 1;; ++attempt) {
    Refresh(incoming, user_ids, own);
    std::vector<std::pair<int64_t, DirectoryEntry>> found;
    found.reserve(user_ids.size());
    bool complete = true;
    {
      std::shared_lock lock(mutex_);
      for (int64_t id : user_ids) {
        auto entry = entries_.find(id);
        if (entry == entries_.end()) {
          entry = own.find(id);
          if (entry == own.end()) {
            complete = false;  // the copy was started over meanwhile
            break;
          }
        }
        if (entry->second) found.emplace_back(id, entry->second);
      }
    }
    if (complete) return found;
    if (attempt >= kMaxAttempts) {
      throw common::Error(common::ErrorKind::kUnavailable,
                          "The user directory keeps starting over. Try again shortly.");
    }
  }
}

}  // namespace sanplane::presence
