#pragma once
// An in-memory SAN Store for unit tests of the SAN service without Postgres. It keeps the contract
// the service relies on: visibility by customer, compare-and-set on version (a record that does
// not change keeps its version), the not-found and conflict errors, fabric names unique per
// customer, deletes that take a fabric's aliases and zones with it and move the version of the
// zones an alias leaves, and batch saves planned by PlanAliasSave / PlanZoneSave and checked for
// clashing names and WWPNs as PgStore does. Every call holds one lock, so nothing races; lists
// filter by customer, project and search (a plain substring), in id order, whatever the ordering.

#include <algorithm>
#include <map>
#include <mutex>
#include <set>
#include <string>
#include <vector>

#include "alias_plan.hpp"
#include "batch_errors.hpp"
#include "import_plan.hpp"
#include "record_checks.hpp"
#include "saves.hpp"
#include "store.hpp"
#include "zone_plan.hpp"

namespace sanplane::san::testing {

class FakeSanStore final : public Store {
 public:
  /// Adds a fabric as if `stamp.last_modified_by` had saved it; returns its id.
  int64_t AddFabric(int64_t customer_id, FabricValues values, common::RecordStamp stamp = {}) {
    std::lock_guard lock(mutex_);
    const int64_t id = next_id_++;
    fabrics_[id] = {id, customer_id, std::move(values), std::move(stamp)};
    return id;
  }

  /// How many records writes changed, created or deleted.
  int writes() {
    std::lock_guard lock(mutex_);
    return writes_;
  }

  /// Merges read the history, which only PgStore keeps (tests/integration/history_merge.test.mjs).
  std::map<int64_t, common::MergeBase> LoadMergeBases(const Budget&, const std::string&,
                                                      const std::map<int64_t, int64_t>&) override {
    throw common::Error(common::ErrorKind::kInternal, "The fake store keeps no history.");
  }

  void RecordScriptGeneration(const Budget&, const std::vector<int64_t>& fabric_ids,
                              const std::string& user, const std::string& kind) override {
    std::lock_guard lock(mutex_);
    for (int64_t id : fabric_ids) script_generations_.push_back({id, user, kind});
  }

  struct ScriptGeneration {
    int64_t fabric_id;
    std::string user;
    std::string kind;
  };
  std::vector<ScriptGeneration> script_generations() {
    std::lock_guard lock(mutex_);
    return script_generations_;
  }

  Page<FabricRow> ListFabrics(const Budget&, const FabricListQuery& query) override {
    std::lock_guard lock(mutex_);
    std::vector<FabricRow> matching;
    for (const auto& [id, fabric] : fabrics_) {
      const FabricValues& v = fabric.values;
      if ((query.all_customers || Contains(query.customers, fabric.customer_id)) &&
          Matches(query.search, {v.name, v.zoneset_name, v.notes})) {
        matching.push_back(fabric);
      }
    }
    return PageOf(matching, query.page);
  }

  FabricRow GetFabric(const Budget&, const common::Principal& principal, int64_t id) override {
    std::lock_guard lock(mutex_);
    const FabricRow* row = Find(fabrics_, id);
    if (row == nullptr || !common::CanAccessCustomer(principal, row->customer_id)) {
      throw NotFound(kFabricKind.not_found);
    }
    return *row;
  }

  FabricRow CreateFabric(const Budget&, int64_t customer_id, const FabricValues& values,
                         const std::string& user) override {
    std::lock_guard lock(mutex_);
    if (FabricNameTaken(customer_id, values.name, 0)) throw FabricNameTakenError(values.name);
    const int64_t id = next_id_++;
    ++writes_;
    return fabrics_[id] = {id, customer_id, values, {0, user, Tick()}};
  }

  FabricRow UpdateFabric(const Budget&, const common::Principal& principal, int64_t id,
                         int64_t expected_version, const FabricEdit& edit) override {
    std::lock_guard lock(mutex_);
    const FabricRow& row =
        RequireCurrent(Find(fabrics_, id), principal, expected_version, kFabricKind);
    const FabricValues values = edit(row);
    if (values.name != row.values.name && FabricNameTaken(row.customer_id, values.name, id)) {
      throw FabricNameTakenError(values.name);
    }
    if (values == row.values) return row;
    FabricRow& stored = fabrics_.at(id);
    stored.values = values;
    Touch(stored.stamp, principal.username());
    return stored;
  }

