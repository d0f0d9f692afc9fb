// PgStore::SaveAliases: in one transaction, load what the batch names, plan (alias_plan.hpp) and
// apply the plan set-based.

#include <utility>

#include "alias_plan.hpp"
#include "batch_errors.hpp"
#include "pg_statements.hpp"
#include "pg_store.hpp"
#include "saves.hpp"

namespace sanplane::san {
namespace {

/// Writes the plan: one statement per kind of change, whatever the number of items. The rows it
/// updates (and those it leaves unchanged) are locked in id order first and must still be at the
/// version the plan read; a record that moved on or went away since is a conflict.
void ApplyAliasPlan(pqxx::work& tx, AliasSavePlan& plan, const std::string& user,
                    BatchFailures& failures) {
  detail::LockAndRecheck(plan, pg::LockAliasStamps(tx, detail::KeptIds(plan)), failures);
  if (!failures.empty()) return;

  std::vector<pg::RowWrite<AliasValues>> updates;
  pg::IdPairs project_links;
  for (const AliasUpdate& update : plan.updates) {
    updates.push_back({update.id, update.expected_version, &update.values});
    project_links.Add(update.id, update.added_projects);
  }
  if (pg::UpdateAliases(tx, updates, user).size() != updates.size()) {
    // Not reached while the rows are locked and their versions checked above.
    throw common::Error(common::ErrorKind::kVersionConflict, common::kCollisionMessage);
  }

  const std::vector<int64_t> new_ids = pg::ReserveAliasIds(tx, plan.creates.size());
  std::vector<pg::RowWrite<AliasValues>> inserts;
  for (size_t k = 0; k < plan.creates.size(); ++k) {
    const AliasCreate& create = plan.creates[k];
    plan.ids[create.index] = new_ids[k];
    inserts.push_back({new_ids[k], 0, &create.values});
    project_links.Add(new_ids[k], create.projects);
  }
  pg::InsertAliases(tx, inserts, user);
  pg::LinkAliasProjects(tx, project_links);
}

}  // namespace

std::vector<AliasRow> PgStore::SaveAliases(const Budget& budget, const AliasBatch& batch,
                                           const std::string& user) {
  std::vector<AliasRow> saved;
  try {
    Transaction(budget, [&](pqxx::work& tx) {
      BatchFailures failures(kAliasNames);
      AliasState state;
      state.rows = pg::LoadAliases(tx, batch.request.update_ids);
      state.fabrics = pg::LockFabrics(tx, detail::CreateFabricIds(batch.items, batch.request.items),
                                      batch.customer_id);
      AliasSavePlan plan = PlanAliasSave(batch, state, failures);
      const AliasKeys keys = KeysToCheck(plan);
      CheckAliasKeys(plan, pg::FindAliasKeys(tx, keys.fabric_ids, keys.names, keys.wwpns),
                     failures);
      if (!failures.empty()) throw failures.ToError();

      ApplyAliasPlan(tx, plan, user, failures);
      if (!failures.empty()) throw failures.ToError();

      saved = detail::SavedInOrder(pg::LoadAliases(tx, plan.ids), plan.ids, plan.labels, failures);
      if (!failures.empty()) throw failures.ToError();
    });
  } catch (const pqxx::unique_violation&) {
    // Another save took a name or WWPN between our check and our commit.
    throw common::Error(common::ErrorKind::kAlreadyExists,
                        "Another user just saved an alias with one of these names or WWPNs in "
                        "this fabric. Please refresh and try again.");
  }
  return saved;
}

}  // namespace sanplane::san
