// PgStore: aliases (their batch save is pg_alias_save.cpp).
#include "pg_statements.hpp"
#include "pg_store.hpp"
#include "record_checks.hpp"

namespace sanplane::san {

Page<AliasRow> PgStore::ListAliases(const Budget& budget, const ListQuery& query) {
  Page<AliasRow> page;
  Transaction(budget, [&](pqxx::work& tx) { page = pg::ListAliases(tx, query); });
  return page;
}

std::map<int64_t, AliasRow> PgStore::LoadAliases(const Budget& budget,
                                                 const std::vector<int64_t>& ids) {
  std::map<int64_t, AliasRow> rows;
  Transaction(budget, [&](pqxx::work& tx) { rows = pg::LoadAliases(tx, ids); });
  return rows;
}

void PgStore::DeleteAlias(const Budget& budget, const common::Principal& principal, int64_t id,
                          int64_t expected_version) {
  Transaction(budget, [&](pqxx::work& tx) {
    const std::map<int64_t, AliasRow> rows = pg::LoadAliases(tx, {id});
    RequireCurrent(Find(rows, id), principal, expected_version, kAliasKind);
    if (!pg::DeleteAlias(tx, id, expected_version, principal.username())) {
      pg::ThrowLostDelete(tx, kAliasKind, id);
    }
  });
}

}  // namespace sanplane::san
