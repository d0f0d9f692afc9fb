#pragma once
// The Store on Postgres. Every statement is a function of pg_statements.hpp running a named query
// of queries/*.sql. The use cases live in one file per record type (pg_fabrics.cpp,
// pg_aliases.cpp, pg_zones.cpp), the batch saves in pg_alias_save.cpp and pg_zone_save.cpp over
// the steps both share (pg_batch_save.hpp).

#include <functional>
#include <pqxx/pqxx>
#include <utility>

#include "common/pg_pool.hpp"
#include "store.hpp"

namespace sanplane::san {

class PgStore final : public Store {
 public:
  explicit PgStore(common::PgPool& pool) : pool_(pool) {}

  Page<FabricRow> ListFabrics(const Budget& budget, const FabricListQuery& query) override;
  FabricRow GetFabric(const Budget& budget, const common::Principal& principal,
                      int64_t id) override;
  FabricRow CreateFabric(const Budget& budget, int64_t customer_id, const FabricValues& values,
                         const std::string& user) override;
  FabricRow UpdateFabric(const Budget& budget, const common::Principal& principal, int64_t id,
                         int64_t expected_version, const FabricEdit& edit) override;
  void DeleteFabric(const Budget& budget, const common::Principal& principal, int64_t id,
                    int64_t expected_version) override;

  Page<AliasRow> ListAliases(const Budget& budget, const ListQuery& query) override;
  std::map<int64_t, AliasRow> LoadAliases(const Budget& budget,
                                          const std::vector<int64_t>& ids) override;
  std::vector<AliasRow> SaveAliases(const Budget& budget, const AliasBatch& batch,
                                    const std::string& user) override;
  void DeleteAlias(const Budget& budget, const common::Principal& principal, int64_t id,
                   int64_t expected_version) override;

  Page<ZoneRow> ListZones(const Budget& budget, const ListQuery& query) override;
  std::vector<ZoneRow> SaveZones(const Budget& budget, const ZoneBatch& batch,
                                 const std::string& user) override;
  void DeleteZone(const Budget& budget, const common::Principal& principal, int64_t id,
                  int64_t expected_version) override;

  FabricZoning LoadFabricZoning(const Budget& budget, const common::Principal& principal,
                                int64_t fabric_id) override;
  std::vector<int64_t> ProjectFabricIds(const Budget& budget, int64_t project_id,
                                        int64_t customer_id) override;

  void RunImport(const Budget& budget, const ImportScope& scope, const ImportPlanner& plan,
                 bool write, const std::string& user) override;

  std::map<int64_t, common::MergeBase> LoadMergeBases(
      const Budget& budget, const std::string& entity,
      const std::map<int64_t, int64_t>& base_versions) override;
  void RecordScriptGeneration(const Budget& budget, const std::vector<int64_t>& fabric_ids,
                              const std::string& user, const std::string& kind) override;
  int64_t CountCustomerFabrics(const Budget& budget, int64_t customer_id) override;
  ProjectMembers CountProjectMembers(const Budget& budget, int64_t project_id) override;
  ProjectMembers ReleaseProject(const Budget& budget, int64_t project_id,
                                const std::string& user) override;
  StorageReferences FindStorageReferences(const Budget& budget, int64_t storage_id,
                                          const std::vector<int64_t>& host_ids,
                                          int name_limit) override;

 private:
  /// Runs `work` in one transaction within `budget`; run again when Postgres aborts it for a
  /// deadlock or serialization failure (common::RunWithRetries).
  void Transaction(const Budget& budget, const std::function<void(pqxx::transaction_base&)>& work,
                   common::PgTransactionSettings settings = {});
  /// What `read(tx)` returns, read in one Transaction.
  template <class ReadFn>
  auto Read(const Budget& budget, const ReadFn& read) {
    decltype(read(std::declval<pqxx::transaction_base&>())) result;
    Transaction(budget, [&](pqxx::transaction_base& tx) { result = read(tx); });
    return result;
  }
  /// A function that runs one read statement outside a transaction (common::PgPool::ReadOnce)
  /// within `budget`.
  std::function<void(const std::function<void(pqxx::transaction_base&)>&)> ReadOnce(
      const Budget& budget) {
    return [this, &budget](const std::function<void(pqxx::transaction_base&)>& read) {
      pool_.ReadOnce(budget(), read);
    };
  }
  /// A function that runs its work's one statement in one round trip on generic plans
  /// (common::PgPool::OneTrip) within `budget`; a unique name (or WWPN) another save took
  /// meanwhile is ALREADY_EXISTS with `race_message`, as in BatchTransaction.
  std::function<void(const std::function<void(common::PgTrip&)>&)> OneTrip(
      const Budget& budget, const char* race_message);
  /// Transaction for a batch save: a unique name (or WWPN) another save took between the save's
  /// checks and its commit is ALREADY_EXISTS with `race_message`. Its statements look records up
  /// by ids and names, on generic plans (common::PgTransactionSettings).
  void BatchTransaction(const Budget& budget, const char* race_message,
                        const std::function<void(pqxx::transaction_base&)>& work);

  common::PgPool& pool_;
};

}  // namespace sanplane::san
