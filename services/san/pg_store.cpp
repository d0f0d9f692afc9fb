// PgStore: the transaction every use case runs in, and what other services ask before deleting
// what SAN records point at.
#include "pg_store.hpp"

#include "common/errors.hpp"
#include "common/versioning.hpp"
#include "pg_statements.hpp"
#include "queries.hpp"

namespace sanplane::san {
namespace {

constexpr int kTransactionAttempts = 3;

}  // namespace

void PgStore::Transaction(const Budget& budget,
                          const std::function<void(pqxx::transaction_base&)>& work,
                          common::PgTransactionSettings settings) {
  common::RunWithRetries(kTransactionAttempts,
                         [&] { pool_.Transaction(budget(), work, settings); });
}

void PgStore::BatchTransaction(const Budget& budget, const char* race_message,
                               const std::function<void(pqxx::transaction_base&)>& work) {
  try {
    Transaction(budget, work, {.generic_plans = true});
  } catch (const pqxx::unique_violation&) {
    throw common::Error(common::ErrorKind::kAlreadyExists, race_message);
  }
}

std::function<void(const std::function<void(common::PgTrip&)>&)> PgStore::OneTrip(
    const Budget& budget, const char* race_message) {
  return [this, &budget, race_message](const std::function<void(common::PgTrip&)>& work) {
    try {
      pool_.OneTrip(budget(), {.generic_plans = true}, work);
    } catch (const pqxx::unique_violation&) {
      throw common::Error(common::ErrorKind::kAlreadyExists, race_message);
    }
  };
}

std::map<int64_t, common::MergeBase> PgStore::LoadMergeBases(
    const Budget& budget, const std::string& entity,
    const std::map<int64_t, int64_t>& base_versions) {
  return Read(budget, [&](pqxx::transaction_base& tx) {
    std::map<int64_t, common::MergeBase> bases;
    for (const auto& [id, base_version] : base_versions) {
      bases[id] = common::LoadMergeBase(
          tx, {query::kHistorySnapshot, query::kCurrentRecordState, query::kHistoryChangesSince},
          entity, id, base_version);
    }
    return bases;
  });
}

void PgStore::RecordScriptGeneration(const Budget& budget, const std::vector<int64_t>& fabric_ids,
                                     const std::string& user, const std::string& kind) {
  Transaction(budget, [&](pqxx::transaction_base& tx) {
    for (int64_t fabric_id : fabric_ids) {
      common::Exec(tx, query::kRecordScriptGeneration, fabric_id, user, kind);
    }
  });
}

int64_t PgStore::CountCustomerFabrics(const Budget& budget, int64_t customer_id) {
  return Read(budget, [&](pqxx::transaction_base& tx) {
    return pg::CountCustomerFabrics(tx, customer_id);
  });
}

ProjectMembers PgStore::CountProjectMembers(const Budget& budget, int64_t project_id) {
  return Read(budget,
              [&](pqxx::transaction_base& tx) { return pg::CountProjectMembers(tx, project_id); });
}

ProjectMembers PgStore::ReleaseProject(const Budget& budget, int64_t project_id,
                                       const std::string& user) {
  ProjectMembers released;
  Transaction(budget, [&](pqxx::transaction_base& tx) {
    released = pg::ReleaseProject(tx, project_id, user);
  });
  return released;
}

StorageReferences PgStore::FindStorageReferences(const Budget& budget, int64_t storage_id,
                                                 const std::vector<int64_t>& host_ids,
                                                 int name_limit) {
  return Read(budget, [&](pqxx::transaction_base& tx) {
    return pg::FindStorageReferences(tx, storage_id, host_ids, name_limit);
  });
}

}  // namespace sanplane::san
