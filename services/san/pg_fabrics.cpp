// PgStore: fabrics.
#include <utility>

#include "pg_statements.hpp"
#include "pg_store.hpp"
#include "record_checks.hpp"

namespace sanplane::san {

Page<FabricRow> PgStore::ListFabrics(const Budget& budget, const FabricListQuery& query) {
  return Read(budget, [&](pqxx::transaction_base& tx) { return pg::ListFabrics(tx, query); });
}

FabricRow PgStore::GetFabric(const Budget& budget, const common::Principal& principal, int64_t id) {
  std::optional<FabricRow> row =
      Read(budget, [&](pqxx::transaction_base& tx) { return pg::LoadFabric(tx, id); });
  if (!row || !common::CanAccessCustomer(principal, row->customer_id)) {
    throw NotFound(kFabricKind.not_found);
  }
  return std::move(*row);
}

FabricRow PgStore::CreateFabric(const Budget& budget, int64_t customer_id,
                                const FabricValues& values, const std::string& user) {
  FabricRow row;
  try {
    Transaction(budget, [&](pqxx::transaction_base& tx) {
      if (pg::FabricNameTaken(tx, customer_id, values.name, 0)) {
        throw FabricNameTakenError(values.name);
      }
      row = pg::InsertFabric(tx, customer_id, values, user);
    });
  } catch (const pqxx::unique_violation&) {
    throw FabricNameTakenError(values.name);
  }
  return row;
}

FabricRow PgStore::UpdateFabric(const Budget& budget, const common::Principal& principal,
                                int64_t id, int64_t expected_version, const FabricEdit& edit) {
  FabricRow result;
  std::string name;
  try {
    Transaction(budget, [&](pqxx::transaction_base& tx) {
      const std::optional<FabricRow> loaded = pg::LoadFabric(tx, id);
      const FabricRow& row =
          RequireCurrent(loaded ? &*loaded : nullptr, principal, expected_version, kFabricKind);
      const FabricValues values = edit(row);
      name = values.name;
      if (values.name != row.values.name &&
          pg::FabricNameTaken(tx, row.customer_id, values.name, row.id)) {
        throw FabricNameTakenError(values.name);
      }
      if (auto updated =
              pg::UpdateFabric(tx, row.id, expected_version, values, principal.username())) {
        result = std::move(*updated);
        return;
      }
      const std::optional<common::RecordStamp> stamp = pg::LoadStamp(tx, kFabricKind, row.id);
      if (!stamp) throw NotFound(kFabricKind.not_found);
      if (stamp->version != expected_version) {
        throw common::ConflictError(kFabricKind.entity, *stamp);
      }
      result = row;  // nothing changed
    });
  } catch (const pqxx::unique_violation&) {
    throw FabricNameTakenError(name);
  }
  return result;
}

void PgStore::DeleteFabric(const Budget& budget, const common::Principal& principal, int64_t id,
                           int64_t expected_version) {
  Transaction(budget, [&](pqxx::transaction_base& tx) {
    const std::optional<FabricRow> loaded = pg::LoadFabric(tx, id);
    pg::DeleteCurrent(
        tx, kFabricKind, loaded ? &*loaded : nullptr, principal, expected_version,
        [&](int64_t fabric_id) { return pg::DeleteFabric(tx, fabric_id, expected_version); });
  });
}

}  // namespace sanplane::san
