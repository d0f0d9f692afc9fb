// PgStore: volumes.
#include "common/errors.hpp"
#include "common/pg_encode.hpp"
#include "pg_rows.hpp"
#include "pg_store.hpp"
#include "queries.hpp"

namespace sanplane::storage {
namespace {

// Column number of the audit stamp in the queries' volume rows.
constexpr int kStampColumn = 8;

v1::Volume VolumeFromRow(const pqxx::row& row) {
  v1::Volume v;
  v.set_id(row[0].as<int64_t>());
  v.set_storage(row[1].as<int64_t>());
  v.set_name(row[2].c_str());
  v.set_volume_id(row[3].c_str());
  v.set_unique_id(row[4].c_str());
  if (auto x = OptionalInt(row[5])) v.set_capacity_bytes(*x);
  if (auto x = OptionalText(row[6])) v.set_pool_name(*x);
  if (!row[7].is_null()) v.set_thin_provisioned(row[7].as<bool>());
  SetStamp(v, common::StampAt(row, kStampColumn));
  return v;
}

}  // namespace

v1::ListVolumesResponse PgStore::ListVolumes(Budget budget, const common::Principal& principal,
                                             const ListQuery& list) {
  v1::ListVolumesResponse response;
  pool_.Transaction(budget, [&](pqxx::transaction_base& tx) {
    RequireStorageFilterVisible(tx, principal, list);
    response = ListPage<v1::ListVolumesResponse>(tx, query::kCountVolumes, query::kListVolumes,
                                                 principal, list, VolumeFromRow);
  });
  return response;
}

v1::Volume PgStore::GetVolume(Budget budget, const common::Principal& principal, int64_t id) {
  v1::Volume volume;
  pool_.Transaction(budget, [&](pqxx::transaction_base& tx) {
    const pqxx::result rows = common::Exec(tx, query::kGetVolume, id, VisibleCustomers(principal));
    if (rows.empty()) throw common::Error(common::ErrorKind::kNotFound, kVolumeNotFound);
    volume = VolumeFromRow(rows[0]);
  });
  return volume;
}

}  // namespace sanplane::storage
