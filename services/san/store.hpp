#pragma once
// What the SAN service needs of its store (schema `san`): one method per use case, each in one
// transaction. Single-record reads and writes take the principal and treat a record of a customer
// it may not see as missing; lists and batch saves take the customer (or customers) the service
// has already checked. PgStore is the Postgres implementation; unit tests of the service use an
// in-memory one.

#include <chrono>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/merge_base.hpp"
#include "common/pagination.hpp"
#include "common/principal.hpp"
#include "records.hpp"
#include "zoning_records.hpp"

namespace sanplane::san {

struct AliasBatch;  // alias_plan.hpp
struct ZoneBatch;   // zone_plan.hpp
struct ImportPlan;  // import_plan.hpp
struct ImportTarget;

/// "name" / "-name" checked against the allow-list of a list's ordering keys (empty -> the
/// default) -> the ordering a list query carries. Anything else -> Error(kInvalidArgument).
std::string FabricOrdering(std::string_view ordering);
std::string AliasOrdering(std::string_view ordering);
std::string ZoneOrdering(std::string_view ordering);

struct FabricListQuery {
  std::vector<int64_t> customers;  // ignored when all_customers
  bool all_customers = false;
  std::string search;
  std::string ordering;  // from FabricOrdering
  common::PageRequest page;
};

/// A list of a project's aliases or zones; `customer_id` is the project's.
struct ListQuery {
  int64_t project_id = 0;
  int64_t customer_id = 0;
  std::string search;
  std::string ordering;  // from AliasOrdering / ZoneOrdering
  common::PageRequest page;
};

/// One page of a list and how many records match in all.
template <class Row>
struct Page {
  std::vector<Row> rows;
  int64_t count = 0;
};

/// The aliases and zones a project lists.
struct ProjectMembers {
  int64_t aliases = 0;
  int64_t zones = 0;
};

/// Where an import goes: a customer's fabric, or a new fabric of the customer; what it creates is
/// linked to `project_id` when given.
struct ImportScope {
  int64_t customer_id = 0;
  std::optional<int64_t> fabric_id;
  FabricValues new_fabric;  // when no fabric_id
  std::optional<int64_t> project_id;
};

struct StorageReferences {
  int64_t aliases = 0;
  /// The first `name_limit` names, by name.
  std::vector<std::string> alias_names;
};

class Store {
 public:
  /// How long a transaction may take; asked again before each attempt of a retried one (the time
  /// left before the caller's deadline, capped).
  using Budget = std::function<std::chrono::milliseconds()>;
  /// The values an update writes, given the stored fabric; throws to refuse the update.
  using FabricEdit = std::function<FabricValues(const FabricRow& stored)>;

  virtual ~Store() = default;

  /// Per record of kind `entity` ("zone", "alias"), what the three-way merge of a save based on
  /// version `base_versions[id]` needs, read in one transaction (common/merge_base.hpp).
  virtual std::map<int64_t, common::MergeBase> LoadMergeBases(
      const Budget& budget, const std::string& entity,
      const std::map<int64_t, int64_t>& base_versions) = 0;
  /// Records in the audit feed that `user` generated zoning scripts of `kind` ("create",
  /// "delete") for each of `fabric_ids`.
  virtual void RecordScriptGeneration(const Budget& budget, const std::vector<int64_t>& fabric_ids,
                                      const std::string& user, const std::string& kind) = 0;

  // Fabrics ------------------------------------------------------------------------------------

  virtual Page<FabricRow> ListFabrics(const Budget& budget, const FabricListQuery& query) = 0;
  /// NOT_FOUND when missing or not visible.
  virtual FabricRow GetFabric(const Budget& budget, const common::Principal& principal,
                              int64_t id) = 0;
  /// ALREADY_EXISTS when the customer has a fabric of that name.
  virtual FabricRow CreateFabric(const Budget& budget, int64_t customer_id,
                                 const FabricValues& values, const std::string& user) = 0;
  /// Writes `edit` of the stored fabric with a compare-and-set on `expected_version`. NOT_FOUND,
  /// ABORTED (conflict body), ALREADY_EXISTS (name taken); when no value differs, the stored
  /// fabric comes back with its version unmoved.
  virtual FabricRow UpdateFabric(const Budget& budget, const common::Principal& principal,
                                 int64_t id, int64_t expected_version, const FabricEdit& edit) = 0;
  /// NOT_FOUND or ABORTED as UpdateFabric; its aliases and zones go with it.
  virtual void DeleteFabric(const Budget& budget, const common::Principal& principal, int64_t id,
                            int64_t expected_version) = 0;

