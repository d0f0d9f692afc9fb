#pragma once
// The batch saves of aliases and zones: one transaction per request, every item validated, every
// failing item reported, nothing written unless every item succeeds.

#include <grpcpp/server_context.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "batch_errors.hpp"
#include "common/principal.hpp"
#include "peers.hpp"
#include "records.hpp"
#include "sanplane/san/v1/san.pb.h"
#include "store.hpp"
#include "validation.hpp"

namespace sanplane::san {

struct SaveContext {
  const grpc::ServerContext& context;
  const common::Principal& principal;
  int64_t project_id = 0;
  int64_t customer_id = 0;  // of the project
  Peers& peers;
  Store& store;
  Store::Budget budget;
  size_t max_batch = 0;
  // Check and count the save, write nothing (AliasBatch::dry_run).
  bool dry_run = false;
};

void SaveAliasBatch(const SaveContext& save, const v1::SaveAliasesRequest& request,
                    v1::SaveAliasesResponse& response);
void SaveZoneBatch(const SaveContext& save, const v1::SaveZonesRequest& request,
                   v1::SaveZonesResponse& response);

namespace detail {

/// What the checks before the transaction learned about one item.
struct ItemPlan {
  bool update = false;
  int64_t id = 0;
  FieldErrors errors;
  std::optional<std::vector<int64_t>> projects;
};

/// Error(kInvalidArgument) when the request carries more items than one batch may.
void CheckBatchSize(const SaveContext& save, size_t count, const EntityNames& names);

/// Whether the item updates a record (and which) or creates one. An update needs a valid id that
/// no other item of the request has, and a version.
template <class Item>
void PlanId(const Item& item, const EntityNames& names, std::set<int64_t>& seen_ids,
            ItemPlan& plan) {
  const std::optional<int64_t> id =
      item.has_id() ? std::optional<int64_t>(item.id()) : std::nullopt;
  plan.update = IsUpdate(id);
  plan.id = plan.update ? *id : 0;
  if (!plan.update) return;
  if (plan.id < 0) AddError(plan.errors, "id", "Invalid id " + std::to_string(plan.id) + ".");
  if (!seen_ids.insert(plan.id).second) {
    AddError(plan.errors, "id",
             "This " + names.singular + " appears more than once in the request.");
  }
  if (!item.has_version()) {
    for (const auto& [field, message] : VersionMissingErrors(names)) {
      AddError(plan.errors, field, message.as_string());
    }
  }
}

/// The checks of one item that need nothing but the request: its id (PlanId), the fields a create
/// needs (`check_create`), every value it sets (`apply`, onto scratch values) and the projects it
/// lists. An update's valid id joins `update_ids`, the records to load.
template <class Values, class Item>
void CheckItem(const Item& item, const EntityNames& names,
               void (*check_create)(const Item&, FieldErrors&),
               void (*apply)(const Item&, Values&, FieldErrors&), std::set<int64_t>& seen_ids,
               std::vector<int64_t>& update_ids, ItemPlan& plan) {
  PlanId(item, names, seen_ids, plan);
  if (!plan.update) check_create(item, plan.errors);
  if (plan.update && plan.id > 0) update_ids.push_back(plan.id);
  Values scratch;
  apply(item, scratch, plan.errors);
  plan.projects = RequestedProjects(item.projects(), Presence(item.json_fields()), plan.errors);
}

/// The fabrics that created items name: they must exist (and stay until commit).
template <class Items, class Plan>
std::vector<int64_t> CreateFabricIds(const Items& items, const std::vector<Plan>& plans) {
  std::vector<int64_t> ids;
  for (size_t i = 0; i < plans.size(); ++i) {
    const auto& item = items[static_cast<int>(i)];
    if (!plans[i].update && item.has_fabric() && item.fabric() > 0) ids.push_back(item.fabric());
  }
  return ids;
}

/// The stored record an update item names, if it is the customer's; nullptr for a create.
template <class Row>
const Row* StoredRecord(const std::map<int64_t, Row>& rows, const ItemPlan& plan,
                        int64_t customer_id) {
  if (!plan.update) return nullptr;
  const auto row = rows.find(plan.id);
  if (row == rows.end() || row->second.customer_id != customer_id) return nullptr;
  return &row->second;
}

/// Whether every item of a batch updates a record that is gone (or another customer's) or at
/// another version than the item read, by what a first read found of those records (`stored`,
/// by id): then the batch's failure, exactly as the full save would report it (a conflict replaces
/// whatever else is wrong with its item, see UpdateMayProceed), answered without a transaction;
/// nullopt when any item may get further, and the save runs in full.
template <class Item, class Check>
std::optional<BatchFailures> EveryItemConflicts(
    const google::protobuf::RepeatedPtrField<Item>& items, const std::vector<Check>& checks,
    const std::map<int64_t, StoredStamp>& stored, int64_t customer_id, const EntityNames& names) {
  const auto stored_of = [&](const Check& check) -> const StoredStamp* {
    const auto row = stored.find(check.id);
    if (row == stored.end() || row->second.customer_id != customer_id) return nullptr;
    return &row->second;
  };
  for (size_t i = 0; i < checks.size(); ++i) {
    const Item& item = items[static_cast<int>(i)];
    if (!checks[i].update || checks[i].id <= 0) return std::nullopt;
    const StoredStamp* row = stored_of(checks[i]);
    if (row != nullptr && (!item.has_version() || item.version() == row->stamp.version)) {
      return std::nullopt;
    }
  }
  BatchFailures failures(names);
  for (size_t i = 0; i < checks.size(); ++i) {
    const Item& item = items[static_cast<int>(i)];
    const StoredStamp* row = stored_of(checks[i]);
    const std::string label =
        ItemLabel(item.has_name() ? &item.name() : nullptr, row ? &row->name : nullptr);
    if (row == nullptr) {
      failures.AddDeleted(i, label);
    } else {
      failures.AddStale(i, label, row->stamp);
    }
  }
  return failures;
}

/// Every item of the batch updates a record (by a valid id): only then can EveryItemConflicts
/// answer, so only then is the first read worth its round trip.
template <class Check>
bool EveryItemUpdates(const std::vector<Check>& checks) {
  return std::all_of(checks.begin(), checks.end(),
                     [](const Check& check) { return check.update && check.id > 0; });
}

/// Whether an update item gets as far as validation: not with a bad id (its errors are recorded),
/// nor when its record is gone or at another version than the item read (a conflict).
template <class Item>
bool UpdateMayProceed(const Item& item, const ItemPlan& plan, const common::RecordStamp* stored,
                      size_t index, const std::string& label, BatchFailures& failures) {
  if (plan.id <= 0) {
    failures.AddInvalid(index, label, plan.errors);
    return false;
  }
  if (stored == nullptr) {
    failures.AddDeleted(index, label);
    return false;
  }
  if (item.has_version() && item.version() != stored->version) {
    failures.AddStale(index, label, *stored);
    return false;
  }
  return true;
}

/// A record stays in its fabric: an update naming another one is an error.
template <class Values>
void KeepStoredFabric(const Values& stored, Values& next, const EntityNames& names,
                      FieldErrors& errors) {
  if (next.fabric_id == stored.fabric_id) return;
  AddError(errors, "fabric", "The fabric of an existing " + names.singular + " cannot be changed.");
  next.fabric_id = stored.fabric_id;
}

/// Whether a created item names a fabric of the customer; an error when it names another one.
template <class Item>
bool CheckCreateFabric(const Item& item, const std::map<int64_t, FabricRow>& fabrics,
                       int64_t customer_id, FieldErrors& errors) {
  if (!item.has_fabric() || item.fabric() <= 0) return false;
  const auto fabric = fabrics.find(item.fabric());
  if (fabric == fabrics.end() || fabric->second.customer_id != customer_id) {
    AddError(errors, "fabric", "Fabric " + std::to_string(item.fabric()) + " does not exist.");
    return false;
  }
  return true;
}

/// A batch save's request as its plan reads it: the items, what the request-only checks found, the
/// project they are saved into and its customer.
template <class Item, class RequestCheck>
struct BatchRequest {
  const google::protobuf::RepeatedPtrField<Item>& items;
  const RequestCheck& request;
  int64_t project_id = 0;
  int64_t customer_id = 0;
};

/// A stored record the batch does not change itself clashes with the item that saves the same
/// (fabric, value) among `batch_keys`: reported on that item as `field`: `message`.
template <class Plan>
void ReportStoredClash(const Plan& plan,
                       const std::map<std::pair<int64_t, std::string>, size_t>& batch_keys,
                       int64_t stored_id, int64_t fabric_id, const std::string& value,
                       const char* field, const std::string& message, BatchFailures& failures) {
  if (plan.changing.count(stored_id) > 0) return;
  const auto item = batch_keys.find({fabric_id, value});
  if (item == batch_keys.end()) return;
  failures.AddInvalid(item->second, plan.labels[item->second], {{field, message}});
}

/// An item that creates a record: its index in the request, its values and the projects to link.
template <class Values>
struct ItemCreate {
  size_t index = 0;
  Values values;
  std::vector<int64_t> projects;
};

/// An item that changes a stored record: its index, the record and the version it was read at,
/// the values to write and the projects it links anew.
template <class Values>
struct ItemUpdate {
  size_t index = 0;
  int64_t id = 0;
  int64_t expected_version = 0;
  Values values;
  std::vector<int64_t> added_projects;
};

/// The shape both batch plans share: per item its label, the record it saves and the version it
/// read; the items sorted into creates, updates (ascending id: the order rows are locked in) and
/// unchanged ones (no write, same version).
template <class Values, class Create, class Update>
struct BatchPlan {
  std::vector<std::string> labels;  // per item, for `details`
  std::vector<Create> creates;      // in request order
  std::vector<Update> updates;      // items that change their record, by ascending id
  std::vector<size_t> unchanged;    // items equal to their stored record
  /// Per item: the record it saved (0 for a create until apply assigns the id), and the version
  /// it was loaded at (updates and unchanged items).
  std::vector<int64_t> ids;
  std::vector<int64_t> read_versions;
  /// Per item: the values it would save, nullopt when it lost a version race (uniqueness is
  /// checked for every other item, valid or not, so each clash is reported on both sides).
  std::vector<std::optional<Values>> values;
  /// The records the request updates: their stored keys do not clash with the batch.
  std::set<int64_t> changing;

