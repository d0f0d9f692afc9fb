// SaveZones: see saves.hpp.

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

struct ZonePlan : detail::ItemPlan {
  std::optional<std::vector<int64_t>> members;
};

/// Every member must be an alias of the zone's fabric (aliases of other customers do not exist).
std::optional<std::string> MembersError(const std::vector<int64_t>& members, int64_t fabric_id,
                                        int64_t customer_id,
                                        const std::map<int64_t, store::AliasRef>& aliases) {
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

}  // namespace

void SaveZoneBatch(const SaveContext& save, const v1::SaveZonesRequest& request,
                   v1::SaveZonesResponse& response) {
  const auto& items = request.zones();
  const size_t count = static_cast<size_t>(items.size());
  detail::CheckBatchSize(save, count, kZoneNames);
  const std::string& user = save.principal.username();

  // 1. Checks that need nothing but the request.
  std::vector<ZonePlan> plans(count);
  std::set<int64_t> seen_ids;
  std::vector<int64_t> update_ids, member_ids;
  for (size_t i = 0; i < count; ++i) {
    const v1::ZoneItem& item = items[static_cast<int>(i)];
    ZonePlan& plan = plans[i];
    detail::PlanId(item, kZoneNames, seen_ids, plan);
    if (!plan.update) CheckZoneCreate(item, plan.errors);
    if (plan.update && plan.id > 0) update_ids.push_back(plan.id);
    ZoneValues scratch;
    ApplyZoneItem(item, scratch, plan.errors);
    plan.projects = RequestedProjects(item.projects(), Presence(item.json_fields()), plan.errors);
    plan.members = RequestedMembers(item, plan.errors);
    if (plan.members)
      member_ids.insert(member_ids.end(), plan.members->begin(), plan.members->end());
  }

  // 2. Listed projects are checked with identity before any write.
  std::vector<std::optional<std::vector<int64_t>>> listed;
  for (const ZonePlan& plan : plans) listed.push_back(plan.projects);
  const std::map<int64_t, bool> project_verdicts = detail::CheckListedProjects(save, listed);

  // 3. One transaction: validate against the stored state, then write; any failure rolls back.
  std::vector<ZoneRow> saved;
  save.transaction([&](pqxx::work& tx) {
    BatchFailures failures(kZoneNames);
    const std::map<int64_t, ZoneRow> rows = store::LoadZones(tx, update_ids);
    const std::map<int64_t, FabricRow> fabrics =
        store::LockFabrics(tx, detail::CreateFabricIds(items, plans), save.customer_id);
    const std::map<int64_t, store::AliasRef> aliases =
        store::LockAliasRefs(tx, member_ids, save.customer_id);

    std::vector<std::optional<ZoneValues>> values(count);  // nullopt: lost its race
    std::vector<std::string> labels(count);
    for (size_t i = 0; i < count; ++i) {
      const v1::ZoneItem& item = items[static_cast<int>(i)];
      const ZonePlan& plan = plans[i];
      const ZoneRow* stored = detail::StoredRecord(rows, plan, save.customer_id);
      labels[i] = ItemLabel(item.has_name() ? &item.name() : nullptr,
                            stored ? &stored->values.name : nullptr);
      FieldErrors errors = plan.errors;
      ZoneValues next;
      bool fabric_known = true;
      if (plan.update) {
        if (!detail::UpdateMayProceed(item, plan, stored ? &stored->stamp : nullptr, i, labels[i],
                                      failures)) {
          continue;
        }
        next = stored->values;
        FieldErrors ignored;  // already in plan.errors
        ApplyZoneItem(item, next, ignored);
        detail::KeepStoredFabric(stored->values, next, kZoneNames, errors);
      } else {
        FieldErrors ignored;
        ApplyZoneItem(item, next, ignored);
        fabric_known = detail::CheckCreateFabric(item, fabrics, save.customer_id, errors);
        // A fabric the customer cannot see takes no part in the uniqueness checks below.
        if (!fabric_known) next.fabric_id = 0;
      }
      if (plan.members && fabric_known) {
        if (auto error = MembersError(*plan.members, next.fabric_id, save.customer_id, aliases)) {
          AddError(errors, "members", *error);
        }
      }
      if (auto error = detail::ListedProjectsError(plan.projects, project_verdicts)) {
        AddError(errors, "projects", *error);
      }
      failures.AddInvalid(i, labels[i], errors);
      values[i] = std::move(next);
    }

    // Unique (fabric, name): within the batch, and against the stored zones this batch does not
    // itself change.
    std::vector<int64_t> fabric_ids;
    std::vector<std::string> names;
    std::map<std::pair<int64_t, std::string>, size_t> batch_names;
    for (size_t i = 0; i < count; ++i) {
      if (!values[i] || values[i]->fabric_id <= 0 || values[i]->name.empty()) continue;
      const ZoneValues& v = *values[i];
      fabric_ids.push_back(v.fabric_id);
      names.push_back(v.name);
      if (!batch_names.emplace(std::make_pair(v.fabric_id, v.name), i).second) {
        failures.AddInvalid(
            i, labels[i], {{"name", "A zone named " + v.name + " already exists in this fabric."}});
      }
    }
    const std::set<int64_t> changing(update_ids.begin(), update_ids.end());
    for (const store::ZoneKey& key : store::FindZoneKeys(tx, fabric_ids, names)) {
      if (changing.count(key.id) > 0) continue;
      const auto by_name = batch_names.find({key.fabric_id, key.name});
      if (by_name != batch_names.end()) {
        failures.AddInvalid(
            by_name->second, labels[by_name->second],
            {{"name", "A zone named " + key.name + " already exists in this fabric."}});
      }
    }
    if (!failures.empty()) throw failures.ToError();

    std::vector<int64_t> saved_ids(count, 0);
    for (size_t i : detail::WriteOrder(plans)) {
      const v1::ZoneItem& item = items[static_cast<int>(i)];
      const ZonePlan& plan = plans[i];
      const ZoneValues& v = *values[i];
      if (plan.update) {
        const ZoneRow& stored = rows.at(plan.id);
        const IdSetDiff members =
            plan.members ? DiffIdSets(stored.members, *plan.members) : IdSetDiff{};
        const std::vector<int64_t> added_projects =
            detail::AddedProjects(stored.projects, plan.projects);
        const bool links_changed = !members.empty() || !added_projects.empty();
        if (store::UpdateZone(tx, plan.id, item.version(), v, links_changed, user)) {
          // The row is ours until commit: its version just moved.
          store::RemoveZoneMembers(tx, plan.id, members.removed);
          store::AddZoneMembers(tx, plan.id, members.added);
          store::LinkZoneProjects(tx, plan.id, added_projects);
        } else {
          detail::CheckUnchanged(tx, store::Table::kZones, plan.id, item.version(), i, labels[i],
                                 failures);
        }
        saved_ids[i] = plan.id;
      } else {
        saved_ids[i] = store::InsertZone(tx, v, user);
        if (plan.members) store::AddZoneMembers(tx, saved_ids[i], *plan.members);
        store::LinkZoneProjects(tx, saved_ids[i],
                                detail::CreateProjects(save.project_id, plan.projects));
      }
    }
    if (!failures.empty()) throw failures.ToError();

    saved = detail::SavedInOrder(store::LoadZones(tx, saved_ids), saved_ids, labels, failures);
    if (!failures.empty()) throw failures.ToError();
  });

  response.set_message("Zones saved successfully!");
  for (const ZoneRow& row : saved) ToProto(row, *response.add_zones());
}

}  // namespace sanplane::san
