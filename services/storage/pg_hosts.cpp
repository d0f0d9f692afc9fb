// PgStore: hosts.
#include "common/errors.hpp"
#include "common/pg_encode.hpp"
#include "pg_rows.hpp"
#include "pg_store.hpp"
#include "queries.hpp"

namespace sanplane::storage {
namespace {

// Column numbers of the queries' host rows.
constexpr int kStampColumn = 7;
constexpr int kWwpnsColumn = 10;

v1::Host HostFromRow(const pqxx::row& row) {
  v1::Host h;
  h.set_id(row[0].as<int64_t>());
  h.set_customer(row[1].as<int64_t>());
  if (auto v = OptionalInt(row[2])) h.set_storage(*v);
  h.set_name(row[3].c_str());
  if (auto v = OptionalText(row[4])) h.set_host_type(*v);
  if (auto v = OptionalText(row[5])) h.set_status(*v);
  h.set_notes(row[6].c_str());
  SetStamp(h, common::StampAt(row, kStampColumn));
  for (std::string& wwpn : SplitList(row[kWwpnsColumn].c_str())) h.add_wwpns(std::move(wwpn));
  return h;
}

}  // namespace

v1::ListHostsResponse PgStore::ListHosts(Budget budget, const common::Principal& principal,
                                         const ListQuery& list) {
  v1::ListHostsResponse response;
  pool_.Transaction(budget, [&](pqxx::transaction_base& tx) {
    RequireStorageFilterVisible(tx, principal, list);
    response = ListPage<v1::ListHostsResponse>(tx, query::kCountHosts, query::kListHosts, principal,
                                               list, HostFromRow);
  });
  return response;
}

v1::Host PgStore::GetHost(Budget budget, const common::Principal& principal, int64_t id) {
  v1::Host host;
  pool_.Transaction(budget, [&](pqxx::transaction_base& tx) {
    const pqxx::result rows = common::Exec(tx, query::kGetHost, id, VisibleCustomers(principal));
    if (rows.empty()) throw common::Error(common::ErrorKind::kNotFound, kHostNotFound);
    host = HostFromRow(rows[0]);
  });
  return host;
}

}  // namespace sanplane::storage