  void DeleteFabric(const Budget&, const common::Principal& principal, int64_t id,
                    int64_t expected_version) override {
    std::lock_guard lock(mutex_);
    EraseCurrent(fabrics_, principal, id, expected_version, kFabricKind);
    std::erase_if(zones_, [&](const auto& zone) { return zone.second.values.fabric_id == id; });
    std::erase_if(aliases_, [&](const auto& alias) { return alias.second.values.fabric_id == id; });
  }

  Page<AliasRow> ListAliases(const Budget&, const ListQuery& query) override {
    std::lock_guard lock(mutex_);
    return ProjectPage(aliases_, query, [&](const AliasRow& alias) {
      const AliasValues& v = alias.values;
      return std::vector<std::string>{v.name, v.wwpn, v.notes, FabricName(v)};
    });
  }

  std::map<int64_t, AliasRow> LoadAliases(const Budget&, const std::vector<int64_t>& ids) override {
    std::lock_guard lock(mutex_);
    return Subset(aliases_, ids);
  }

  void DeleteAlias(const Budget&, const common::Principal& principal, int64_t id,
                   int64_t expected_version) override {
    std::lock_guard lock(mutex_);
    EraseCurrent(aliases_, principal, id, expected_version, kAliasKind);
    for (auto& [zone_id, zone] : zones_) {
      if (std::erase(zone.members, id) > 0) Touch(zone.stamp, principal.username());
    }
  }

  std::vector<AliasRow> SaveAliases(const Budget&, const AliasBatch& batch,
                                    const std::string& user) override {
    std::lock_guard lock(mutex_);
    std::vector<AliasKey> stored;
    for (const auto& [id, alias] : aliases_) {
      for (const std::string& wwpn : alias.values.Wwpns()) {
        stored.push_back({id, alias.values.fabric_id, alias.values.name, wwpn});
      }
    }
    return SaveBatch<AliasState>(aliases_, kAliasNames, batch, user,
                                 [&](AliasState& state, BatchFailures& failures) {
                                   // The fabrics of the aliases updated (their vendor's rules).
                                   for (const auto& [id, alias] : state.rows) {
                                     const FabricRow& fabric = fabrics_.at(alias.values.fabric_id);
                                     if (fabric.customer_id == batch.customer_id) {
                                       state.fabrics.emplace(fabric.id, fabric);
                                     }
                                   }
                                   AliasSavePlan plan = PlanAliasSave(batch, state, failures);
                                   CheckAliasKeys(plan, stored, failures);
                                   return plan;
                                 });
  }

  Page<ZoneRow> ListZones(const Budget&, const ListQuery& query) override {
    std::lock_guard lock(mutex_);
    // A zone is also found by the names and WWPNs of its members.
    return ProjectPage(zones_, query, [&](const ZoneRow& zone) {
      std::vector<std::string> texts{zone.values.name, zone.values.notes, FabricName(zone.values)};
      for (int64_t member : zone.members) {
        texts.push_back(aliases_.at(member).values.name);
        texts.push_back(aliases_.at(member).values.wwpn);
      }
      return texts;
    });
  }

  void DeleteZone(const Budget&, const common::Principal& principal, int64_t id,
                  int64_t expected_version) override {
    std::lock_guard lock(mutex_);
    EraseCurrent(zones_, principal, id, expected_version, kZoneKind);
  }

  std::vector<ZoneRow> SaveZones(const Budget&, const ZoneBatch& batch,
                                 const std::string& user) override {
    std::lock_guard lock(mutex_);
    std::vector<ZoneKey> stored;
    for (const auto& [id, zone] : zones_) {
      stored.push_back({id, zone.values.fabric_id, zone.values.name});
    }
    return SaveBatch<ZoneState>(
        zones_, kZoneNames, batch, user, [&](ZoneState& state, BatchFailures& failures) {
          // The customer's aliases named as members.
          for (const auto& [id, alias] : Subset(aliases_, batch.request.member_ids)) {
            if (alias.customer_id != batch.customer_id) continue;
            state.aliases[id] = {id, alias.values.fabric_id, alias.customer_id, alias.values.name};
          }
          ZoneSavePlan plan = PlanZoneSave(batch, state, failures);
          CheckZoneNames(plan, stored, failures);
          return plan;
        });
  }

  FabricZoning LoadFabricZoning(const Budget&, const common::Principal& principal,
                                int64_t fabric_id) override {
    std::lock_guard lock(mutex_);
    const FabricRow* fabric = Find(fabrics_, fabric_id);
    if (fabric == nullptr || !common::CanAccessCustomer(principal, fabric->customer_id)) {
      throw NotFound(kFabricKind.not_found);
    }
    return ZoningOf(*fabric);
  }

