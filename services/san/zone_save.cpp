// SaveZones: see saves.hpp. Load, plan (zone_plan.hpp), apply set-based.

#include <utility>

#include "batch_errors.hpp"
#include "saves.hpp"
#include "store.hpp"
#include "zone_plan.hpp"

namespace sanplane::san {
namespace {

/// Writes the plan: one statement per kind of change, whatever the number of items. The rows it
/// updates (and those it leaves unchanged) are locked in id order first and must still be at the
/// version the plan read; a record that moved on or went away since is a conflict.
void ApplyZonePlan(pqxx::work& tx, ZoneSavePlan& plan, const std::string& user,
                   BatchFailures& failures) {
  detail::LockAndRecheck(plan, store::LockZoneStamps(tx, detail::KeptIds(plan)), failures);
  if (!failures.empty()) return;

  std::vector<store::RowWrite<ZoneValues>> updates;
  store::IdPairs removed_members, added_members, project_links;
  for (const ZoneUpdate& update : plan.updates) {
    updates.push_back({update.id, update.expected_version, &update.values});
    removed_members.Add(update.id, update.members.removed);
    added_members.Add(update.id, update.members.added);
    project_links.Add(update.id, update.added_projects);
  }
  if (store::UpdateZones(tx, updates, user).size() != updates.size()) {
    // Not reached while the rows are locked and their versions checked above.
    throw common::Error(common::ErrorKind::kVersionConflict, common::kCollisionMessage);
  }
  store::RemoveZoneMembers(tx, removed_members);

  const std::vector<int64_t> new_ids = store::ReserveZoneIds(tx, plan.creates.size());
  std::vector<store::RowWrite<ZoneValues>> inserts;
  for (size_t k = 0; k < plan.creates.size(); ++k) {
    const ZoneCreate& create = plan.creates[k];
    plan.ids[create.index] = new_ids[k];
    inserts.push_back({new_ids[k], 0, &create.values});
    added_members.Add(new_ids[k], create.members);
    project_links.Add(new_ids[k], create.projects);
  }
  store::InsertZones(tx, inserts, user);
  store::AddZoneMembers(tx, added_members);
  store::LinkZoneProjects(tx, project_links);
}

}  // namespace

void SaveZoneBatch(const SaveContext& save, const v1::SaveZonesRequest& request,
                   v1::SaveZonesResponse& response) {
  const auto& items = request.zones();
  detail::CheckBatchSize(save, static_cast<size_t>(items.size()), kZoneNames);

  // 1. Checks that need nothing but the request, then the listed projects (one identity call).
  const ZoneRequestCheck check = CheckZoneRequest(items);
  std::vector<std::optional<std::vector<int64_t>>> listed;
  for (const ZoneItemCheck& item : check.items) listed.push_back(item.projects);
  const std::map<int64_t, bool> project_verdicts = detail::CheckListedProjects(save, listed);
  const ZoneBatch batch{items, check, save.project_id, save.customer_id, project_verdicts};

  // 2. One transaction: load, plan, apply; any failure rolls everything back.
  std::vector<ZoneRow> saved;
  save.transaction([&](pqxx::work& tx) {
    BatchFailures failures(kZoneNames);
    ZoneState state;
    state.rows = store::LoadZones(tx, check.update_ids);
    state.fabrics =
        store::LockFabrics(tx, detail::CreateFabricIds(items, check.items), save.customer_id);
    state.aliases = store::LockAliasRefs(tx, check.member_ids, save.customer_id);
    ZoneSavePlan plan = PlanZoneSave(batch, state, failures);
    const ZoneNames names = NamesToCheck(plan);
    CheckZoneNames(plan, store::FindZoneKeys(tx, names.fabric_ids, names.names), failures);
    if (!failures.empty()) throw failures.ToError();

    ApplyZonePlan(tx, plan, save.principal.username(), failures);
    if (!failures.empty()) throw failures.ToError();

    saved = detail::SavedInOrder(store::LoadZones(tx, plan.ids), plan.ids, plan.labels, failures);
    if (!failures.empty()) throw failures.ToError();
  });

  response.set_message("Zones saved successfully!");
  for (const ZoneRow& row : saved) ToProto(row, *response.add_zones());
}

}  // namespace sanplane::san
