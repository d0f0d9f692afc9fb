// PgStore: what zoning scripts, the hygiene report and the import read.
#include "pg_statements.hpp"
#include "pg_store.hpp"
#include "record_checks.hpp"

namespace sanplane::san {

FabricZoning PgStore::LoadFabricZoning(const Budget& budget, const common::Principal& principal,
                                       int64_t fabric_id) {
  std::optional<FabricZoning> zoning;
  Transaction(budget, [&](pqxx::transaction_base& tx) {
    std::optional<FabricRow> fabric = pg::LoadFabric(tx, fabric_id);
    if (!fabric || !common::CanAccessCustomer(principal, fabric->customer_id)) return;
    zoning = FabricZoning{std::move(*fabric), pg::ListFabricAliases(tx, fabric_id),
                          pg::ListFabricZones(tx, fabric_id)};
  });
  if (!zoning) throw NotFound(kFabricKind.not_found);
  return std::move(*zoning);
}

std::vector<int64_t> PgStore::ProjectFabricIds(const Budget& budget, int64_t project_id,
                                               int64_t customer_id) {
  return Read(budget, [&](pqxx::transaction_base& tx) {
    return pg::ProjectFabricIds(tx, project_id, customer_id);
  });
}

}  // namespace sanplane::san
