// PgStore::SaveAliases: the alias plan (alias_plan.hpp) in the steps of pg_batch_save.hpp.

#include <set>

#include "alias_plan.hpp"
#include "pg_batch_save.hpp"
#include "pg_store.hpp"

namespace sanplane::san {
namespace {

constexpr char kKeyTakenMeanwhile[] =
    "Another user just saved an alias with one of these names or WWPNs in this fabric. Please "
    "refresh and try again.";

/// Every WWPN of the aliases a save writes (pg::ReplaceAliasWwpns), after their rows.
struct AliasWwpnWrites {
  std::vector<pg::AliasWwpns> written;

  void Updated(const AliasUpdate& update) { written.push_back({update.id, &update.values}); }
  void Created(int64_t id, const AliasCreate& create) { written.push_back({id, &create.values}); }
  void AfterUpdates(pqxx::transaction_base&) const {}
  void AfterInserts(pqxx::transaction_base& tx) const { pg::ReplaceAliasWwpns(tx, written); }
  /// Whether `update` wrote nothing but the row of `stored`: its WWPNs, projects and fabric are
  /// as loaded (the WWPNs are written again all the same, in the same order).
  static bool RowOnly(const AliasUpdate& update, const AliasRow& stored) {
    return update.values.Wwpns() == stored.values.Wwpns() && update.added_projects.empty() &&
           update.values.fabric_id == stored.values.fabric_id;
  }
};

/// The ids of the aliases' fabrics, each once.
std::vector<int64_t> FabricIdsOf(const std::map<int64_t, AliasRow>& aliases) {
  std::set<int64_t> ids;
  for (const auto& [id, alias] : aliases) ids.insert(alias.values.fabric_id);
  return {ids.begin(), ids.end()};
}

}  // namespace

std::vector<AliasRow> PgStore::SaveAliases(const Budget& budget, const AliasBatch& batch,
                                           const std::string& user) {
  pg::ThrowIfEveryItemConflicts(ReadOnce(budget), pg::kAliasStatements, kAliasNames, batch);
  std::vector<AliasRow> saved;
  const auto transaction = [&](const std::function<void(pqxx::transaction_base&)>& work) {
    BatchTransaction(budget, kKeyTakenMeanwhile, work);
  };
  pg::RunBatch(batch.dry_run, transaction, [&](pqxx::transaction_base& tx) {
    const auto plan_aliases = [&](AliasState& state, BatchFailures& failures) {
      state.fabrics.merge(pg::LockFabrics(tx, FabricIdsOf(state.rows), batch.customer_id));
      AliasSavePlan plan = PlanAliasSave(batch, state, failures);
      const AliasKeys keys = KeysToCheck(plan);
      CheckAliasKeys(plan, pg::FindAliasKeys(tx, keys.fabric_ids, keys.names, keys.wwpns),
                     failures);
      return plan;
    };
    saved = pg::SaveBatch<AliasState, AliasWwpnWrites>(tx, pg::kAliasStatements, kAliasNames, batch,
                                                       user, plan_aliases);
  });
  return saved;
}

}  // namespace sanplane::san