  BatchPlan(size_t count, const std::vector<int64_t>& update_ids)
      : labels(count),
        ids(count, 0),
        read_versions(count, 0),
        values(count),
        changing(update_ids.begin(), update_ids.end()) {}

  /// Reports the errors of item `i` and keeps the values it would save; whether it is valid.
  bool Keep(size_t i, const Values& next, const FieldErrors& errors, BatchFailures& failures) {
    failures.AddInvalid(i, labels[i], errors);
    values[i] = next;
    return !failures.Failed(i);
  }

  /// Files a valid update of a stored record: unchanged when `same`, else an update.
  template <class Row>
  void File(const Row& stored, Update update, bool same) {
    ids[update.index] = stored.id;
    read_versions[update.index] = stored.stamp.version;
    if (same) {
      unchanged.push_back(update.index);
    } else {
      updates.push_back(std::move(update));
    }
  }

  /// Updates in ascending id order, the order every batch locks rows in.
  void SortUpdates() {
    std::sort(updates.begin(), updates.end(),
              [](const Update& a, const Update& b) { return a.id < b.id; });
  }
};

/// The projects an update links anew (none when the item lists none).
std::vector<int64_t> AddedProjects(const std::vector<int64_t>& stored,
                                   const std::optional<std::vector<int64_t>>& listed);
/// The projects a created record is linked to: the request's and those the item lists.
std::vector<int64_t> CreateProjects(int64_t project_id,
                                    const std::optional<std::vector<int64_t>>& listed);

/// The error of an item whose listed projects include one that is not the customer's.
std::optional<std::string> ListedProjectsError(const std::optional<std::vector<int64_t>>& listed,
                                               const std::map<int64_t, bool>& verdicts);

/// The loop both batch plans run: for every item, the stored record it updates (if the customer's)
/// and its label; an update that may not proceed is reported (UpdateMayProceed); the values it
/// would save are the stored ones (or a new record's defaults) with the item applied, in the
/// fabric the record has or, for a create, a fabric of the customer (CheckCreateFabric). `kind`
/// adds its record type's checks (`CheckMore`), and builds a create or an update of a valid item
/// (`Create`, `Update`); an update equal to its record (`Same`) changes nothing.
template <class Plan, class Batch, class Row, class Kind>
Plan PlanItems(const Batch& batch, const std::map<int64_t, Row>& rows,
               const std::map<int64_t, FabricRow>& fabrics,
               const std::map<int64_t, bool>& project_verdicts, const Kind& kind,
               BatchFailures& failures) {
  const size_t count = batch.request.items.size();
  Plan plan(count, batch.request.update_ids);
  for (size_t i = 0; i < count; ++i) {
    const auto& item = batch.items[static_cast<int>(i)];
    const auto& check = batch.request.items[i];
    const Row* stored = StoredRecord(rows, check, batch.customer_id);
    plan.labels[i] = ItemLabel(item.has_name() ? &item.name() : nullptr,
                               stored ? &stored->values.name : nullptr);
    if (check.update && !UpdateMayProceed(item, check, stored ? &stored->stamp : nullptr, i,
                                          plan.labels[i], failures)) {
      continue;
    }
    FieldErrors errors = check.errors;
    auto next = stored ? stored->values : decltype(stored->values){};
    FieldErrors ignored;  // what applying the item finds is in check.errors already
    kind.Apply(item, next, ignored);
    bool fabric_known = true;
    if (check.update) {
      KeepStoredFabric(stored->values, next, kind.names, errors);
    } else {
      fabric_known = CheckCreateFabric(item, fabrics, batch.customer_id, errors);
      // A fabric the customer cannot see takes no part in the uniqueness checks.
      if (!fabric_known) next.fabric_id = 0;
    }
    kind.CheckMore(item, check, stored, fabric_known, next, errors);
    if (auto error = ListedProjectsError(check.projects, project_verdicts)) {
      AddError(errors, "projects", *error);
    }
    if (!plan.Keep(i, next, errors, failures)) continue;

    if (!check.update) {
      plan.creates.push_back(
          kind.Create(i, check, std::move(next), CreateProjects(batch.project_id, check.projects)));
      continue;
    }
    auto update = kind.Update(i, check, *stored, std::move(next),
                              AddedProjects(stored->projects, check.projects));
    const bool same = kind.Same(update, *stored) && update.added_projects.empty();
    plan.File(*stored, std::move(update), same);
  }
  plan.SortUpdates();
  return plan;
}

/// The records a plan keeps (updates and unchanged items), ascending: the rows apply locks.
template <class Plan>
std::vector<int64_t> KeptIds(const Plan& plan) {
  std::vector<int64_t> ids;
  for (size_t i = 0; i < plan.ids.size(); ++i) {
    if (plan.ids[i] > 0) ids.push_back(plan.ids[i]);
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

/// The kept records, now locked, must still be at the version the plan read them at: one that
/// moved on or went away since is a conflict of its item.
template <class Plan>
void LockAndRecheck(const Plan& plan, const std::map<int64_t, common::RecordStamp>& locked,
                    BatchFailures& failures) {
  for (size_t i = 0; i < plan.ids.size(); ++i) {
    if (plan.ids[i] <= 0) continue;
    const auto stamp = locked.find(plan.ids[i]);
    if (stamp == locked.end()) {
      failures.AddDeleted(i, plan.labels[i]);
    } else if (stamp->second.version != plan.read_versions[i]) {
      failures.AddStale(i, plan.labels[i], stamp->second);
    }
  }
}

/// The saved records in request order, read back in the transaction. An item whose record is
/// missing changed nothing and was deleted by another user meanwhile: a conflict.
template <class Row>
std::vector<Row> SavedInOrder(const std::map<int64_t, Row>& records,
                              const std::vector<int64_t>& saved_ids,
                              const std::vector<std::string>& labels, BatchFailures& failures) {
  std::vector<Row> saved;
  for (size_t i = 0; i < saved_ids.size(); ++i) {
    const auto record = records.find(saved_ids[i]);
    if (record == records.end()) {
      failures.AddDeleted(i, labels[i]);
    } else {
      saved.push_back(record->second);
    }
  }
  return saved;
}

/// For every project id listed by some item (other than the request's project): whether it is a
/// project of the request's customer, asked of identity in one call for the whole batch.
std::map<int64_t, bool> CheckListedProjects(
    const SaveContext& save, const std::vector<std::optional<std::vector<int64_t>>>& listed);

/// Checks the references to records of the storage service (hosts or storage systems) once per
/// id: id -> whether it belongs to the request's customer.
std::map<int64_t, bool> CheckReferences(const std::vector<int64_t>& ids,
                                        const std::function<std::optional<int64_t>(int64_t)>& owner,
                                        int64_t customer_id);

}  // namespace detail
}  // namespace sanplane::san
