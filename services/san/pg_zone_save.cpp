// PgStore::SaveZones: the zone plan (zone_plan.hpp) in the steps of pg_batch_save.hpp, with the
// zones' members.

#include "pg_batch_save.hpp"
#include "pg_store.hpp"
#include "zone_plan.hpp"

namespace sanplane::san {
namespace {

constexpr char kNameTakenMeanwhile[] =
    "Another user just saved a zone with one of these names in this fabric. Please refresh and "
    "try again.";

/// The (zone, alias) pairs a save removes (after its updates) and adds (after its inserts), then
/// the roles of the members of every zone whose members the save lists.
struct ZoneMemberWrites {
  pg::IdPairs removed, added;
  std::vector<pg::MemberRolesWrite> roles;

  void Updated(const ZoneUpdate& update) {
    removed.Add(update.id, update.members.removed);
    added.Add(update.id, update.members.added);
    if (update.listed_members) roles.push_back({update.id, *update.listed_members, &update.roles});
  }
  void Created(int64_t id, const ZoneCreate& create) {
    added.Add(id, create.members);
    roles.push_back({id, create.members, &create.roles});
  }
  void AfterUpdates(pqxx::transaction_base& tx) const { pg::RemoveZoneMembers(tx, removed); }
  /// Whether `update` wrote nothing but the row of `stored`: its members, their roles, its
  /// projects and its fabric are as loaded.
  static bool RowOnly(const ZoneUpdate& update, const ZoneRow& stored) {
    return update.members.added.empty() && update.members.removed.empty() &&
           !update.listed_members && update.added_projects.empty() &&
           update.values.fabric_id == stored.values.fabric_id;
  }
  void AfterInserts(pqxx::transaction_base& tx) const {
    pg::AddZoneMembers(tx, added);
    pg::SetZoneMemberRoles(tx, roles);
  }
};

}  // namespace

std::vector<ZoneRow> PgStore::SaveZones(const Budget& budget, const ZoneBatch& batch,
                                        const std::string& user) {
  // One zone of which the batch changes only its own columns (its notes, type, flags), planned
  // from the zone alone: no members named (they are locked in a transaction) and no new name.
  // Its read also answers a stale item, so the full save below does not read again first.
  if (pg::OneUpdate(batch) && batch.request.member_ids.empty()) {
    const auto plan_alone = [&](const ZoneState& state,
                                BatchFailures& failures) -> std::optional<ZoneSavePlan> {
      ZoneSavePlan plan = PlanZoneSave(batch, state, failures);
      if (!NamesToCheck(plan, state).names.empty()) return std::nullopt;
      return plan;
    };
    if (auto saved = pg::SaveRowInTwoTrips<ZoneState, ZoneMemberWrites>(
            OneTrip(budget, kNameTakenMeanwhile), pg::kZoneStatements, kZoneNames, batch, user,
            plan_alone)) {
      return *saved;
    }
  } else {
    pg::ThrowIfEveryItemConflicts(ReadOnce(budget), pg::kZoneStatements, kZoneNames, batch);
  }
  std::vector<ZoneRow> saved;
  const auto transaction = [&](const std::function<void(pqxx::transaction_base&)>& work) {
    BatchTransaction(budget, kNameTakenMeanwhile, work);
  };
  pg::RunBatch(batch.dry_run, transaction, [&](pqxx::transaction_base& tx) {
    const auto plan_zones = [&](ZoneState& state, BatchFailures& failures) {
      // The members named are locked against deletion too.
      state.aliases = pg::LockAliasRefs(tx, batch.request.member_ids, batch.customer_id);
      ZoneSavePlan plan = PlanZoneSave(batch, state, failures);
      const ZoneNames names = NamesToCheck(plan, state);
      CheckZoneNames(plan, pg::FindZoneKeys(tx, names.fabric_ids, names.names), failures);
      return plan;
    };
    saved = pg::SaveBatch<ZoneState, ZoneMemberWrites>(tx, pg::kZoneStatements, kZoneNames, batch,
                                                       user, plan_zones);
  });
  return saved;
}

}  // namespace sanplane::san