  std::vector<int64_t> ProjectFabricIds(const Budget&, int64_t project_id,
                                        int64_t customer_id) override {
    std::lock_guard lock(mutex_);
    std::set<int64_t> ids;
    const auto collect = [&](const auto& rows) {
      for (const auto& [id, row] : rows) {
        if (row.customer_id == customer_id && Contains(row.projects, project_id)) {
          ids.insert(row.values.fabric_id);
        }
      }
    };
    collect(aliases_);
    collect(zones_);
    return {ids.begin(), ids.end()};
  }

  /// As PgStore: the target read, planned and (with `write`) written under one lock.
  void RunImport(const Budget&, const ImportScope& scope, const ImportPlanner& plan, bool write,
                 const std::string& user) override {
    std::lock_guard lock(mutex_);
    ImportTarget target;
    if (scope.fabric_id) {
      const FabricRow* fabric = Find(fabrics_, *scope.fabric_id);
      if (fabric == nullptr || fabric->customer_id != scope.customer_id) {
        throw NotFound(kFabricKind.not_found);
      }
      target.stored = ZoningOf(*fabric);
    } else {
      if (FabricNameTaken(scope.customer_id, scope.new_fabric.name, 0)) {
        throw FabricNameTakenError(scope.new_fabric.name);
      }
      target.new_fabric = scope.new_fabric;
    }
    const ImportPlan planned = plan(target);
    if (!write) return;
    int64_t fabric_id = 0;
    if (planned.stored_fabric == nullptr) {
      fabric_id = next_id_++;
      fabrics_[fabric_id] = {fabric_id, scope.customer_id, planned.fabric_values, NewStamp(user)};
    } else {
      fabric_id = planned.stored_fabric->id;
      if (planned.fabric_action == ImportAction::kUpdate) {
        fabrics_.at(fabric_id).values = planned.fabric_values;
        Touch(fabrics_.at(fabric_id).stamp, user);
      }
    }
    const auto new_projects = [&] {
      return scope.project_id ? std::vector<int64_t>{*scope.project_id} : std::vector<int64_t>{};
    };
    std::map<std::string, int64_t> alias_ids;
    if (target.stored) {
      for (const AliasRow& alias : target.stored->aliases) alias_ids[alias.values.name] = alias.id;
    }
    for (const PlannedAlias& alias : planned.aliases) {
      if (alias.action == ImportAction::kUpdate) {
        AliasRow& row = aliases_.at(alias.stored->id);
        row.values = alias.values;
        Touch(row.stamp, user);
      } else if (alias.action == ImportAction::kCreate) {
        const int64_t id = alias_ids[alias.values.name] = next_id_++;
        AliasRow& row = aliases_[id];
        row = {id, scope.customer_id, alias.values, new_projects(), NewStamp(user)};
        row.values.fabric_id = fabric_id;
      }
    }
    for (const PlannedZone& zone : planned.zones) {
      if (zone.action != ImportAction::kUpdate && zone.action != ImportAction::kCreate) continue;
      std::vector<int64_t> members;
      MemberRoles roles;
      for (const std::string& name : zone.members) members.push_back(alias_ids.at(name));
      for (const auto& [name, role] : zone.roles) roles[alias_ids.at(name)] = role;
      ZoneRow* row = nullptr;
      if (zone.action == ImportAction::kUpdate) {
        row = &zones_.at(zone.stored->id);
        Touch(row->stamp, user);
        row->values = zone.values;
        if (!zone.members_change) continue;
      } else {
        const int64_t id = next_id_++;
        row = &zones_[id];
        row->id = id;
        row->customer_id = scope.customer_id;
        row->values = zone.values;
        row->values.fabric_id = fabric_id;
        row->projects = new_projects();
        row->stamp = NewStamp(user);
      }
      row->members = ByAliasName(members);
      row->member_roles = roles;
    }
  }

  int64_t CountCustomerFabrics(const Budget&, int64_t customer_id) override {
    std::lock_guard lock(mutex_);
    return std::count_if(fabrics_.begin(), fabrics_.end(), [&](const auto& fabric) {
      return fabric.second.customer_id == customer_id;
    });
  }

  ProjectMembers CountProjectMembers(const Budget&, int64_t project_id) override {
    std::lock_guard lock(mutex_);
    const auto lists = [&](const auto& row) { return Contains(row.second.projects, project_id); };
    return {.aliases = std::count_if(aliases_.begin(), aliases_.end(), lists),
            .zones = std::count_if(zones_.begin(), zones_.end(), lists)};
  }

