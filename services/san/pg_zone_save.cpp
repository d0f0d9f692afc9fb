// PgStore::SaveZones: in one transaction, load what the batch names, plan (zone_plan.hpp) and
// apply the plan set-based.

#include <utility>

#include "batch_errors.hpp"
#include "pg_statements.hpp"
#include "pg_store.hpp"
#include "saves.hpp"
#include "zone_plan.hpp"

namespace sanplane::san {
namespace {

/// Writes the plan: one statement per kind of change, whatever the number of items. The rows it
/// updates (and those it leaves unchanged) are locked in id order first and must still be at the
/// version the plan read; a record that moved on or went away since is a conflict.
void ApplyZonePlan(pqxx::work& tx, ZoneSavePlan& plan, const std::string& user,
                   BatchFailures& failures) {
  detail::LockAndRecheck(plan, pg::LockZoneStamps(tx, detail::KeptIds(plan)), failures);
  if (!failures.empty()) return;

  std::vector<pg::RowWrite<ZoneValues>> updates;
  pg::IdPairs removed_members, added_members, project_links;
  for (const ZoneUpdate& update : plan.updates) {
    updates.push_back({update.id, update.expected_version, &update.values});
    removed_members.Add(update.id, update.members.removed);
    added_members.Add(update.id, update.members.added);
    project_links.Add(update.id, update.added_projects);
  }
  if (pg::UpdateZones(tx, updates, user).size() != updates.size()) {
    // Not reached while the rows are locked and their versions checked above.
    throw common::Error(common::ErrorKind::kVersionConflict, common::kCollisionMessage);
  }
  pg::RemoveZoneMembers(tx, removed_members);

  const std::vector<int64_t> new_ids = pg::ReserveZoneIds(tx, plan.creates.size());
  std::vector<pg::RowWrite<ZoneValues>> inserts;
  for (size_t k = 0; k < plan.creates.size(); ++k) {
    const ZoneCreate& create = plan.creates[k];
    plan.ids[create.index] = new_ids[k];
    inserts.push_back({new_ids[k], 0, &create.values});
    added_members.Add(new_ids[k], create.members);
    project_links.Add(new_ids[k], create.projects);
  }
  pg::InsertZones(tx, inserts, user);
  pg::AddZoneMembers(tx, added_members);
  pg::LinkZoneProjects(tx, project_links);
}

}  // namespace

std::vector<ZoneRow> PgStore::SaveZones(const Budget& budget, const ZoneBatch& batch,
                                        const std::string& user) {
  std::vector<ZoneRow> saved;
  try {
    Transaction(budget, [&](pqxx::work& tx) {
      BatchFailures failures(kZoneNames);
      ZoneState state;
      state.rows = pg::LoadZones(tx, batch.request.update_ids);
      state.fabrics = pg::LockFabrics(tx, detail::CreateFabricIds(batch.items, batch.request.items),
                                      batch.customer_id);
      state.aliases = pg::LockAliasRefs(tx, batch.request.member_ids, batch.customer_id);
      ZoneSavePlan plan = PlanZoneSave(batch, state, failures);
      const ZoneNames names = NamesToCheck(plan);
      CheckZoneNames(plan, pg::FindZoneKeys(tx, names.fabric_ids, names.names), failures);
      if (!failures.empty()) throw failures.ToError();

      ApplyZonePlan(tx, plan, user, failures);
      if (!failures.empty()) throw failures.ToError();

      saved = detail::SavedInOrder(pg::LoadZones(tx, plan.ids), plan.ids, plan.labels, failures);
      if (!failures.empty()) throw failures.ToError();
    });
  } catch (const pqxx::unique_violation&) {
    throw common::Error(common::ErrorKind::kAlreadyExists,
                        "Another user just saved a zone with one of these names in this fabric. "
                        "Please refresh and try again.");
  }
  return saved;
}

}  // namespace sanplane::san
