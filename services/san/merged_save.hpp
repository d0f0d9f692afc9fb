#pragma once
// A batch save whose items may come with `base_version` instead of `version` (the fields the
// client changed, and the version it loaded): each such item is merged with what others changed
// since (common/merge_items.hpp) and becomes an ordinary `version` item, then the batch saves as
// it always does, all or nothing. A merge reads the record as it stood a moment before the save
// writes; when another save came in between, the save finds a stale version and the merge runs
// again on the newer record, so disjoint edits never surface as conflicts. Within one process the
// merged saves of a record also queue up behind each other (MergeLocks), so that they do not keep
// racing one another; the retry remains for the saves of other replicas and `version` saves.

#include <google/protobuf/repeated_ptr_field.h>

#include <array>
#include <chrono>
#include <map>
#include <mutex>
#include <random>
#include <set>
#include <thread>
#include <vector>

#include "common/merge_items.hpp"
#include "saves.hpp"

namespace sanplane::san {

/// Zone members merge as sets by alias; the projects a save lists are only ever added.
inline const common::MergeRules kZoneMergeRules{.keyed_lists = {{"members", "alias"}},
                                                .additive = {"projects"}};
/// An alias's WWPNs are one ordered list (the first is its own): a whole value.
inline const common::MergeRules kAliasMergeRules{.keyed_lists = {}, .additive = {"projects"}};

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

/// Saves `request` with `run`, merging its base_version items of kind `entity` first (`items`
/// names the request's list of items). A conflict of any item fails the whole batch with every
/// conflict; the answer lists a MergeReport per merged item.
template <class Request, class Item, class Response>
void SaveMerging(const SaveContext& save, const std::string& entity,
                 const common::MergeRules& rules, const Request& request,
                 google::protobuf::RepeatedPtrField<Item>* (Request::*items)(),
                 void (*run)(const SaveContext&, const Request&, Response&), Response& response) {
  Request copy = request;
  std::map<int64_t, int64_t> base_versions;
  for (const Item& item : *(copy.*items)()) {
    if (item.has_base_version() && item.has_id()) base_versions[item.id()] = item.base_version();
  }
  if (base_versions.empty()) {
    run(save, request, response);
    return;
  }
  const auto turn = MergeLocks::Lock(base_versions);
  std::minstd_rand jitter(std::random_device{}());
  for (int attempt = 1;; ++attempt) {
    Request merged = request;
    const std::map<int64_t, common::MergeBase> bases =
        save.store.LoadMergeBases(save.budget, entity, base_versions);
    std::vector<common::ItemMerge> merges;
    bool conflicts = false;
    for (Item& item : *(merged.*items)()) {
      if (!item.has_base_version() || !item.has_id()) continue;
      common::MergeBase base = bases.at(item.id());
      // Another customer's record: the save reports it as missing, and the merge tells nothing.
      if (base.exists && base.customer_id != save.customer_id) base = common::MergeBase{};
      merges.push_back(common::MergeItem(item, base, rules));
      conflicts = conflicts || !merges.back().outcome.conflicts.empty();
    }
    if (conflicts) throw common::MergeConflictsError(merges);
    try {
      Response saved;
      run(save, merged, saved);
      for (const common::ItemMerge& merge : merges)
        *saved.add_merges() = common::MergeReportOf(merge);
      response = std::move(saved);
      return;
    } catch (const common::Error& error) {
      if (error.kind() != common::ErrorKind::kVersionConflict || attempt >= kMergeAttempts) throw;
    }
    // Another save came first: merge again onto it, after a pause that keeps the racers apart.
    std::this_thread::sleep_for(std::chrono::milliseconds(1 + jitter() % (2 * attempt + 3)));
  }
}

}  // namespace sanplane::san