  ProjectMembers ReleaseProject(const Budget&, int64_t project_id,
                                const std::string& user) override {
    std::lock_guard lock(mutex_);
    ProjectMembers released;
    const auto release = [&](auto& rows, int64_t& count) {
      for (auto& [id, row] : rows) {
        if (std::erase(row.projects, project_id) > 0) {
          Touch(row.stamp, user);
          ++count;
        }
      }
    };
    release(aliases_, released.aliases);
    release(zones_, released.zones);
    return released;
  }

  StorageReferences FindStorageReferences(const Budget&, int64_t storage_id,
                                          const std::vector<int64_t>& host_ids,
                                          int name_limit) override {
    std::lock_guard lock(mutex_);
    std::vector<std::pair<std::string, int64_t>> names;
    for (const auto& [id, alias] : aliases_) {
      const AliasValues& v = alias.values;
      if (v.storage_id == storage_id || (v.host_id && Contains(host_ids, *v.host_id))) {
        names.emplace_back(v.name, id);
      }
    }
    std::sort(names.begin(), names.end());
    StorageReferences references;
    references.aliases = static_cast<int64_t>(names.size());
    for (size_t i = 0; i < names.size() && i < static_cast<size_t>(name_limit); ++i) {
      references.alias_names.push_back(names[i].first);
    }
    return references;
  }

 private:
  std::vector<ScriptGeneration> script_generations_;
  static bool Contains(const std::vector<int64_t>& ids, int64_t id) {
    return std::find(ids.begin(), ids.end(), id) != ids.end();
  }

  static bool Matches(const std::string& search, const std::vector<std::string>& texts) {
    return search.empty() || std::any_of(texts.begin(), texts.end(), [&](const std::string& text) {
             return text.find(search) != std::string::npos;
           });
  }

  /// `ids` and `more` together, ascending, each once.
  static std::vector<int64_t> Union(const std::vector<int64_t>& ids,
                                    const std::vector<int64_t>& more) {
    std::set<int64_t> all(ids.begin(), ids.end());
    all.insert(more.begin(), more.end());
    return {all.begin(), all.end()};
  }

  /// Erases the record `id` of `rows` if the caller may see it at `expected_version`.
  template <class Row>
  void EraseCurrent(std::map<int64_t, Row>& rows, const common::Principal& principal, int64_t id,
                    int64_t expected_version, const RecordKind& kind) {
    RequireCurrent(Find(rows, id), principal, expected_version, kind);
    rows.erase(id);
    ++writes_;
  }

  std::string FabricName(const FabricObjectValues& values) const {
    return fabrics_.at(values.fabric_id).values.name;
  }

  /// The records of the query's project and customer whose `texts_of` contain the search.
  template <class Row, class TextsOf>
  static Page<Row> ProjectPage(const std::map<int64_t, Row>& rows, const ListQuery& query,
                               const TextsOf& texts_of) {
    std::vector<Row> matching;
    for (const auto& [id, row] : rows) {
      if (row.customer_id == query.customer_id && Contains(row.projects, query.project_id) &&
          Matches(query.search, texts_of(row))) {
        matching.push_back(row);
      }
    }
    return PageOf(matching, query.page);
  }

  /// The steps of a batch save, as PgStore takes them: plan (`plan_batch`) over the records the
  /// updates name and the customer's fabrics the creates name, refuse the whole batch when an
  /// item fails, write, answer the saved records in request order.
  template <class State, class Row, class Batch, class PlanBatch>
  std::vector<Row> SaveBatch(std::map<int64_t, Row>& rows, const EntityNames& names,
                             const Batch& batch, const std::string& user,
                             const PlanBatch& plan_batch) {
    BatchFailures failures(names);
    State state;
    state.rows = Subset(rows, batch.request.update_ids);
    state.fabrics = CustomerFabrics(batch.items, batch.request.items, batch.customer_id);
    auto plan = plan_batch(state, failures);
    if (!failures.empty()) throw failures.ToError();
    for (const auto& update : plan.updates) {
      Row& row = rows.at(update.id);
      row.values = update.values;
      row.projects = Union(row.projects, update.added_projects);
      WriteMembers(row, update);
      Touch(row.stamp, user);
    }
    for (const auto& create : plan.creates) {
      const int64_t id = plan.ids[create.index] = next_id_++;
      Row& row = rows[id];
      row.id = id;
      row.customer_id = fabrics_.at(create.values.fabric_id).customer_id;
      row.values = create.values;
      row.projects = Union({}, create.projects);
      WriteMembers(row, create);
      row.stamp = NewStamp(user);
    }
    return InOrder(rows, plan.ids);
  }

