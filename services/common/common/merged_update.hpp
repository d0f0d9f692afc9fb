#pragma once
// The save of one record (a PUT or PATCH of a fabric, storage system, customer or project) sent
// with `base_version` instead of `version`: the fields it sends are merged with what others saved
// since that version (common/merge_items.hpp, the rules of every save that merges), the request
// becomes an ordinary `version` save of what the merge keeps, and the service's own update runs
// it, every check and write as it always was. The answer is the record with its `merge` report.

#include <algorithm>
#include <cstdint>
#include <utility>

#include "common/merge_items.hpp"
#include "common/merge_retry.hpp"
#include "common/principal.hpp"
#include "common/versioning.hpp"

namespace sanplane::common {

/// The records saved one at a time have no lists: every field merges as one whole value.
inline const MergeRules kWholeFieldMergeRules{};

/// A request (or a batch item) that names `version` (in its body, or If-Match) and
/// `base_version` both: a 400.
template <class Request>
void RejectVersionBesideBase(const Request& request) {
  const auto& keys = request.json_fields();
  if (!request.has_version() && std::find(keys.begin(), keys.end(), "version") == keys.end()) {
    return;
  }
  constexpr char kBoth[] =
      "Send either version (a save of the whole record as you loaded it) or base_version (a save "
      "that merges), not both.";
  throw InvalidFields(kBoth, {{"base_version", kBoth}});
}

/// Runs `update(request, response)` (the service's `version` save). With base_version, merges
/// the request first: `load(id, base_version)` reads the record's MergeBase; a record the
/// caller may not see is left to `update` to report as missing; fields changed differently on
/// both sides are the 409 of MergeConflictsError, nothing written. A PATCH stays one (`partial`),
/// and a PUT becomes one: fields it leaves out stay as they stand, since only the fields a merge
/// keeps are saved.
template <class Request, class Response, class Load, class Update>
void UpdateMerging(const Principal& principal, const Request& request, Load load, Update update,
                   Response& response) {
  if (!request.has_base_version()) {
    update(request, response);
    return;
  }
  RejectVersionBesideBase(request);
  SaveMergedWithRetries({{request.id(), request.base_version()}}, [&] {
    Request merged = request;
    MergeBase base = load(request.id(), request.base_version());
    if (base.exists && !CanAccessCustomer(principal, base.customer_id)) base = MergeBase{};
    ItemMerge merge = MergeItem(merged, base, kWholeFieldMergeRules);
    if (!merge.outcome.conflicts.empty()) throw MergeConflictsError({merge});
    if constexpr (requires { merged.set_partial(true); }) merged.set_partial(true);
    return [&update, &response, merged = std::move(merged), merge = std::move(merge)] {
      Response saved;
      update(merged, saved);
      *saved.mutable_merge() = MergeReportOf(merge);
      response = std::move(saved);
    };
  });
}

}  // namespace sanplane::common
