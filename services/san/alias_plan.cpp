#include "alias_plan.hpp"

#include <algorithm>
#include <functional>
#include <utility>

namespace sanplane::san {
namespace {

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

std::string NameTaken(const std::string& name) {
  return "An alias named " + name + " already exists in this fabric.";
}

std::string WwpnTaken(const std::string& wwpn, const std::string& alias) {
  return "WWPN " + wwpn + " is already used by alias " + alias + " in this fabric.";
}

}  // namespace

AliasRequestCheck CheckAliasRequest(
    const google::protobuf::RepeatedPtrField<v1::AliasItem>& items) {
  AliasRequestCheck check;
  check.items.resize(static_cast<size_t>(items.size()));
  std::set<int64_t> seen_ids;
  for (size_t i = 0; i < check.items.size(); ++i) {
    const v1::AliasItem& item = items[static_cast<int>(i)];
    detail::ItemPlan& plan = check.items[i];
    detail::PlanId(item, kAliasNames, seen_ids, plan);
    if (!plan.update) CheckAliasCreate(item, plan.errors);
    if (plan.update && plan.id > 0) check.update_ids.push_back(plan.id);
    AliasValues scratch;
    ApplyAliasItem(item, scratch, plan.errors);
    plan.projects = RequestedProjects(item.projects(), Presence(item.json_fields()), plan.errors);
  }
  return check;
}

AliasSavePlan PlanAliasSave(const AliasBatch& batch, const AliasState& state,
                            BatchFailures& failures) {
  const size_t count = batch.request.items.size();
  AliasSavePlan plan(count, batch.request.update_ids);
  for (size_t i = 0; i < count; ++i) {
    const v1::AliasItem& item = batch.items[static_cast<int>(i)];
    const detail::ItemPlan& check = batch.request.items[i];
    const AliasRow* stored = detail::StoredRecord(state.rows, check, batch.customer_id);
    plan.labels[i] = ItemLabel(item.has_name() ? &item.name() : nullptr,
                               stored ? &stored->values.name : nullptr);
    FieldErrors errors = check.errors;
    AliasValues next;
    FieldErrors ignored;  // ApplyAliasItem's errors are in check.errors already
    if (check.update) {
      if (!detail::UpdateMayProceed(item, check, stored ? &stored->stamp : nullptr, i,
                                    plan.labels[i], failures)) {
        continue;
      }
      next = stored->values;
      ApplyAliasItem(item, next, ignored);
      detail::KeepStoredFabric(stored->values, next, kAliasNames, errors);
      CheckReference(next.host_id, stored->values.host_id, batch.verdicts.hosts, "host", HostError,
                     errors);
      CheckReference(next.storage_id, stored->values.storage_id, batch.verdicts.storage_systems,
                     "storage", StorageError, errors);
    } else {
      ApplyAliasItem(item, next, ignored);
      // A fabric the customer cannot see takes no part in the uniqueness checks.
      if (!detail::CheckCreateFabric(item, state.fabrics, batch.customer_id, errors)) {
        next.fabric_id = 0;
      }
      CheckReference(next.host_id, std::nullopt, batch.verdicts.hosts, "host", HostError, errors);
      CheckReference(next.storage_id, std::nullopt, batch.verdicts.storage_systems, "storage",
                     StorageError, errors);
    }
    if (auto error = detail::ListedProjectsError(check.projects, batch.verdicts.projects)) {
      AddError(errors, "projects", *error);
    }
    failures.AddInvalid(i, plan.labels[i], errors);
    plan.values[i] = next;
    if (failures.Failed(i)) continue;

    if (!check.update) {
      plan.creates.push_back(
          {i, std::move(next), detail::CreateProjects(batch.project_id, check.projects)});
      continue;
    }
    AliasUpdate update{i, stored->id, stored->stamp.version, std::move(next),
                       detail::AddedProjects(stored->projects, check.projects)};
    const bool same = update.values == stored->values && update.added_projects.empty();
    plan.File(*stored, std::move(update), same);
  }
  plan.SortUpdates();
  return plan;
}

AliasKeys KeysToCheck(const AliasSavePlan& plan) {
  AliasKeys keys;
  for (const std::optional<AliasValues>& values : plan.values) {
    if (!values || values->fabric_id <= 0) continue;
    keys.fabric_ids.push_back(values->fabric_id);
    if (!values->name.empty()) keys.names.push_back(values->name);
    if (!values->wwpn.empty()) keys.wwpns.push_back(values->wwpn);
  }
  return keys;
}

void CheckAliasKeys(const AliasSavePlan& plan, const std::vector<AliasKey>& stored,
                    BatchFailures& failures) {
  std::map<std::pair<int64_t, std::string>, size_t> batch_names, batch_wwpns;
  for (size_t i = 0; i < plan.values.size(); ++i) {
    const std::optional<AliasValues>& values = plan.values[i];
    if (!values || values->fabric_id <= 0) continue;
    FieldErrors errors;
    if (!values->name.empty() &&
        !batch_names.emplace(std::make_pair(values->fabric_id, values->name), i).second) {
      AddError(errors, "name", NameTaken(values->name));
    }
    if (!values->wwpn.empty()) {
      const auto [first, inserted] =
          batch_wwpns.emplace(std::make_pair(values->fabric_id, values->wwpn), i);
      if (!inserted) {
        AddError(errors, "wwpn", WwpnTaken(values->wwpn, plan.values[first->second]->name));
      }
    }
    failures.AddInvalid(i, plan.labels[i], errors);
  }
  for (const AliasKey& key : stored) {
    if (plan.changing.count(key.id) > 0) continue;
    const auto by_name = batch_names.find({key.fabric_id, key.name});
    if (by_name != batch_names.end()) {
      failures.AddInvalid(by_name->second, plan.labels[by_name->second],
                          {{"name", NameTaken(key.name)}});
    }
    const auto by_wwpn = batch_wwpns.find({key.fabric_id, key.wwpn});
    if (by_wwpn != batch_wwpns.end()) {
      failures.AddInvalid(by_wwpn->second, plan.labels[by_wwpn->second],
                          {{"wwpn", WwpnTaken(key.wwpn, key.name)}});
    }
  }
}

}  // namespace sanplane::san
