#pragma once
// How a save sent with `base_version` meets the saves racing it. A merge reads the record as it
// stood a moment before the save writes; when another save came in between, the save finds a
// stale version and the merge runs again on the newer record, so disjoint edits never surface as
// conflicts. Within one process the merged saves of a record also queue up behind each other
// (MergeLocks), so that they do not keep racing one another; the retry remains for the saves of
// other replicas and `version` saves. Shared by the batch saves (zones, aliases) and the saves of
// one record (fabric, storage system, customer, project).

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include "common/errors.hpp"

namespace sanplane::common {

/// The merged saves of one record take turns in this process: a lock per stripe of record ids,
/// taken in ascending stripe order (so two batches never wait for each other in a cycle).
class MergeLocks {
 public:
  static std::vector<std::unique_lock<std::mutex>> Lock(const std::map<int64_t, int64_t>& ids) {
    static std::array<std::mutex, 64> stripes;
    std::set<size_t> wanted;
    for (const auto& [id, base_version] : ids) {
      wanted.insert(static_cast<size_t>(id) % stripes.size());
    }
    std::vector<std::unique_lock<std::mutex>> held;
    for (size_t stripe : wanted) held.emplace_back(stripes[stripe]);
    return held;
  }
};

/// How often a merged save is tried before its stale-version 409 goes to the client.
inline constexpr int kMergeAttempts = 25;

/// Runs a merged save of the records `ids` ({id: base_version}) holding their MergeLocks.
/// `merge()` reads and merges (its errors, a merge conflict included, go to the caller as they
/// are) and returns the save; a save that finds a stale version (another save came first) runs
/// `merge()` again onto the newer record, after a pause that keeps the racers apart, at most
/// kMergeAttempts times in all.
template <class Merge>
void SaveMergedWithRetries(const std::map<int64_t, int64_t>& ids, Merge merge) {
  const auto turn = MergeLocks::Lock(ids);
  std::minstd_rand jitter(std::random_device{}());
  for (int attempt = 1;; ++attempt) {
    auto save = merge();
    try {
      save();
      return;
    } catch (const Error& error) {
      if (error.kind() != ErrorKind::kVersionConflict || attempt >= kMergeAttempts) throw;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(1 + jitter() % (2 * attempt + 3)));
  }
}

}  // namespace sanplane::common
