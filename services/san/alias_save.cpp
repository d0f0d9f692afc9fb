// SaveAliases: see saves.hpp.

#include <map>
#include <set>
#include <string>
#include <utility>

#include "batch_errors.hpp"
#include "saves.hpp"
#include "store.hpp"
#include "validation.hpp"

namespace sanplane::san {
namespace {

using AliasPlan = detail::ItemPlan;

std::string HostError(int64_t id) {
  return "Host " + std::to_string(id) + " does not exist for this customer.";
}

std::string StorageError(int64_t id) {
  return "Storage system " + std::to_string(id) + " does not exist for this customer.";
}

/// A reference (host/storage) that the item sets to a new value must have been verified.
void CheckReference(std::optional<int64_t> wanted, std::optional<int64_t> stored,
                    const std::map<int64_t, bool>& verdicts, std::string_view field,
                    const std::function<std::string(int64_t)>& message, FieldErrors& errors) {
  if (!wanted || wanted == stored) return;
  const auto verdict = verdicts.find(*wanted);
  if (verdict == verdicts.end()) {
    AddError(errors, field, "Could not be checked; please try again.");
  } else if (!verdict->second) {
    AddError(errors, field, message(*wanted));
  }
}

}  // namespace

void SaveAliasBatch(const SaveContext& save, const v1::SaveAliasesRequest& request,
                    v1::SaveAliasesResponse& response) {
  const auto& items = request.aliases();
  const size_t count = static_cast<size_t>(items.size());
  detail::CheckBatchSize(save, count, kAliasNames);
  const std::string& user = save.principal.username();

  // 1. Checks that need nothing but the request.
  std::vector<AliasPlan> plans(count);
  std::set<int64_t> seen_ids;
  for (size_t i = 0; i < count; ++i) {
    const v1::AliasItem& item = items[static_cast<int>(i)];
    AliasPlan& plan = plans[i];
    detail::PlanId(item, kAliasNames, seen_ids, plan);
    if (!plan.update) CheckAliasCreate(item, plan.errors);
    AliasValues scratch;
    ApplyAliasItem(item, scratch, plan.errors);
    plan.projects = RequestedProjects(item.projects(), Presence(item.json_fields()), plan.errors);
  }

  // 2. Checks with other services, before any write: listed projects (identity), and hosts and
  // storage systems that an item sets to a new value (storage).
  std::vector<std::optional<std::vector<int64_t>>> listed;
  std::vector<int64_t> update_ids;
  for (const AliasPlan& plan : plans) {
    listed.push_back(plan.projects);
    if (plan.update && plan.id > 0) update_ids.push_back(plan.id);
  }
  const std::map<int64_t, bool> project_verdicts = detail::CheckListedProjects(save, listed);

  std::map<int64_t, AliasRow> before;
  if (!update_ids.empty()) {
    save.transaction([&](pqxx::work& tx) { before = store::LoadAliases(tx, update_ids); });
  }
  std::vector<int64_t> host_ids, storage_ids;
  for (size_t i = 0; i < count; ++i) {
    const v1::AliasItem& item = items[static_cast<int>(i)];
    const auto stored = plans[i].update ? before.find(plans[i].id) : before.end();
    if (item.has_host() && item.host() > 0 &&
        (stored == before.end() || stored->second.values.host_id != item.host())) {
      host_ids.push_back(item.host());
    }
    if (item.has_storage() && item.storage() > 0 &&
        (stored == before.end() || stored->second.values.storage_id != item.storage())) {
      storage_ids.push_back(item.storage());
    }
  }
  const std::map<int64_t, bool> host_verdicts = detail::CheckReferences(
      host_ids, [&](int64_t id) { return save.peers.HostCustomer(save.context, id); },
      save.customer_id);
  const std::map<int64_t, bool> storage_verdicts = detail::CheckReferences(
      storage_ids, [&](int64_t id) { return save.peers.StorageCustomer(save.context, id); },
      save.customer_id);

  // 3. One transaction: validate against the stored state, then write; any failure rolls back.
  std::vector<AliasRow> saved;
  save.transaction([&](pqxx::work& tx) {
    BatchFailures failures(kAliasNames);
    const std::map<int64_t, AliasRow> rows = store::LoadAliases(tx, update_ids);
    const std::map<int64_t, FabricRow> fabrics =
        store::LockFabrics(tx, detail::CreateFabricIds(items, plans), save.customer_id);

    std::vector<std::optional<AliasValues>> values(count);  // nullopt: lost its race
    std::vector<std::string> labels(count);
    for (size_t i = 0; i < count; ++i) {
      const v1::AliasItem& item = items[static_cast<int>(i)];
      const AliasPlan& plan = plans[i];
      const AliasRow* stored = detail::StoredRecord(rows, plan, save.customer_id);
      labels[i] = ItemLabel(item.has_name() ? &item.name() : nullptr,
                            stored ? &stored->values.name : nullptr);
      FieldErrors errors = plan.errors;
      AliasValues next;
      if (plan.update) {
        if (!detail::UpdateMayProceed(item, plan, stored ? &stored->stamp : nullptr, i, labels[i],
                                      failures)) {
          continue;
        }
        next = stored->values;
        FieldErrors ignored;  // already in plan.errors
        ApplyAliasItem(item, next, ignored);
        detail::KeepStoredFabric(stored->values, next, kAliasNames, errors);
        CheckReference(next.host_id, stored->values.host_id, host_verdicts, "host", HostError,
                       errors);
        CheckReference(next.storage_id, stored->values.storage_id, storage_verdicts, "storage",
                       StorageError, errors);
      } else {
        FieldErrors ignored;
        ApplyAliasItem(item, next, ignored);
        // A fabric the customer cannot see takes no part in the uniqueness checks below.
        if (!detail::CheckCreateFabric(item, fabrics, save.customer_id, errors)) next.fabric_id = 0;
        CheckReference(next.host_id, std::nullopt, host_verdicts, "host", HostError, errors);
        CheckReference(next.storage_id, std::nullopt, storage_verdicts, "storage", StorageError,
                       errors);
      }
      if (auto error = detail::ListedProjectsError(plan.projects, project_verdicts)) {
        AddError(errors, "projects", *error);
      }
      failures.AddInvalid(i, labels[i], errors);
      values[i] = std::move(next);
    }

    // Unique (fabric, name) and (fabric, wwpn): within the batch, and against the stored aliases
    // this batch does not itself change.
    std::vector<int64_t> fabric_ids;
    std::vector<std::string> names, wwpns;
    std::map<std::pair<int64_t, std::string>, size_t> batch_names, batch_wwpns;
    for (size_t i = 0; i < count; ++i) {
      if (!values[i] || values[i]->fabric_id <= 0) continue;
      const AliasValues& v = *values[i];
      fabric_ids.push_back(v.fabric_id);
      FieldErrors errors;
      if (!v.name.empty()) {
        names.push_back(v.name);
        if (!batch_names.emplace(std::make_pair(v.fabric_id, v.name), i).second) {
          AddError(errors, "name", "An alias named " + v.name + " already exists in this fabric.");
        }
      }
      if (!v.wwpn.empty()) {
        wwpns.push_back(v.wwpn);
        const auto [first, inserted] = batch_wwpns.emplace(std::make_pair(v.fabric_id, v.wwpn), i);
        if (!inserted) {
          AddError(errors, "wwpn",
                   "WWPN " + v.wwpn + " is already used by alias " + values[first->second]->name +
                       " in this fabric.");
        }
      }
      failures.AddInvalid(i, labels[i], errors);
    }
    const std::set<int64_t> changing(update_ids.begin(), update_ids.end());
    for (const store::AliasKey& key : store::FindAliasKeys(tx, fabric_ids, names, wwpns)) {
      if (changing.count(key.id) > 0) continue;
      const auto by_name = batch_names.find({key.fabric_id, key.name});
      if (by_name != batch_names.end()) {
        failures.AddInvalid(
            by_name->second, labels[by_name->second],
            {{"name", "An alias named " + key.name + " already exists in this fabric."}});
      }
      const auto by_wwpn = batch_wwpns.find({key.fabric_id, key.wwpn});
      if (by_wwpn != batch_wwpns.end()) {
        failures.AddInvalid(by_wwpn->second, labels[by_wwpn->second],
                            {{"wwpn", "WWPN " + key.wwpn + " is already used by alias " + key.name +
                                          " in this fabric."}});
      }
    }
    if (!failures.empty()) throw failures.ToError();

    std::vector<int64_t> saved_ids(count, 0);
    for (size_t i : detail::WriteOrder(plans)) {
      const v1::AliasItem& item = items[static_cast<int>(i)];
      const AliasPlan& plan = plans[i];
      const AliasValues& v = *values[i];
      if (plan.update) {
        const std::vector<int64_t> added =
            detail::AddedProjects(rows.at(plan.id).projects, plan.projects);
        if (store::UpdateAlias(tx, plan.id, item.version(), v, !added.empty(), user)) {
          store::LinkAliasProjects(tx, plan.id, added);
        } else {
          detail::CheckUnchanged(tx, store::Table::kAliases, plan.id, item.version(), i, labels[i],
                                 failures);
        }
        saved_ids[i] = plan.id;
      } else {
        saved_ids[i] = store::InsertAlias(tx, v, user);
        store::LinkAliasProjects(tx, saved_ids[i],
                                 detail::CreateProjects(save.project_id, plan.projects));
      }
    }
    if (!failures.empty()) throw failures.ToError();

    saved = detail::SavedInOrder(store::LoadAliases(tx, saved_ids), saved_ids, labels, failures);
    if (!failures.empty()) throw failures.ToError();
  });

  response.set_message("Aliases saved successfully!");
  for (const AliasRow& row : saved) ToProto(row, *response.add_aliases());
}

}  // namespace sanplane::san
