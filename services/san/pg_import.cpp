// PgStore::RunImport: an import's target read, planned (import_plan.hpp) and written in one
// transaction, with the statements the batch saves use.
#include <set>

#include "common/acting_user.hpp"
#include "common/errors.hpp"
#include "common/versioning.hpp"
#include "import_plan.hpp"
#include "pg_statements.hpp"
#include "pg_store.hpp"
#include "record_checks.hpp"
#include "validation.hpp"

namespace sanplane::san {
namespace {

[[noreturn]] void MovedMeanwhile() {
  // Not reached while the fabric's records are locked: their versions are the ones planned on.
  throw common::Error(common::ErrorKind::kVersionConflict, common::kCollisionMessage);
}

/// The fabric: created or updated (its compare-and-set on the version the plan read). Its id.
int64_t WriteFabric(pqxx::transaction_base& tx, const ImportScope& scope, const ImportPlan& plan,
                    const std::string& user) {
  if (plan.stored_fabric == nullptr) {
    return pg::InsertFabric(tx, scope.customer_id, plan.fabric_values, user).id;
  }
  if (plan.fabric_action == ImportAction::kUpdate &&
      !pg::UpdateFabric(tx, plan.stored_fabric->id, plan.stored_fabric->stamp.version,
                        plan.fabric_values, user)) {
    MovedMeanwhile();
  }
  return plan.stored_fabric->id;
}

/// The aliases; answers every alias of the fabric by name, those created included.
std::map<std::string, int64_t> WriteAliases(pqxx::transaction_base& tx, const ImportTarget& target,
                                            const ImportPlan& plan, int64_t fabric_id,
                                            std::optional<int64_t> project_id,
                                            const std::string& user) {
  std::map<std::string, int64_t> ids;
  if (target.stored) {
    for (const AliasRow& alias : target.stored->aliases) ids[alias.values.name] = alias.id;
  }
  std::vector<pg::RowWrite<AliasValues>> updates, inserts;
  std::vector<AliasValues> created;
  created.reserve(plan.aliases.size());
  for (const PlannedAlias& alias : plan.aliases) {
    if (alias.action == ImportAction::kUpdate) {
      updates.push_back({alias.stored->id, alias.stored->stamp.version, &alias.values});
    } else if (alias.action == ImportAction::kCreate) {
      created.push_back(alias.values);
      created.back().fabric_id = fabric_id;
    }
  }
  if (pg::kAliasStatements.Update(tx, updates, user).size() != updates.size()) MovedMeanwhile();
  const std::vector<int64_t> new_ids = pg::kAliasStatements.ReserveIds(tx, created.size());
  std::vector<pg::AliasWwpns> wwpns;
  pg::IdPairs projects;
  for (size_t i = 0; i < created.size(); ++i) {
    inserts.push_back({new_ids[i], 0, &created[i]});
    ids[created[i].name] = new_ids[i];
    wwpns.push_back({new_ids[i], &created[i]});
    if (project_id) projects.Add(new_ids[i], {*project_id});
  }
  pg::kAliasStatements.Insert(tx, inserts, user);
  for (const auto& update : updates) wwpns.push_back({update.id, update.values});
  pg::ReplaceAliasWwpns(tx, wwpns);
  pg::kAliasStatements.LinkProjects(tx, projects);
  return ids;
}

/// alias name -> role, as the ids the members have.
MemberRoles RolesById(const PlannedZone& zone, const std::map<std::string, int64_t>& alias_ids) {
  MemberRoles roles;
  for (const auto& [name, role] : zone.roles) roles[alias_ids.at(name)] = role;
  return roles;
}

void WriteZones(pqxx::transaction_base& tx, const ImportPlan& plan, int64_t fabric_id,
                const std::map<std::string, int64_t>& alias_ids, std::optional<int64_t> project_id,
                const std::string& user) {
  std::vector<pg::RowWrite<ZoneValues>> updates, inserts;
  std::vector<ZoneValues> created;
  std::vector<const PlannedZone*> created_zones;
  std::vector<MemberRoles> roles;  // one per zone whose members are written
  roles.reserve(plan.zones.size());
  std::vector<pg::MemberRolesWrite> role_writes;
  pg::IdPairs removed, added, projects;
  const auto member_ids = [&](const PlannedZone& zone) {
    std::vector<int64_t> ids;
    for (const std::string& name : zone.members) ids.push_back(alias_ids.at(name));
    return ids;
  };
  for (const PlannedZone& zone : plan.zones) {
    if (zone.action == ImportAction::kUpdate) {
      updates.push_back({zone.stored->id, zone.stored->stamp.version, &zone.values});
      if (!zone.members_change) continue;
      const std::vector<int64_t> ids = member_ids(zone);
      const IdSetDiff diff = DiffIdSets(zone.stored->members, ids);
      removed.Add(zone.stored->id, diff.removed);
      added.Add(zone.stored->id, diff.added);
      roles.push_back(RolesById(zone, alias_ids));
      role_writes.push_back({zone.stored->id, ids, &roles.back()});
    } else if (zone.action == ImportAction::kCreate) {
      created.push_back(zone.values);
      created.back().fabric_id = fabric_id;
      created_zones.push_back(&zone);
    }
  }
  if (pg::kZoneStatements.Update(tx, updates, user).size() != updates.size()) MovedMeanwhile();
  pg::RemoveZoneMembers(tx, removed);
  const std::vector<int64_t> new_ids = pg::kZoneStatements.ReserveIds(tx, created.size());
  for (size_t i = 0; i < created.size(); ++i) {
    inserts.push_back({new_ids[i], 0, &created[i]});
    const std::vector<int64_t> ids = member_ids(*created_zones[i]);
    added.Add(new_ids[i], ids);
    roles.push_back(RolesById(*created_zones[i], alias_ids));
    role_writes.push_back({new_ids[i], ids, &roles.back()});
    if (project_id) projects.Add(new_ids[i], {*project_id});
  }
  pg::kZoneStatements.Insert(tx, inserts, user);
  pg::AddZoneMembers(tx, added);
  pg::SetZoneMemberRoles(tx, role_writes);
  pg::kZoneStatements.LinkProjects(tx, projects);
}

}  // namespace

void PgStore::RunImport(const Budget& budget, const ImportScope& scope, const ImportPlanner& plan,
                        bool write, const std::string& user) {
  const auto run = [&](pqxx::transaction_base& tx) {
    ImportTarget target;
    if (scope.fabric_id) {
      if (write) pg::LockFabricRecords(tx, *scope.fabric_id);
      std::optional<FabricRow> fabric = pg::LoadFabric(tx, *scope.fabric_id);
      if (!fabric || fabric->customer_id != scope.customer_id) {
        throw NotFound(kFabricKind.not_found);
      }
      target.stored = FabricZoning{std::move(*fabric), pg::ListFabricAliases(tx, *scope.fabric_id),
                                   pg::ListFabricZones(tx, *scope.fabric_id)};
    } else {
      target.new_fabric = scope.new_fabric;
      if (pg::FabricNameTaken(tx, scope.customer_id, scope.new_fabric.name, 0)) {
        throw FabricNameTakenError(scope.new_fabric.name);
      }
    }
    const ImportPlan planned = plan(target);
    if (!write) return;
    common::MarkImport(tx);  // the history says which records an import wrote
    const int64_t fabric_id = WriteFabric(tx, scope, planned, user);
    const std::map<std::string, int64_t> alias_ids =
        WriteAliases(tx, target, planned, fabric_id, scope.project_id, user);
    WriteZones(tx, planned, fabric_id, alias_ids, scope.project_id, user);
  };
  BatchTransaction(budget,
                   "Another user just saved an alias or zone this import writes. Please preview "
                   "again.",
                   run);
}

}  // namespace sanplane::san
