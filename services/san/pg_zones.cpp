// PgStore: zones (their batch save is pg_zone_save.cpp).
#include "pg_statements.hpp"
#include "pg_store.hpp"
#include "record_checks.hpp"

namespace sanplane::san {

Page<ZoneRow> PgStore::ListZones(const Budget& budget, const ListQuery& query) {
  return Read(budget, [&](pqxx::transaction_base& tx) { return pg::ListZones(tx, query); });
}

void PgStore::DeleteZone(const Budget& budget, const common::Principal& principal, int64_t id,
                         int64_t expected_version) {
  Transaction(budget, [&](pqxx::transaction_base& tx) {
    const std::map<int64_t, ZoneRow> rows = pg::LoadZones(tx, {id});
    pg::DeleteCurrent(tx, kZoneKind, Find(rows, id), principal, expected_version,
                      [&](int64_t) { return pg::DeleteZone(tx, id, expected_version); });
  });
}

}  // namespace sanplane::san
