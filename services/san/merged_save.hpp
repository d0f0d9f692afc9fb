#pragma once
// A batch save whose items may come with `base_version` instead of `version` (the fields the
// client changed, and the version it loaded): each such item is merged with what others changed
// since (common/merge_items.hpp) and becomes an ordinary `version` item, then the batch saves as
// it always does, all or nothing; racing saves as common/merge_retry.hpp says.

#include <google/protobuf/repeated_ptr_field.h>

#include <map>
#include <memory>
#include <vector>

#include "common/merge_items.hpp"
#include "common/merge_retry.hpp"
#include "common/merged_update.hpp"
#include "saves.hpp"

namespace sanplane::san {

/// Zone members merge as sets by alias; the projects a save lists are only ever added.
inline const common::MergeRules kZoneMergeRules{.keyed_lists = {{"members", "alias"}},
                                                .additive = {"projects"}};
/// An alias's WWPNs are one ordered list (the first is its own): a whole value.
inline const common::MergeRules kAliasMergeRules{.keyed_lists = {}, .additive = {"projects"}};

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
    if (!item.has_base_version()) continue;
    common::RejectVersionBesideBase(item);
    if (item.has_id()) base_versions[item.id()] = item.base_version();
  }
  if (base_versions.empty()) {
    run(save, request, response);
    return;
  }
  common::SaveMergedWithRetries(base_versions, [&] {
    auto merged = std::make_shared<Request>(request);
    const std::map<int64_t, common::MergeBase> bases =
        save.store.LoadMergeBases(save.budget, entity, base_versions);
    auto merges = std::make_shared<std::vector<common::ItemMerge>>();
    bool conflicts = false;
    for (Item& item : *((*merged).*items)()) {
      if (!item.has_base_version() || !item.has_id()) continue;
      common::MergeBase base = bases.at(item.id());
      // Another customer's record: the save reports it as missing, and the merge tells nothing.
      if (base.exists && base.customer_id != save.customer_id) base = common::MergeBase{};
      merges->push_back(common::MergeItem(item, base, rules));
      conflicts = conflicts || !merges->back().outcome.conflicts.empty();
    }
    if (conflicts) throw common::MergeConflictsError(*merges);
    return [&save, &response, run, merged, merges] {
      Response saved;
      run(save, *merged, saved);
      for (const common::ItemMerge& merge : *merges) {
        *saved.add_merges() = common::MergeReportOf(merge);
      }
      response = std::move(saved);
    };
  });
}

}  // namespace sanplane::san
