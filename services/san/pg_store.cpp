// PgStore: the transaction every use case runs in, and what other services ask before deleting
// what SAN records point at.
#include "pg_store.hpp"

#include "common/versioning.hpp"
#include "pg_statements.hpp"

namespace sanplane::san {
namespace {

constexpr int kTransactionAttempts = 3;

}  // namespace

void PgStore::Transaction(const Budget& budget, const std::function<void(pqxx::work&)>& work) {
  common::RunWithRetries(kTransactionAttempts, [&] { pool_.Transaction(budget(), work); });
}

int64_t PgStore::CountCustomerFabrics(const Budget& budget, int64_t customer_id) {
  int64_t count = 0;
  Transaction(budget, [&](pqxx::work& tx) { count = pg::CountCustomerFabrics(tx, customer_id); });
  return count;
}

StorageReferences PgStore::FindStorageReferences(const Budget& budget, int64_t storage_id,
                                                 const std::vector<int64_t>& host_ids,
                                                 int name_limit) {
  StorageReferences references;
  Transaction(budget, [&](pqxx::work& tx) {
    references = pg::FindStorageReferences(tx, storage_id, host_ids, name_limit);
  });
  return references;
}

}  // namespace sanplane::san
