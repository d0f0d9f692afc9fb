#include "zone_plan.hpp"

#include <algorithm>
#include <set>
#include <utility>

namespace sanplane::san {
namespace {

/// Every member must be an alias of the zone's fabric (aliases of other customers do not exist).
std::optional<std::string> MembersError(const std::vector<int64_t>& members, int64_t fabric_id,
                                        int64_t customer_id,
                                        const std::map<int64_t, AliasRef>& aliases) {
  std::string message;
  for (int64_t id : members) {
    const auto alias = aliases.find(id);
    std::string problem;
    if (alias == aliases.end() || alias->second.customer_id != customer_id) {
      problem = "Alias " + std::to_string(id) + " does not exist.";
    } else if (alias->second.fabric_id != fabric_id) {
      problem = "Alias " + alias->second.name + " belongs to another fabric.";
    }
    if (problem.empty()) continue;
    if (!message.empty()) message += ' ';
    message += problem;
  }
  if (message.empty()) return std::nullopt;
  return message;
}

std::string NameTaken(const std::string& name) {
  return "A zone named " + name + " already exists in this fabric.";
}

}  // namespace

ZoneRequestCheck CheckZoneRequest(const google::protobuf::RepeatedPtrField<v1::ZoneItem>& items) {
  ZoneRequestCheck check;
  check.items.resize(static_cast<size_t>(items.size()));
  std::set<int64_t> seen_ids;
  for (size_t i = 0; i < check.items.size(); ++i) {
    const v1::ZoneItem& item = items[static_cast<int>(i)];
    ZoneItemCheck& plan = check.items[i];
    detail::PlanId(item, kZoneNames, seen_ids, plan);
    if (!plan.update) CheckZoneCreate(item, plan.errors);
    if (plan.update && plan.id > 0) check.update_ids.push_back(plan.id);
    ZoneValues scratch;
    ApplyZoneItem(item, scratch, plan.errors);
    plan.projects = RequestedProjects(item.projects(), Presence(item.json_fields()), plan.errors);
    plan.members = RequestedMembers(item, plan.errors);
    if (plan.members) {
      check.member_ids.insert(check.member_ids.end(), plan.members->begin(), plan.members->end());
    }
  }
  return check;
}

ZoneSavePlan PlanZoneSave(const ZoneBatch& batch, const ZoneState& state, BatchFailures& failures) {
  const size_t count = batch.request.items.size();
  ZoneSavePlan plan(count, batch.request.update_ids);
  for (size_t i = 0; i < count; ++i) {
    const v1::ZoneItem& item = batch.items[static_cast<int>(i)];
    const ZoneItemCheck& check = batch.request.items[i];
    const ZoneRow* stored = detail::StoredRecord(state.rows, check, batch.customer_id);
    plan.labels[i] = ItemLabel(item.has_name() ? &item.name() : nullptr,
                               stored ? &stored->values.name : nullptr);
    FieldErrors errors = check.errors;
    ZoneValues next;
    bool fabric_known = true;
    FieldErrors ignored;  // ApplyZoneItem's errors are in check.errors already
    if (check.update) {
      if (!detail::UpdateMayProceed(item, check, stored ? &stored->stamp : nullptr, i,
                                    plan.labels[i], failures)) {
        continue;
      }
      next = stored->values;
      ApplyZoneItem(item, next, ignored);
      detail::KeepStoredFabric(stored->values, next, kZoneNames, errors);
    } else {
      ApplyZoneItem(item, next, ignored);
      fabric_known = detail::CheckCreateFabric(item, state.fabrics, batch.customer_id, errors);
      // A fabric the customer cannot see takes no part in the uniqueness checks.
      if (!fabric_known) next.fabric_id = 0;
    }
    if (check.members && fabric_known) {
      if (auto error =
              MembersError(*check.members, next.fabric_id, batch.customer_id, state.aliases)) {
        AddError(errors, "members", *error);
      }
    }
    if (auto error = detail::ListedProjectsError(check.projects, batch.project_verdicts)) {
      AddError(errors, "projects", *error);
    }
    failures.AddInvalid(i, plan.labels[i], errors);
    plan.values[i] = next;
    if (failures.Failed(i)) continue;

    if (!check.update) {
      plan.creates.push_back({i, std::move(next), check.members.value_or(std::vector<int64_t>{}),
                              detail::CreateProjects(batch.project_id, check.projects)});
      continue;
    }
    ZoneUpdate update{i,
                      stored->id,
                      stored->stamp.version,
                      std::move(next),
                      check.members ? DiffIdSets(stored->members, *check.members) : IdSetDiff{},
                      detail::AddedProjects(stored->projects, check.projects)};
    const bool same =
        update.values == stored->values && update.members.empty() && update.added_projects.empty();
    plan.File(*stored, std::move(update), same);
  }
  plan.SortUpdates();
  return plan;
}

ZoneNames NamesToCheck(const ZoneSavePlan& plan) {
  ZoneNames names;
  for (const std::optional<ZoneValues>& values : plan.values) {
    if (!values || values->fabric_id <= 0 || values->name.empty()) continue;
    names.fabric_ids.push_back(values->fabric_id);
    names.names.push_back(values->name);
  }
  return names;
}

void CheckZoneNames(const ZoneSavePlan& plan, const std::vector<ZoneKey>& stored,
                    BatchFailures& failures) {
  std::map<std::pair<int64_t, std::string>, size_t> batch_names;
  for (size_t i = 0; i < plan.values.size(); ++i) {
    const std::optional<ZoneValues>& values = plan.values[i];
    if (!values || values->fabric_id <= 0 || values->name.empty()) continue;
    if (!batch_names.emplace(std::make_pair(values->fabric_id, values->name), i).second) {
      failures.AddInvalid(i, plan.labels[i], {{"name", NameTaken(values->name)}});
    }
  }
  for (const ZoneKey& key : stored) {
    if (plan.changing.count(key.id) > 0) continue;
    const auto by_name = batch_names.find({key.fabric_id, key.name});
    if (by_name != batch_names.end()) {
      failures.AddInvalid(by_name->second, plan.labels[by_name->second],
                          {{"name", NameTaken(key.name)}});
    }
  }
}

}  // namespace sanplane::san
