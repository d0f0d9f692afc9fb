// PgStore: zones (their batch save is pg_zone_save.cpp).
#include "pg_statements.hpp"
#include "pg_store.hpp"
#include "record_checks.hpp"

namespace sanplane::san {

Page<ZoneRow> PgStore::ListZones(const Budget& budget, const ListQuery& query) {
  Page<ZoneRow> page;
  Transaction(budget, [&](pqxx::work& tx) { page = pg::ListZones(tx, query); });
  return page;
}

void PgStore::DeleteZone(const Budget& budget, const common::Principal& principal, int64_t id,
                         int64_t expected_version) {
  Transaction(budget, [&](pqxx::work& tx) {
    const std::map<int64_t, ZoneRow> rows = pg::LoadZones(tx, {id});
    RequireCurrent(Find(rows, id), principal, expected_version, kZoneKind);
    if (!pg::DeleteZone(tx, id, expected_version)) {
      pg::ThrowLostDelete(tx, kZoneKind, id);
    }
  });
}

}  // namespace sanplane::san
