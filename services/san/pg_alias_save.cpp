// PgStore::SaveAliases: the alias plan (alias_plan.hpp) in the steps of pg_batch_save.hpp.

#include "alias_plan.hpp"
#include "pg_batch_save.hpp"
#include "pg_store.hpp"

namespace sanplane::san {
namespace {

constexpr char kKeyTakenMeanwhile[] =
    "Another user just saved an alias with one of these names or WWPNs in this fabric. Please "
    "refresh and try again.";

}  // namespace

std::vector<AliasRow> PgStore::SaveAliases(const Budget& budget, const AliasBatch& batch,
                                           const std::string& user) {
  std::vector<AliasRow> saved;
  BatchTransaction(budget, kKeyTakenMeanwhile, [&](pqxx::work& tx) {
    const auto plan_aliases = [&](const AliasState& state, BatchFailures& failures) {
      AliasSavePlan plan = PlanAliasSave(batch, state, failures);
      const AliasKeys keys = KeysToCheck(plan);
      CheckAliasKeys(plan, pg::FindAliasKeys(tx, keys.fabric_ids, keys.names, keys.wwpns),
                     failures);
      return plan;
    };
    saved = pg::SaveBatch<AliasState, pg::NoMemberWrites>(tx, pg::kAliasStatements, kAliasNames,
                                                          batch, user, plan_aliases);
  });
  return saved;
}

}  // namespace sanplane::san
