// SaveZones: see saves.hpp.

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <utility>

#include "batch_errors.hpp"
#include "common/errors.hpp"
#include "saves.hpp"
#include "store.hpp"
#include "validation.hpp"

namespace sanplane::san {
namespace {

struct ZonePlan {
  bool update = false;
  int64_t id = 0;
  FieldErrors errors;
  std::optional<std::vector<int64_t>> projects;
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
  if (count > save.max_batch) {
    throw common::Error(
        common::ErrorKind::kInvalidArgument,
        "At most " + std::to_string(save.max_batch) + " zones can be saved at once.");
  }
  const std::string& user = save.principal.username();

  // 1. Checks that need nothing but the request.
  std::vector<ZonePlan> plans(count);
  std::set<int64_t> seen_ids;
  std::vector<int64_t> update_ids, member_ids;
  for (size_t i = 0; i < count; ++i) {
    const v1::ZoneItem& item = items[static_cast<int>(i)];
    ZonePlan& plan = plans[i];
    const std::optional<int64_t> id =
        item.has_id() ? std::optional<int64_t>(item.id()) : std::nullopt;
    plan.update = IsUpdate(id);
    plan.id = plan.update ? *id : 0;
    if (plan.update) {
      if (plan.id < 0) AddError(plan.errors, "id", "Invalid id " + std::to_string(plan.id) + ".");
      if (!seen_ids.insert(plan.id).second) {
        AddError(plan.errors, "id", "This zone appears more than once in the request.");
      }
      if (!item.has_version()) {
        for (const auto& [field, message] : VersionMissingErrors(kZoneNames)) {
          AddError(plan.errors, field, message.as_string());
        }
      }
      if (plan.id > 0) update_ids.push_back(plan.id);
    } else {
      CheckZoneCreate(item, plan.errors);
    }
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
    std::vector<int64_t> create_fabric_ids;
    for (size_t i = 0; i < count; ++i) {
      const v1::ZoneItem& item = items[static_cast<int>(i)];
      if (!plans[i].update && item.has_fabric() && item.fabric() > 0) {
        create_fabric_ids.push_back(item.fabric());
      }
    }
    const std::map<int64_t, FabricRow> fabrics = store::LockFabrics(tx, create_fabric_ids);
    const std::map<int64_t, store::AliasRef> aliases = store::LockAliasRefs(tx, member_ids);

    std::vector<std::optional<ZoneValues>> values(count);  // nullopt: lost its race
    std::vector<std::string> labels(count);
    for (size_t i = 0; i < count; ++i) {
      const v1::ZoneItem& item = items[static_cast<int>(i)];
      const ZonePlan& plan = plans[i];
      const auto row = plan.update ? rows.find(plan.id) : rows.end();
      const bool found = row != rows.end() && row->second.customer_id == save.customer_id;
      labels[i] = ItemLabel(item.has_name() ? &item.name() : nullptr,
                            found ? &row->second.values.name : nullptr);
      FieldErrors errors = plan.errors;
      ZoneValues next;
      bool fabric_known = true;
      if (plan.update) {
        if (plan.id <= 0) {
          failures.AddInvalid(i, labels[i], errors);
          continue;
        }
        if (!found) {
          failures.AddConflict(i, labels[i], DeletedErrors(kZoneNames));
          continue;
        }
        const ZoneRow& stored = row->second;
        if (item.has_version() && item.version() != stored.stamp.version) {
          failures.AddConflict(i, labels[i], common::BatchConflictErrors("zone", stored.stamp));
          continue;
        }
        next = stored.values;
        FieldErrors ignored;  // already in plan.errors
        ApplyZoneItem(item, next, ignored);
        if (next.fabric_id != stored.values.fabric_id) {
          AddError(errors, "fabric", "The fabric of an existing zone cannot be changed.");
          next.fabric_id = stored.values.fabric_id;
        }
      } else {
        FieldErrors ignored;
        ApplyZoneItem(item, next, ignored);
        if (item.has_fabric() && item.fabric() > 0) {
          const auto fabric = fabrics.find(item.fabric());
          if (fabric == fabrics.end() || fabric->second.customer_id != save.customer_id) {
            AddError(errors, "fabric",
                     "Fabric " + std::to_string(item.fabric()) + " does not exist.");
            fabric_known = false;
          }
        } else {
          fabric_known = false;
        }
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

    // Writes: updates in id order (so concurrent batches lock rows in one order), then creates.
    std::vector<size_t> order(count);
    for (size_t i = 0; i < count; ++i) order[i] = i;
    std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
      if (plans[a].update != plans[b].update) return plans[a].update;
      return plans[a].update && plans[a].id < plans[b].id;
    });
    std::vector<int64_t> saved_ids(count, 0);
    for (size_t i : order) {
      const v1::ZoneItem& item = items[static_cast<int>(i)];
      const ZonePlan& plan = plans[i];
      const ZoneValues& v = *values[i];
      if (plan.update) {
        const ZoneRow& stored = rows.at(plan.id);
        const IdSetDiff members =
            plan.members ? DiffIdSets(stored.members, *plan.members) : IdSetDiff{};
        const std::vector<int64_t> added_projects =
            plan.projects ? DiffIdSets(stored.projects, *plan.projects).added
                          : std::vector<int64_t>{};
        const bool links_changed = !members.empty() || !added_projects.empty();
        if (store::UpdateZone(tx, plan.id, item.version(), v, links_changed, user)) {
          // The row is ours until commit: its version just moved.
          store::RemoveZoneMembers(tx, plan.id, members.removed);
          store::AddZoneMembers(tx, plan.id, members.added);
          store::LinkZoneProjects(tx, plan.id, added_projects);
        } else if (auto stamp = store::LoadStamp(tx, store::Table::kZones, plan.id); !stamp) {
          failures.AddConflict(i, labels[i], DeletedErrors(kZoneNames));
        } else if (stamp->version != item.version()) {
          failures.AddConflict(i, labels[i], common::BatchConflictErrors("zone", *stamp));
        }  // else: nothing changed; version and stamp stay.
        saved_ids[i] = plan.id;
      } else {
        saved_ids[i] = store::InsertZone(tx, v, user);
        if (plan.members) store::AddZoneMembers(tx, saved_ids[i], *plan.members);
        std::vector<int64_t> links{save.project_id};
        if (plan.projects) links.insert(links.end(), plan.projects->begin(), plan.projects->end());
        store::LinkZoneProjects(tx, saved_ids[i], links);
      }
    }
    if (!failures.empty()) throw failures.ToError();

    const std::map<int64_t, ZoneRow> records = store::LoadZones(tx, saved_ids);
    saved.clear();
    for (size_t i = 0; i < count; ++i) {
      const auto record = records.find(saved_ids[i]);
      if (record == records.end()) {
        // An unchanged zone deleted by someone else meanwhile.
        failures.AddConflict(i, labels[i], DeletedErrors(kZoneNames));
      } else {
        saved.push_back(record->second);
      }
    }
    if (!failures.empty()) throw failures.ToError();
  });

  response.set_message("Zones saved successfully!");
  for (const ZoneRow& row : saved) ToProto(row, *response.add_zones());
}

}  // namespace sanplane::san
