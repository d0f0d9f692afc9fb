// PgStore: aliases (their batch save is pg_alias_save.cpp).
#include "pg_statements.hpp"
#include "pg_store.hpp"
#include "record_checks.hpp"

namespace sanplane::san {

Page<AliasRow> PgStore::ListAliases(const Budget& budget, const ListQuery& query) {
  return Read(budget, [&](pqxx::transaction_base& tx) { return pg::ListAliases(tx, query); });
}

std::map<int64_t, AliasRow> PgStore::LoadAliases(const Budget& budget,
                                                 const std::vector<int64_t>& ids) {
  return Read(budget, [&](pqxx::transaction_base& tx) { return pg::LoadAliases(tx, ids); });
}

void PgStore::DeleteAlias(const Budget& budget, const common::Principal& principal, int64_t id,
                          int64_t expected_version) {
  Transaction(budget, [&](pqxx::transaction_base& tx) {
    const std::map<int64_t, AliasRow> rows = pg::LoadAliases(tx, {id});
    // Also moves the zones the alias leaves on.
    pg::DeleteCurrent(tx, kAliasKind, Find(rows, id), principal, expected_version, [&](int64_t) {
      return pg::DeleteAlias(tx, id, expected_version, principal.username());
    });
  });
}

}  // namespace sanplane::san