  // What a save writes besides values and projects: a zone's members, by alias name.
  template <class Item>
  void WriteMembers(AliasRow&, const Item&) {}
  void WriteMembers(ZoneRow& zone, const ZoneUpdate& update) {
    std::vector<int64_t> members = Union(zone.members, update.members.added);
    for (int64_t removed : update.members.removed) std::erase(members, removed);
    zone.members = ByAliasName(members);
    if (update.listed_members) zone.member_roles = update.roles;
  }
  void WriteMembers(ZoneRow& zone, const ZoneCreate& create) {
    zone.members = ByAliasName(Union({}, create.members));
    zone.member_roles = create.roles;
  }

  template <class Row>
  static Page<Row> PageOf(const std::vector<Row>& rows, const common::PageRequest& page) {
    Page<Row> result;
    result.count = static_cast<int64_t>(rows.size());
    const size_t begin = std::min(rows.size(), static_cast<size_t>(page.offset()));
    const size_t end = std::min(rows.size(), begin + static_cast<size_t>(page.page_size));
    result.rows.assign(rows.begin() + static_cast<std::ptrdiff_t>(begin),
                       rows.begin() + static_cast<std::ptrdiff_t>(end));
    return result;
  }

  template <class Row>
  static std::map<int64_t, Row> Subset(const std::map<int64_t, Row>& rows,
                                       const std::vector<int64_t>& ids) {
    std::map<int64_t, Row> subset;
    for (int64_t id : ids) {
      if (const Row* row = Find(rows, id)) subset.emplace(id, *row);
    }
    return subset;
  }

  template <class Row>
  static std::vector<Row> InOrder(const std::map<int64_t, Row>& rows,
                                  const std::vector<int64_t>& ids) {
    std::vector<Row> in_order;
    for (int64_t id : ids) in_order.push_back(rows.at(id));
    return in_order;
  }

  /// The customer's fabrics that the batch's created items name.
  template <class Items, class Checks>
  std::map<int64_t, FabricRow> CustomerFabrics(const Items& items,
                                               const std::vector<Checks>& checks,
                                               int64_t customer_id) const {
    std::map<int64_t, FabricRow> found;
    for (const auto& [id, fabric] : Subset(fabrics_, detail::CreateFabricIds(items, checks))) {
      if (fabric.customer_id == customer_id) found.emplace(id, fabric);
    }
    return found;
  }

  /// The fabric with its aliases and zones, each by name.
  FabricZoning ZoningOf(const FabricRow& fabric) const {
    FabricZoning zoning{fabric, {}, {}};
    for (const auto& [id, alias] : aliases_) {
      if (alias.values.fabric_id == fabric.id) zoning.aliases.push_back(alias);
    }
    for (const auto& [id, zone] : zones_) {
      if (zone.values.fabric_id == fabric.id) zoning.zones.push_back(zone);
    }
    const auto by_name = [](const auto& a, const auto& b) {
      return std::make_pair(a.values.name, a.id) < std::make_pair(b.values.name, b.id);
    };
    std::sort(zoning.aliases.begin(), zoning.aliases.end(), by_name);
    std::sort(zoning.zones.begin(), zoning.zones.end(), by_name);
    return zoning;
  }

  bool FabricNameTaken(int64_t customer_id, const std::string& name, int64_t except_id) const {
    return std::any_of(fabrics_.begin(), fabrics_.end(), [&](const auto& fabric) {
      return fabric.first != except_id && fabric.second.customer_id == customer_id &&
             fabric.second.values.name == name;
    });
  }

  /// Zone members as PgStore reads them: by alias name, then id.
  std::vector<int64_t> ByAliasName(std::vector<int64_t> ids) const {
    std::sort(ids.begin(), ids.end(), [&](int64_t a, int64_t b) {
      return std::make_pair(aliases_.at(a).values.name, a) <
             std::make_pair(aliases_.at(b).values.name, b);
    });
    return ids;
  }

  /// Every write moves the clock by a second from 2025-11-28T23:00:00Z.
  int64_t Tick() { return 1'764'370'800'000'000 + 1'000'000 * ++ticks_; }

  common::RecordStamp NewStamp(const std::string& user) {
    ++writes_;
    return {0, user, Tick()};
  }

  void Touch(common::RecordStamp& stamp, const std::string& user) {
    ++writes_;
    stamp = {stamp.version + 1, user, Tick()};
  }

  std::mutex mutex_;
  int64_t next_id_ = 1;
  int64_t ticks_ = 0;
  int writes_ = 0;
  std::map<int64_t, FabricRow> fabrics_;
  std::map<int64_t, AliasRow> aliases_;
  std::map<int64_t, ZoneRow> zones_;
};

}  // namespace sanplane::san::testing
