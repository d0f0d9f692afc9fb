#include "storage_store.hpp"

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <map>
#include <random>
#include <thread>

#include "common/errors.hpp"
#include "common/json_struct.hpp"
#include "common/pagination.hpp"
#include "common/time.hpp"
#include "common/versioning.hpp"

namespace sanplane::storage {
namespace {

using common::Error;
using common::ErrorKind;
using Params = std::vector<std::optional<std::string>>;

constexpr char kEntity[] = "storage system";
constexpr char kStorageNotFound[] = "Storage system not found.";

// An import aborted by Postgres for a race with another one runs at most this often in all, and
// runs again only while this much of its budget is left.
constexpr int kImportAttempts = 4;
constexpr std::chrono::milliseconds kMinRetryBudget{200};

// Postgres array literal of the principal's customers, or null for a superuser (sees all). Used
// as $n in VisibleTo().
std::optional<std::string> CustomerIds(const common::Principal& principal) {
  if (principal.is_superuser()) return std::nullopt;
  std::string ids = "{";
  for (int i = 0; i < principal.customer_ids_size(); ++i) {
    if (i > 0) ids += ",";
    ids += std::to_string(principal.customer_ids(i));
  }
  return ids + "}";
}

// The visibility predicate on `column` with the customer-id array in parameter $n.
std::string VisibleTo(std::string_view column, int n) {
  const std::string p = "$" + std::to_string(n) + "::bigint[]";
  return "(" + p + " IS NULL OR " + std::string(column) + " = ANY(" + p + "))";
}

// Case-insensitive substring match of parameter $n against any of `columns`.
std::string SearchPredicate(const std::vector<std::string>& columns, int n) {
  const std::string p = "$" + std::to_string(n);
  std::string sql = "(" + p + " = ''";
  for (const std::string& column : columns) {
    sql += " OR strpos(lower(" + column + "), lower(" + p + ")) > 0";
  }
  return sql + ")";
}

std::string Micros(std::string_view column) {
  return "(extract(epoch FROM " + std::string(column) + ") * 1000000)::bigint";
}

std::optional<std::string> Text(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  return std::string(field.c_str(), field.size());
}

std::optional<int64_t> Int(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  return field.as<int64_t>();
}

std::string SqlTypeName(SqlType type) {
  switch (type) {
    case SqlType::kText:
      return "text";
    case SqlType::kBigint:
      return "bigint";
    case SqlType::kJsonb:
      return "jsonb";
  }
  return "text";
}

// ---- storage systems -----------------------------------------------------------------------

const std::string kStorageColumns =
    "s.id, s.customer_id, s.name, s.storage_type, s.vendor, s.model, s.machine_type, "
    "s.serial_number, s.system_id, s.storage_system_id, s.wwnn, s.firmware_level, s.location, "
    "s.primary_ip, s.secondary_ip, s.capacity_bytes, s.used_capacity_bytes, "
    "s.available_capacity_bytes, s.notes, s.attributes::text, s.version, s.last_modified_by, " +
    Micros("s.last_modified_at") + " AS last_modified_at_us";

v1::StorageSystem StorageFromRow(const pqxx::row& row) {
  v1::StorageSystem s;
  s.set_id(row[0].as<int64_t>());
  s.set_customer(row[1].as<int64_t>());
  s.set_name(row[2].c_str());
  s.set_storage_type(row[3].c_str());
  if (auto v = Text(row[4])) s.set_vendor(*v);
  if (auto v = Text(row[5])) s.set_model(*v);
  if (auto v = Text(row[6])) s.set_machine_type(*v);
  if (auto v = Text(row[7])) s.set_serial_number(*v);
  if (auto v = Text(row[8])) s.set_system_id(*v);
  if (auto v = Text(row[9])) s.set_storage_system_id(*v);
  if (auto v = Text(row[10])) s.set_wwnn(*v);
  if (auto v = Text(row[11])) s.set_firmware_level(*v);
  if (auto v = Text(row[12])) s.set_location(*v);
  if (auto v = Text(row[13])) s.set_primary_ip(*v);
  if (auto v = Text(row[14])) s.set_secondary_ip(*v);
  if (auto v = Int(row[15])) s.set_capacity_bytes(*v);
  if (auto v = Int(row[16])) s.set_used_capacity_bytes(*v);
  if (auto v = Int(row[17])) s.set_available_capacity_bytes(*v);
  s.set_notes(row[18].c_str());
  const boost::json::value attributes = boost::json::parse(row[19].c_str());
  *s.mutable_attributes() =
      common::ToStruct(attributes.is_object() ? attributes.get_object() : boost::json::object{});
  s.set_version(row[20].as<int64_t>());
  if (auto v = Text(row[21])) s.set_last_modified_by(*v);
  *s.mutable_last_modified_at() = common::TimestampFromMicros(row[22].as<int64_t>());
  return s;
}

common::RecordStamp StampOf(const v1::StorageSystem& s) {
  common::RecordStamp stamp;
  stamp.version = s.version();
  if (s.has_last_modified_by()) stamp.last_modified_by = s.last_modified_by();
  stamp.last_modified_at_micros = common::MicrosFromTimestamp(s.last_modified_at());
  return stamp;
}

std::optional<v1::StorageSystem> FindStorage(pqxx::work& tx, const common::Principal& principal,
                                             int64_t id) {
  const pqxx::result rows =
      tx.exec_params("SELECT " + kStorageColumns + " FROM storage.storage_systems s " +
                         "WHERE s.id = $1 AND " + VisibleTo("s.customer_id", 2),
                     id, CustomerIds(principal));
  if (rows.empty()) return std::nullopt;
  return StorageFromRow(rows[0]);
}

// After a compare-and-set that touched no row: missing -> NOT_FOUND, moved on -> conflict.
// Returns the stored record when the caller's version is current (nothing to change).
v1::StorageSystem ExplainNoRow(pqxx::work& tx, const common::Principal& principal, int64_t id,
                               int64_t expected_version) {
  std::optional<v1::StorageSystem> current = FindStorage(tx, principal, id);
  if (!current) throw Error(ErrorKind::kNotFound, kStorageNotFound);
  if (current->version() != expected_version) {
    throw common::ConflictError(kEntity, StampOf(*current));
  }
  return std::move(*current);
}

std::string NameTaken(const std::vector<ColumnValue>& columns) {
  for (const ColumnValue& column : columns) {
    if (column.column == "name" && column.value) {
      return "A storage system named \"" + *column.value + "\" already exists for this customer.";
    }
  }
  return "A storage system of that name already exists for this customer.";
}

// ---- hosts -----------------------------------------------------------------------------------

const std::string kHostColumns =
    "h.id, h.customer_id, h.storage_id, h.name, h.host_type, h.status, h.notes, h.version, "
    "h.last_modified_by, " +
    Micros("h.last_modified_at") +
    " AS last_modified_at_us, "
    "coalesce((SELECT string_agg(w.wwpn, ',' ORDER BY w.wwpn) FROM storage.host_wwpns w "
    "WHERE w.host_id = h.id), '') AS wwpn_list";

std::vector<std::string> SplitWwpns(std::string_view list) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < list.size()) {
    size_t end = list.find(',', start);
    if (end == std::string_view::npos) end = list.size();
    out.emplace_back(list.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

v1::Host HostFromRow(const pqxx::row& row) {
  v1::Host h;
  h.set_id(row[0].as<int64_t>());
  h.set_customer(row[1].as<int64_t>());
  if (auto v = Int(row[2])) h.set_storage(*v);
  h.set_name(row[3].c_str());
  if (auto v = Text(row[4])) h.set_host_type(*v);
  if (auto v = Text(row[5])) h.set_status(*v);
  h.set_notes(row[6].c_str());
  h.set_version(row[7].as<int64_t>());
  if (auto v = Text(row[8])) h.set_last_modified_by(*v);
  *h.mutable_last_modified_at() = common::TimestampFromMicros(row[9].as<int64_t>());
  for (std::string& wwpn : SplitWwpns(row[10].c_str())) h.add_wwpns(std::move(wwpn));
  return h;
}

// ---- volumes ---------------------------------------------------------------------------------

const std::string kVolumeColumns =
    "v.id, v.storage_id, v.name, v.volume_id, v.unique_id, v.capacity_bytes, v.pool_name, "
    "v.thin_provisioned, v.version, v.last_modified_by, " +
    Micros("v.last_modified_at") + " AS last_modified_at_us";

v1::Volume VolumeFromRow(const pqxx::row& row) {
  v1::Volume v;
  v.set_id(row[0].as<int64_t>());
  v.set_storage(row[1].as<int64_t>());
  v.set_name(row[2].c_str());
  v.set_volume_id(row[3].c_str());
  v.set_unique_id(row[4].c_str());
  if (auto x = Int(row[5])) v.set_capacity_bytes(*x);
  if (auto x = Text(row[6])) v.set_pool_name(*x);
  if (!row[7].is_null()) v.set_thin_provisioned(row[7].as<bool>());
  v.set_version(row[8].as<int64_t>());
  if (auto x = Text(row[9])) v.set_last_modified_by(*x);
  *v.mutable_last_modified_at() = common::TimestampFromMicros(row[10].as<int64_t>());
  return v;
}

// Visible volumes: those of a storage system of a visible customer ($1), optionally of one
// customer ($2) and one storage system ($3).
std::string VolumeScope() {
  return "EXISTS (SELECT 1 FROM storage.storage_systems s WHERE s.id = v.storage_id AND " +
         VisibleTo("s.customer_id", 1) + " AND ($2::bigint IS NULL OR s.customer_id = $2)) " +
         "AND ($3::bigint IS NULL OR v.storage_id = $3)";
}

bool StorageVisible(pqxx::work& tx, const common::Principal& principal, int64_t id) {
  return !tx.exec_params("SELECT 1 FROM storage.storage_systems s WHERE s.id = $1 AND " +
                             VisibleTo("s.customer_id", 2),
                         id, CustomerIds(principal))
              .empty();
}

// Runs the count and the page query of a list. `from_where` uses $1 visible customers,
// $2 customer, $3 storage id and $4 search; the page query adds $5 limit and $6 offset.
template <class Response, class FromRow>
Response ListPage(pqxx::work& tx, const std::string& from_where, const std::string& columns,
                  const ListQuery& query, const std::optional<std::string>& customer_ids,
                  FromRow from_row) {
  Response response;
  const int64_t count = tx.exec_params1("SELECT count(*) " + from_where, customer_ids,
                                        query.customer, query.storage_id, query.search)[0]
                            .as<int64_t>();
  const pqxx::result rows = tx.exec_params("SELECT " + columns + " " + from_where + " ORDER BY " +
                                               query.order_by + ", id LIMIT $5 " + "OFFSET $6",
                                           customer_ids, query.customer, query.storage_id,
                                           query.search, query.page.page_size, query.page.offset());
  for (const pqxx::row& row : rows) *response.add_results() = from_row(row);
  common::FillPageInfo(response, count, query.page);
  return response;
}

// ---- import ----------------------------------------------------------------------------------

boost::json::value JsonOrNull(const std::optional<std::string>& value) {
  return value ? boost::json::value(*value) : boost::json::value(nullptr);
}

std::vector<StoredHost> LoadHosts(pqxx::work& tx, int64_t storage_id) {
  std::vector<StoredHost> hosts;
  const pqxx::result rows = tx.exec_params(
      "SELECT h.id, h.version, h.name, h.host_type, h.status, h.notes, "
      "coalesce((SELECT string_agg(w.wwpn, ',' ORDER BY w.wwpn) FROM storage.host_wwpns w "
      "WHERE w.host_id = h.id), '') FROM storage.hosts h WHERE h.storage_id = $1",
      storage_id);
  for (const pqxx::row& row : rows) {
    StoredHost host;
    host.id = row[0].as<int64_t>();
    host.version = row[1].as<int64_t>();
    host.name = row[2].c_str();
    host.host_type = Text(row[3]);
    host.status = Text(row[4]);
    host.notes = row[5].c_str();
    host.wwpns = SplitWwpns(row[6].c_str());
    hosts.push_back(std::move(host));
  }
  return hosts;
}

std::vector<StoredVolume> LoadVolumes(pqxx::work& tx, const ImportPayload& payload) {
  boost::json::array unique_ids;
  for (const IncomingVolume& volume : payload.volumes) unique_ids.emplace_back(volume.unique_id);
  std::vector<StoredVolume> volumes;
  if (unique_ids.empty()) return volumes;
  const pqxx::result rows = tx.exec_params(
      "SELECT v.id, v.version, v.storage_id, v.name, v.volume_id, v.unique_id, v.capacity_bytes, "
      "v.pool_name, v.thin_provisioned FROM storage.volumes v "
      "WHERE v.unique_id IN (SELECT jsonb_array_elements_text($1::jsonb))",
      boost::json::serialize(unique_ids));
  for (const pqxx::row& row : rows) {
    StoredVolume volume;
    volume.id = row[0].as<int64_t>();
    volume.version = row[1].as<int64_t>();
    volume.storage_id = row[2].as<int64_t>();
    volume.name = row[3].c_str();
    volume.volume_id = row[4].c_str();
    volume.unique_id = row[5].c_str();
    volume.capacity_bytes = Int(row[6]);
    volume.pool_name = Text(row[7]);
    if (!row[8].is_null()) volume.thin_provisioned = row[8].as<bool>();
    volumes.push_back(std::move(volume));
  }
  return volumes;
}

// Inserts the WWPN rows of `hosts` (pairs of host id and its WWPNs).
void InsertWwpns(pqxx::work& tx, const std::vector<std::pair<int64_t, const StoredHost*>>& hosts) {
  boost::json::array rows;
  for (const auto& [id, host] : hosts) {
    for (const std::string& wwpn : host->wwpns) {
      rows.push_back(boost::json::object{{"host_id", id}, {"wwpn", wwpn}});
    }
  }
  if (rows.empty()) return;
  tx.exec_params(
      "INSERT INTO storage.host_wwpns (host_id, wwpn) SELECT x.host_id, x.wwpn "
      "FROM jsonb_to_recordset($1::jsonb) AS x(host_id bigint, wwpn text) "
      "ORDER BY x.host_id, x.wwpn",
      boost::json::serialize(rows));
}

// Locks the rows of `table` with these ids in id order before a batch update, so writers whose
// rows overlap queue up in one order rather than deadlock.
void LockInIdOrder(pqxx::work& tx, std::string_view table, const std::vector<int64_t>& ids) {
  std::string list = "{";
  for (size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) list += ",";
    list += std::to_string(ids[i]);
  }
  list += "}";
  tx.exec_params("SELECT 1 FROM " + std::string(table) +
                     " WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE",
                 list);
}

// A batch compare-and-set touched fewer rows than planned: something changed them meanwhile.
[[noreturn]] void ThrowImportRace() {
  throw Error(ErrorKind::kVersionConflict,
              "Hosts or volumes of this storage system changed during the import; nothing was "
              "imported. Please try again.");
}

void ApplyHosts(pqxx::work& tx, int64_t customer_id, int64_t storage_id, const ImportPlan& plan,
                const std::string& username) {
  if (!plan.host_creates.empty()) {
    boost::json::array rows;
    for (const StoredHost& host : plan.host_creates) {
      rows.push_back(boost::json::object{{"name", host.name},
                                         {"host_type", JsonOrNull(host.host_type)},
                                         {"status", JsonOrNull(host.status)},
                                         {"notes", host.notes}});
    }
    const pqxx::result created = tx.exec_params(
        "INSERT INTO storage.hosts (customer_id, storage_id, name, host_type, status, notes, "
        "version, last_modified_by, last_modified_at) "
        "SELECT $1, $2, x.name, x.host_type, x.status, x.notes, 0, $3, now() "
        "FROM jsonb_to_recordset($4::jsonb) AS x(name text, host_type text, status text, "
        "notes text) ORDER BY x.name RETURNING id, name",
        customer_id, storage_id, username, boost::json::serialize(rows));
    std::map<std::string, int64_t, std::less<>> ids;
    for (const pqxx::row& row : created) ids.emplace(row[1].c_str(), row[0].as<int64_t>());
    std::vector<std::pair<int64_t, const StoredHost*>> with_ids;
    for (const StoredHost& host : plan.host_creates)
      with_ids.emplace_back(ids.at(host.name), &host);
    InsertWwpns(tx, with_ids);
  }

  if (!plan.host_updates.empty()) {
    boost::json::array rows;
    boost::json::array rewired;
    std::vector<std::pair<int64_t, const StoredHost*>> wwpn_hosts;
    std::vector<int64_t> ids;
    for (const HostUpdate& update : plan.host_updates) {
      const StoredHost& host = update.next;
      ids.push_back(host.id);
      rows.push_back(boost::json::object{{"id", host.id},
                                         {"version", host.version},
                                         {"host_type", JsonOrNull(host.host_type)},
                                         {"status", JsonOrNull(host.status)},
                                         {"notes", host.notes}});
      if (update.wwpns_changed) {
        rewired.emplace_back(host.id);
        wwpn_hosts.emplace_back(host.id, &host);
      }
    }
    LockInIdOrder(tx, "storage.hosts", ids);
    const pqxx::result updated = tx.exec_params(
        "UPDATE storage.hosts AS h SET host_type = x.host_type, status = x.status, "
        "notes = x.notes, version = h.version + 1, last_modified_by = $2, "
        "last_modified_at = now() "
        "FROM jsonb_to_recordset($1::jsonb) AS x(id bigint, version bigint, host_type text, "
        "status text, notes text) "
        "WHERE h.id = x.id AND h.version = x.version RETURNING h.id",
        boost::json::serialize(rows), username);
    if (updated.size() != plan.host_updates.size()) ThrowImportRace();
    if (!rewired.empty()) {
      tx.exec_params(
          "DELETE FROM storage.host_wwpns "
          "WHERE host_id IN (SELECT (jsonb_array_elements_text($1::jsonb))::bigint)",
          boost::json::serialize(rewired));
      InsertWwpns(tx, wwpn_hosts);
    }
  }
}

boost::json::object VolumeJson(const StoredVolume& volume) {
  boost::json::object row{{"name", volume.name},
                          {"volume_id", volume.volume_id},
                          {"unique_id", volume.unique_id},
                          {"pool_name", JsonOrNull(volume.pool_name)}};
  row["capacity_bytes"] = volume.capacity_bytes ? boost::json::value(*volume.capacity_bytes)
                                                : boost::json::value(nullptr);
  row["thin_provisioned"] = volume.thin_provisioned ? boost::json::value(*volume.thin_provisioned)
                                                    : boost::json::value(nullptr);
  return row;
}

void ApplyVolumes(pqxx::work& tx, int64_t storage_id, const ImportPlan& plan,
                  const std::string& username) {
  if (!plan.volume_creates.empty()) {
    boost::json::array rows;
    for (const StoredVolume& volume : plan.volume_creates) rows.push_back(VolumeJson(volume));
    tx.exec_params(
        "INSERT INTO storage.volumes (storage_id, name, volume_id, unique_id, capacity_bytes, "
        "pool_name, thin_provisioned, version, last_modified_by, last_modified_at) "
        "SELECT $1, x.name, x.volume_id, x.unique_id, x.capacity_bytes, x.pool_name, "
        "x.thin_provisioned, 0, $2, now() "
        "FROM jsonb_to_recordset($3::jsonb) AS x(name text, volume_id text, unique_id text, "
        "capacity_bytes bigint, pool_name text, thin_provisioned boolean) ORDER BY x.unique_id",
        storage_id, username, boost::json::serialize(rows));
  }
  if (!plan.volume_updates.empty()) {
    boost::json::array rows;
    std::vector<int64_t> ids;
    for (const StoredVolume& volume : plan.volume_updates) {
      ids.push_back(volume.id);
      boost::json::object row = VolumeJson(volume);
      row["id"] = volume.id;
      row["version"] = volume.version;
      rows.push_back(std::move(row));
    }
    LockInIdOrder(tx, "storage.volumes", ids);
    const pqxx::result updated = tx.exec_params(
        "UPDATE storage.volumes AS v SET name = x.name, volume_id = x.volume_id, "
        "capacity_bytes = x.capacity_bytes, pool_name = x.pool_name, "
        "thin_provisioned = x.thin_provisioned, version = v.version + 1, last_modified_by = $2, "
        "last_modified_at = now() "
        "FROM jsonb_to_recordset($1::jsonb) AS x(id bigint, version bigint, name text, "
        "volume_id text, capacity_bytes bigint, pool_name text, thin_provisioned boolean) "
        "WHERE v.id = x.id AND v.version = x.version AND v.storage_id = $3 RETURNING v.id",
        boost::json::serialize(rows), username, storage_id);
    if (updated.size() != plan.volume_updates.size()) ThrowImportRace();
  }
}

// Postgres aborted every attempt of an import for a deadlock or serialization failure.
[[noreturn]] void ThrowImportCollision() {
  throw Error(ErrorKind::kVersionConflict,
              "This import collided with another import of the same volumes; nothing was "
              "imported. Please try again.");
}

// A short, growing, jittered pause before an import runs again, so two colliding imports do not
// collide again in lockstep.
void RetryPause(int attempt) {
  thread_local std::minstd_rand random(std::random_device{}());
  std::uniform_int_distribution<int> jitter(0, 20);
  std::this_thread::sleep_for(std::chrono::milliseconds(10 * attempt + jitter(random)));
}

v1::ImportCounts Counts(size_t created, size_t updated, int64_t unchanged) {
  v1::ImportCounts counts;
  counts.set_created(static_cast<int64_t>(created));
  counts.set_updated(static_cast<int64_t>(updated));
  counts.set_unchanged(unchanged);
  return counts;
}

}  // namespace

// ---- storage systems -----------------------------------------------------------------------

v1::ListStorageResponse StorageStore::ListStorage(std::chrono::milliseconds budget,
                                                  const common::Principal& principal,
                                                  const ListQuery& query) {
  // $1 visible customers, $2 customer, $3 storage id (unused), $4 search.
  const std::string from_where =
      "FROM storage.storage_systems s WHERE " + VisibleTo("s.customer_id", 1) +
      " AND ($2::bigint IS NULL OR s.customer_id = $2) AND ($3::bigint IS NULL OR s.id = $3) AND " +
      SearchPredicate({"s.name", "s.vendor", "s.model", "s.serial_number", "s.location", "s.notes"},
                      4);
  v1::ListStorageResponse response;
  pool_.Transaction(budget, [&](pqxx::work& tx) {
    response = ListPage<v1::ListStorageResponse>(tx, from_where, kStorageColumns, query,
                                                 CustomerIds(principal), StorageFromRow);
  });
  return response;
}

v1::StorageSystem StorageStore::CreateStorage(std::chrono::milliseconds budget, int64_t customer,
                                              const std::vector<ColumnValue>& columns,
                                              const std::string& username) {
  std::string names = "customer_id, version, last_modified_by, last_modified_at";
  std::string values = "$1, 0, $2, now()";
  Params params;
  int n = 3;
  for (const ColumnValue& column : columns) {
    names += ", " + std::string(column.column);
    values += ", $" + std::to_string(n++) + "::" + SqlTypeName(column.type);
    params.push_back(column.value);
  }
  const std::string sql = "INSERT INTO storage.storage_systems AS s (" + names + ") VALUES (" +
                          values + ") ON CONFLICT (customer_id, name) DO NOTHING RETURNING " +
                          kStorageColumns;
  v1::StorageSystem created;
  pool_.Transaction(budget, [&](pqxx::work& tx) {
    const pqxx::result rows =
        tx.exec_params(sql, customer, username, pqxx::prepare::make_dynamic_params(params));
    if (rows.empty()) throw Error(ErrorKind::kAlreadyExists, NameTaken(columns));
    created = StorageFromRow(rows[0]);
  });
  return created;
}

v1::StorageSystem StorageStore::GetStorage(std::chrono::milliseconds budget,
                                           const common::Principal& principal, int64_t id) {
  v1::StorageSystem found;
  pool_.Transaction(budget, [&](pqxx::work& tx) {
    std::optional<v1::StorageSystem> row = FindStorage(tx, principal, id);
    if (!row) throw Error(ErrorKind::kNotFound, kStorageNotFound);
    found = std::move(*row);
  });
  return found;
}

v1::StorageSystem StorageStore::UpdateStorage(std::chrono::milliseconds budget,
                                              const common::Principal& principal, int64_t id,
                                              int64_t expected_version,
                                              const std::vector<ColumnValue>& columns) {
  v1::StorageSystem result;
  if (columns.empty()) {
    // Nothing to change (an empty PATCH): still answer 404/409 like any other save.
    pool_.Transaction(budget, [&](pqxx::work& tx) {
      result = ExplainNoRow(tx, principal, id, expected_version);
    });
    return result;
  }
  // $1 id, $2 expected version, $3 visible customers, $4 user, $5.. the new values.
  std::string assignments;
  std::string old_values;
  std::string new_values;
  Params params;
  int n = 5;
  for (const ColumnValue& column : columns) {
    const std::string placeholder = "$" + std::to_string(n++) + "::" + SqlTypeName(column.type);
    const std::string separator = params.empty() ? "" : ", ";
    assignments += separator + std::string(column.column) + " = " + placeholder;
    old_values += separator + "s." + std::string(column.column);
    new_values += separator + placeholder;
    params.push_back(column.value);
  }
  // The version moves only when a value differs (DESIGN.md §3.3).
  const std::string sql = "UPDATE storage.storage_systems AS s SET " + assignments +
                          ", version = s.version + 1, last_modified_by = $4, "
                          "last_modified_at = now() WHERE s.id = $1 AND s.version = $2 AND " +
                          VisibleTo("s.customer_id", 3) + " AND ROW(" + old_values +
                          ") IS DISTINCT FROM ROW(" + new_values + ") RETURNING " + kStorageColumns;
  try {
    pool_.Transaction(budget, [&](pqxx::work& tx) {
      const pqxx::result rows =
          tx.exec_params(sql, id, expected_version, CustomerIds(principal), principal.username(),
                         pqxx::prepare::make_dynamic_params(params));
      result = rows.empty() ? ExplainNoRow(tx, principal, id, expected_version)
                            : StorageFromRow(rows[0]);
    });
  } catch (const pqxx::unique_violation&) {
    throw Error(ErrorKind::kAlreadyExists, NameTaken(columns));
  }
  return result;
}

void StorageStore::DeleteStorage(std::chrono::milliseconds budget,
                                 const common::Principal& principal, int64_t id,
                                 int64_t expected_version) {
  pool_.Transaction(budget, [&](pqxx::work& tx) {
    const pqxx::result rows = tx.exec_params(
        "DELETE FROM storage.storage_systems AS s WHERE s.id = $1 AND s.version = $2 AND " +
            VisibleTo("s.customer_id", 3) + " RETURNING s.id",
        id, expected_version, CustomerIds(principal));
    if (rows.empty()) {
      // The caller's version is current yet nothing was deleted: cannot happen within one
      // statement, so ExplainNoRow always throws here.
      ExplainNoRow(tx, principal, id, expected_version);
      throw Error(ErrorKind::kNotFound, kStorageNotFound);
    }
  });
}

// ---- hosts and volumes -----------------------------------------------------------------------

v1::ListHostsResponse StorageStore::ListHosts(std::chrono::milliseconds budget,
                                              const common::Principal& principal,
                                              const ListQuery& query) {
  // $1 visible customers, $2 customer, $3 storage id, $4 search.
  const std::string from_where =
      "FROM storage.hosts h WHERE " + VisibleTo("h.customer_id", 1) +
      " AND ($2::bigint IS NULL OR h.customer_id = $2)"
      " AND ($3::bigint IS NULL OR h.storage_id = $3) AND (" +
      SearchPredicate({"h.name", "h.host_type", "h.status", "h.notes"}, 4) +
      " OR EXISTS (SELECT 1 FROM storage.host_wwpns w WHERE w.host_id = h.id AND "
      "strpos(w.wwpn, lower($4)) > 0))";
  v1::ListHostsResponse response;
  pool_.Transaction(budget, [&](pqxx::work& tx) {
    if (query.storage_id && !StorageVisible(tx, principal, *query.storage_id)) {
      throw Error(ErrorKind::kNotFound, kStorageNotFound);
    }
    response = ListPage<v1::ListHostsResponse>(tx, from_where, kHostColumns, query,
                                               CustomerIds(principal), HostFromRow);
  });
  return response;
}

v1::Host StorageStore::GetHost(std::chrono::milliseconds budget, const common::Principal& principal,
                               int64_t id) {
  v1::Host host;
  pool_.Transaction(budget, [&](pqxx::work& tx) {
    const pqxx::result rows =
        tx.exec_params("SELECT " + kHostColumns + " FROM storage.hosts h WHERE h.id = $1 AND " +
                           VisibleTo("h.customer_id", 2),
                       id, CustomerIds(principal));
    if (rows.empty()) throw Error(ErrorKind::kNotFound, "Host not found.");
    host = HostFromRow(rows[0]);
  });
  return host;
}

v1::ListVolumesResponse StorageStore::ListVolumes(std::chrono::milliseconds budget,
                                                  const common::Principal& principal,
                                                  const ListQuery& query) {
  // $1 visible customers, $2 customer, $3 storage id, $4 search.
  const std::string from_where =
      "FROM storage.volumes v WHERE " + VolumeScope() + " AND " +
      SearchPredicate({"v.name", "v.volume_id", "v.unique_id", "v.pool_name"}, 4);
  v1::ListVolumesResponse response;
  pool_.Transaction(budget, [&](pqxx::work& tx) {
    if (query.storage_id && !StorageVisible(tx, principal, *query.storage_id)) {
      throw Error(ErrorKind::kNotFound, kStorageNotFound);
    }
    response = ListPage<v1::ListVolumesResponse>(tx, from_where, kVolumeColumns, query,
                                                 CustomerIds(principal), VolumeFromRow);
  });
  return response;
}

v1::Volume StorageStore::GetVolume(std::chrono::milliseconds budget,
                                   const common::Principal& principal, int64_t id) {
  v1::Volume volume;
  pool_.Transaction(budget, [&](pqxx::work& tx) {
    const pqxx::result rows = tx.exec_params(
        "SELECT " + kVolumeColumns + " FROM storage.volumes v WHERE v.id = $4 AND " + VolumeScope(),
        CustomerIds(principal), std::optional<int64_t>(), std::optional<int64_t>(), id);
    if (rows.empty()) throw Error(ErrorKind::kNotFound, "Volume not found.");
    volume = VolumeFromRow(rows[0]);
  });
  return volume;
}

// ---- import ----------------------------------------------------------------------------------

v1::ImportStorageResponse StorageStore::Import(std::chrono::milliseconds budget,
                                               const common::Principal& principal,
                                               int64_t storage_id, const ImportPayload& payload) {
  // Postgres may abort an import that races another one (a deadlock, a serialization failure, or
  // a unique_id the other one just created). The whole transaction then runs again, within what
  // is left of the budget: a rerun sees the other import's rows and answers like any import that
  // came after it.
  const auto deadline = std::chrono::steady_clock::now() + budget;
  for (int attempt = 1;; ++attempt) {
    const auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    const bool may_retry = attempt < kImportAttempts && remaining > kMinRetryBudget;
    try {
      return ImportOnce(remaining, principal, storage_id, payload);
    } catch (const pqxx::unique_violation&) {
      if (may_retry) continue;
      // Only a volume created at the same moment by an import into another storage system.
      throw Error(ErrorKind::kAlreadyExists,
                  "A volume unique_id of this import was just created by another import; nothing "
                  "was imported. Please try again.");
    } catch (const pqxx::deadlock_detected&) {
      if (!may_retry) ThrowImportCollision();
    } catch (const pqxx::serialization_failure&) {
      if (!may_retry) ThrowImportCollision();
    }
    RetryPause(attempt);
  }
}

v1::ImportStorageResponse StorageStore::ImportOnce(std::chrono::milliseconds budget,
                                                   const common::Principal& principal,
                                                   int64_t storage_id,
                                                   const ImportPayload& payload) {
  v1::ImportStorageResponse response;
  pool_.Transaction(budget, [&](pqxx::work& tx) {
    // The key-share lock keeps the storage system from being deleted under the import without
    // blocking edits of its fields; the advisory lock makes imports into it take turns, so two
    // of them never both create the same host.
    const pqxx::result storage =
        tx.exec_params("SELECT s.customer_id FROM storage.storage_systems s WHERE s.id = $1 AND " +
                           VisibleTo("s.customer_id", 2) + " FOR KEY SHARE",
                       storage_id, CustomerIds(principal));
    if (storage.empty()) throw Error(ErrorKind::kNotFound, kStorageNotFound);
    const int64_t customer_id = storage[0][0].as<int64_t>();
    tx.exec_params(
        "SELECT pg_advisory_xact_lock(hashtext('storage.import'), ($1 % 2147483647)::int)",
        storage_id);

    const ImportPlan plan =
        PlanImport(storage_id, payload, LoadHosts(tx, storage_id), LoadVolumes(tx, payload));
    ApplyHosts(tx, customer_id, storage_id, plan, principal.username());
    ApplyVolumes(tx, storage_id, plan, principal.username());
    *response.mutable_hosts() =
        Counts(plan.host_creates.size(), plan.host_updates.size(), plan.hosts_unchanged);
    *response.mutable_volumes() =
        Counts(plan.volume_creates.size(), plan.volume_updates.size(), plan.volumes_unchanged);
  });
  return response;
}

}  // namespace sanplane::storage
