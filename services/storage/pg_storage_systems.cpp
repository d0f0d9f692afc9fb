// PgStore: storage systems.
#include <algorithm>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <stdexcept>

#include "common/acting_user.hpp"
#include "common/errors.hpp"
#include "common/json_struct.hpp"
#include "common/merge_base.hpp"
#include "common/pg_encode.hpp"
#include "pg_rows.hpp"
#include "pg_store.hpp"
#include "queries.hpp"

namespace sanplane::storage {
namespace {

using common::Error;
using common::ErrorKind;

// Column numbers of the queries' storage system rows.
constexpr int kIdColumn = 0;
constexpr int kCustomerColumn = 1;
constexpr int kStampColumn = 20;

v1::StorageSystem StorageFromRow(const pqxx::row& row) {
  v1::StorageSystem s;
  s.set_id(row[kIdColumn].as<int64_t>());
  s.set_customer(row[kCustomerColumn].as<int64_t>());
  s.set_name(row["name"].c_str());
  s.set_storage_type(row["storage_type"].c_str());
  if (auto v = OptionalText(row["vendor"])) s.set_vendor(*v);
  if (auto v = OptionalText(row["model"])) s.set_model(*v);
  if (auto v = OptionalText(row["machine_type"])) s.set_machine_type(*v);
  if (auto v = OptionalText(row["serial_number"])) s.set_serial_number(*v);
  if (auto v = OptionalText(row["system_id"])) s.set_system_id(*v);
  if (auto v = OptionalText(row["storage_system_id"])) s.set_storage_system_id(*v);
  if (auto v = OptionalText(row["wwnn"])) s.set_wwnn(*v);
  if (auto v = OptionalText(row["firmware_level"])) s.set_firmware_level(*v);
  if (auto v = OptionalText(row["location"])) s.set_location(*v);
  if (auto v = OptionalText(row["primary_ip"])) s.set_primary_ip(*v);
  if (auto v = OptionalText(row["secondary_ip"])) s.set_secondary_ip(*v);
  if (auto v = OptionalInt(row["capacity_bytes"])) s.set_capacity_bytes(*v);
  if (auto v = OptionalInt(row["used_capacity_bytes"])) s.set_used_capacity_bytes(*v);
  if (auto v = OptionalInt(row["available_capacity_bytes"])) s.set_available_capacity_bytes(*v);
  s.set_notes(row["notes"].c_str());
  const boost::json::value attributes = boost::json::parse(row["attributes"].c_str());
  *s.mutable_attributes() =
      common::ToStruct(attributes.is_object() ? attributes.get_object() : boost::json::object{});
  SetStamp(s, common::StampAt(row, kStampColumn));
  return s;
}

// The editable columns of a storage system row in their SQL text form, read by name.
StoredStorageRow StoredRowFromRow(const pqxx::row& row) {
  StoredStorageRow stored;
  for (const StorageColumn& column : EditableStorageColumns()) {
    stored.columns.push_back(
        {column.name, column.type, OptionalText(row[std::string(column.name)])});
  }
  stored.stamp = common::StampAt(row, kStampColumn);
  return stored;
}

// The values of a full row in EditableStorageColumns order, as CreateStorage and UpdateStorage
// bind them.
std::vector<std::optional<std::string>> RowValues(const std::vector<ColumnValue>& row) {
  std::vector<std::optional<std::string>> values;
  for (const StorageColumn& column : EditableStorageColumns()) {
    const auto value = std::find_if(row.begin(), row.end(), [&](const ColumnValue& candidate) {
      return candidate.column == column.name;
    });
    if (value == row.end()) {
      throw std::logic_error("storage system row without column " + std::string(column.name));
    }
    values.push_back(value->value);
  }
  return values;
}

std::optional<v1::StorageSystem> FindStorage(pqxx::transaction_base& tx,
                                             const common::Principal& principal, int64_t id) {
  const pqxx::result rows = common::Exec(tx, query::kGetStorage, id, VisibleCustomers(principal));
  if (rows.empty()) return std::nullopt;
  return StorageFromRow(rows[0]);
}

// After a compare-and-set that touched no row: missing -> NOT_FOUND, moved on -> conflict.
// Returns the stored record when the caller's version is current (nothing to change).
v1::StorageSystem ExplainNoRow(pqxx::transaction_base& tx, const common::Principal& principal,
                               int64_t id, int64_t expected_version) {
  std::optional<v1::StorageSystem> current = FindStorage(tx, principal, id);
  if (!current) throw Error(ErrorKind::kNotFound, kStorageNotFound);
  if (current->version() != expected_version) {
    throw common::ConflictError(kStorageEntity, StampOf(*current));
  }
  return std::move(*current);
}

std::string NameTaken(const std::vector<ColumnValue>& row) {
  for (const ColumnValue& column : row) {
    if (column.column == "name" && column.value) {
      return "A storage system named \"" + *column.value + "\" already exists for this customer.";
    }
  }
  return "A storage system of that name already exists for this customer.";
}

}  // namespace

v1::ListStorageResponse PgStore::ListStorage(Budget budget, const common::Principal& principal,
                                             const ListQuery& list) {
  v1::ListStorageResponse response;
  pool_.Transaction(budget, [&](pqxx::transaction_base& tx) {
    response = ListPage<v1::ListStorageResponse>(tx, query::kCountStorage, query::kListStorage,
                                                 principal, list, StorageFromRow);
  });
  return response;
}

v1::StorageSystem PgStore::CreateStorage(Budget budget, int64_t customer,
                                         const std::vector<ColumnValue>& row,
                                         const std::string& username) {
  const std::vector<std::optional<std::string>> values = RowValues(row);
  v1::StorageSystem created;
  pool_.Transaction(budget, [&](pqxx::transaction_base& tx) {
    const pqxx::result rows = common::Exec(tx, query::kCreateStorage, customer, username,
                                           pqxx::prepare::make_dynamic_params(values));
    if (rows.empty()) throw Error(ErrorKind::kAlreadyExists, NameTaken(row));
    created = StorageFromRow(rows[0]);
  });
  return created;
}

v1::StorageSystem PgStore::GetStorage(Budget budget, const common::Principal& principal,
                                      int64_t id) {
  v1::StorageSystem found;
  pool_.Transaction(budget, [&](pqxx::transaction_base& tx) {
    std::optional<v1::StorageSystem> row = FindStorage(tx, principal, id);
    if (!row) throw Error(ErrorKind::kNotFound, kStorageNotFound);
    found = std::move(*row);
  });
  return found;
}

StoredStorageRow PgStore::LoadStorageRow(Budget budget, const common::Principal& principal,
                                         int64_t id) {
  StoredStorageRow stored;
  pool_.Transaction(budget, [&](pqxx::transaction_base& tx) {
    const pqxx::result rows = common::Exec(tx, query::kGetStorage, id, VisibleCustomers(principal));
    if (rows.empty()) throw Error(ErrorKind::kNotFound, kStorageNotFound);
    stored = StoredRowFromRow(rows[0]);
  });
  return stored;
}

v1::StorageSystem PgStore::UpdateStorage(Budget budget, const common::Principal& principal,
                                         int64_t id, int64_t expected_version,
                                         const std::vector<ColumnValue>& row) {
  const std::vector<std::optional<std::string>> values = RowValues(row);
  v1::StorageSystem result;
  try {
    pool_.Transaction(budget, [&](pqxx::transaction_base& tx) {
      const pqxx::result rows =
          common::Exec(tx, query::kUpdateStorage, id, expected_version, VisibleCustomers(principal),
                       principal.username(), pqxx::prepare::make_dynamic_params(values));
      result = rows.empty() ? ExplainNoRow(tx, principal, id, expected_version)
                            : StorageFromRow(rows[0]);
    });
  } catch (const pqxx::unique_violation&) {
    throw Error(ErrorKind::kAlreadyExists, NameTaken(row));
  }
  return result;
}

common::MergeBase PgStore::LoadMergeBase(Budget budget, int64_t id, int64_t base_version) {
  common::MergeBase base;
  pool_.Transaction(budget, [&](pqxx::transaction_base& tx) {
    base = common::LoadMergeBase(
        tx, {query::kHistorySnapshot, query::kCurrentRecordState, query::kHistoryChangesSince},
        "storage", id, base_version);  // the history's name of the kind
  });
  return base;
}

void PgStore::DeleteStorage(Budget budget, const common::Principal& principal, int64_t id,
                            int64_t expected_version) {
  pool_.Transaction(budget, [&](pqxx::transaction_base& tx) {
    // Its hosts and volumes go with it; the history records the caller as who deleted them all.
    common::SetActingUser(tx, principal.username());
    const pqxx::result rows =
        common::Exec(tx, query::kDeleteStorage, id, expected_version, VisibleCustomers(principal));
    if (rows.empty()) {
      // The caller's version is current yet nothing was deleted: cannot happen within one
      // statement, so ExplainNoRow always throws here.
      ExplainNoRow(tx, principal, id, expected_version);
      throw Error(ErrorKind::kNotFound, kStorageNotFound);
    }
  });
}

StorageForDelete PgStore::LoadForDelete(Budget budget, const common::Principal& principal,
                                        int64_t id, int64_t expected_version) {
  StorageForDelete target;
  pool_.Transaction(budget, [&](pqxx::transaction_base& tx) {
    const std::optional<v1::StorageSystem> current = FindStorage(tx, principal, id);
    if (!current) throw Error(ErrorKind::kNotFound, kStorageNotFound);
    if (current->version() != expected_version) {
      throw common::ConflictError(kStorageEntity, StampOf(*current));
    }
    target.name = current->name();
    for (const pqxx::row& row : common::Exec(tx, query::kListStorageHostIds, id)) {
      target.host_ids.push_back(row[0].as<int64_t>());
    }
  });
  return target;
}

int64_t PgStore::CountCustomerStorage(Budget budget, int64_t customer_id) {
  int64_t count = 0;
  pool_.Transaction(budget, [&](pqxx::transaction_base& tx) {
    count = common::Exec(tx, query::kCountCustomerStorage, customer_id)[0][0].as<int64_t>();
  });
  return count;
}

}  // namespace sanplane::storage