  // Aliases ------------------------------------------------------------------------------------

  virtual Page<AliasRow> ListAliases(const Budget& budget, const ListQuery& query) = 0;
  /// The aliases among `ids`, of any customer (the save plan ignores other customers'): what a
  /// batch save reads before it asks storage about the hosts and storage systems it sets.
  virtual std::map<int64_t, AliasRow> LoadAliases(const Budget& budget,
                                                  const std::vector<int64_t>& ids) = 0;
  /// Loads what the batch names, plans it (PlanAliasSave), checks its names and WWPNs against the
  /// stored aliases and applies it; the saved aliases in request order. A failing item throws
  /// the batch failure (BatchFailures::ToError) and nothing is written; a save racing another on
  /// a name or WWPN is ALREADY_EXISTS.
  virtual std::vector<AliasRow> SaveAliases(const Budget& budget, const AliasBatch& batch,
                                            const std::string& user) = 0;
  /// Also moves the version of every zone the alias is a member of. NOT_FOUND or ABORTED as
  /// UpdateFabric.
  virtual void DeleteAlias(const Budget& budget, const common::Principal& principal, int64_t id,
                           int64_t expected_version) = 0;

  // Zones --------------------------------------------------------------------------------------

  virtual Page<ZoneRow> ListZones(const Budget& budget, const ListQuery& query) = 0;
  /// As SaveAliases, with PlanZoneSave, the members locked against deletion.
  virtual std::vector<ZoneRow> SaveZones(const Budget& budget, const ZoneBatch& batch,
                                         const std::string& user) = 0;
  virtual void DeleteZone(const Budget& budget, const common::Principal& principal, int64_t id,
                          int64_t expected_version) = 0;

  // Zoning: scripts, hygiene report, import --------------------------------------------------

  /// The fabric with all its aliases and zones, read in one transaction. NOT_FOUND when missing
  /// or not visible.
  virtual FabricZoning LoadFabricZoning(const Budget& budget, const common::Principal& principal,
                                        int64_t fabric_id) = 0;
  /// The fabrics (ascending ids) holding an alias or a zone that project `project_id` of customer
  /// `customer_id` lists.
  virtual std::vector<int64_t> ProjectFabricIds(const Budget& budget, int64_t project_id,
                                                int64_t customer_id) = 0;
  /// Reads the import's target (the fabric of `scope` with everything it holds, NOT_FOUND when
  /// it is not the customer's; or the new fabric, ALREADY_EXISTS when its name is taken) and runs
  /// `plan` over it in one transaction. With `write`, the records are locked until commit and
  /// the plan is written in that transaction: all of it or, when anything fails, nothing.
  using ImportPlanner = std::function<ImportPlan(const ImportTarget& target)>;
  virtual void RunImport(const Budget& budget, const ImportScope& scope, const ImportPlanner& plan,
                         bool write, const std::string& user) = 0;

  // What other services ask before deleting what SAN records point at --------------------------

  virtual int64_t CountCustomerFabrics(const Budget& budget, int64_t customer_id) = 0;
  virtual ProjectMembers CountProjectMembers(const Budget& budget, int64_t project_id) = 0;
  /// Takes the project out of every alias and zone that lists it, in one transaction; each moves
  /// a version, last modified by `user`. Answers how many were released.
  virtual ProjectMembers ReleaseProject(const Budget& budget, int64_t project_id,
                                        const std::string& user) = 0;
  /// The aliases naming storage system `storage_id` or one of `host_ids`.
  virtual StorageReferences FindStorageReferences(const Budget& budget, int64_t storage_id,
                                                  const std::vector<int64_t>& host_ids,
                                                  int name_limit) = 0;
};

}  // namespace sanplane::san
