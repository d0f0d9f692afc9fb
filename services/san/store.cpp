#include "store.hpp"

#include <utility>

#include "common/errors.hpp"
#include "common/pg_encode.hpp"
#include "validation.hpp"
#include "wwpn.hpp"

namespace sanplane::san::store {
namespace {

// ---- row decoding -----------------------------------------------------------------------------

template <class T>
std::optional<T> Nullable(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  return field.as<T>();
}

using common::StampAt;

/// version, last_modified_by and last_modified_at (as microseconds since the epoch).
constexpr char kStampColumns[] =
    "version, last_modified_by, (extract(epoch FROM last_modified_at) * 1000000)::bigint";

// Columns of san.fabrics without a table prefix, so they also serve RETURNING.
constexpr char kFabricColumns[] =
    "id, customer_id, name, zoneset_name, san_vendor, vsan, domain_id, \"exists\", notes, "
    "version, last_modified_by, (extract(epoch FROM last_modified_at) * 1000000)::bigint";

FabricRow FabricFrom(const pqxx::row& row) {
  FabricRow fabric;
  fabric.id = row[0].as<int64_t>();
  fabric.customer_id = row[1].as<int64_t>();
  fabric.values.name = row[2].as<std::string>();
  fabric.values.zoneset_name = row[3].as<std::string>();
  fabric.values.san_vendor = row[4].as<std::string>();
  fabric.values.vsan = Nullable<int32_t>(row[5]);
  fabric.values.domain_id = Nullable<int32_t>(row[6]);
  fabric.values.exists = row[7].as<bool>();
  fabric.values.notes = row[8].as<std::string>();
  fabric.stamp = StampAt(row, 9);
  return fabric;
}

constexpr char kAliasColumns[] =
    "SELECT a.id, f.customer_id, a.fabric_id, a.name, a.wwpn, a.use, a.cisco_alias, a.\"create\", "
    "a.\"delete\", a.include_in_zoning, a.logged_in, a.host_id, a.storage_id, a.notes, "
    "a.version, a.last_modified_by, (extract(epoch FROM a.last_modified_at) * 1000000)::bigint, "
    "array_to_string(ARRAY(SELECT p.project_id FROM san.alias_projects p "
    "WHERE p.alias_id = a.id ORDER BY p.project_id), ',') ";
constexpr char kAliasFrom[] = "FROM san.aliases a JOIN san.fabrics f ON f.id = a.fabric_id ";

AliasRow AliasFrom(const pqxx::row& row) {
  AliasRow alias;
  alias.id = row[0].as<int64_t>();
  alias.customer_id = row[1].as<int64_t>();
  AliasValues& v = alias.values;
  v.fabric_id = row[2].as<int64_t>();
  v.name = row[3].as<std::string>();
  v.wwpn = row[4].as<std::string>();
  v.use = Nullable<std::string>(row[5]);
  v.cisco_alias = row[6].as<std::string>();
  v.create = row[7].as<bool>();
  v.del = row[8].as<bool>();
  v.include_in_zoning = row[9].as<bool>();
  v.logged_in = row[10].as<bool>();
  v.host_id = Nullable<int64_t>(row[11]);
  v.storage_id = Nullable<int64_t>(row[12]);
  v.notes = row[13].as<std::string>();
  alias.stamp = StampAt(row, 14);
  alias.projects = common::ParseIdList(row[17].as<std::string>());
  return alias;
}

constexpr char kZoneColumns[] =
    "SELECT z.id, f.customer_id, z.fabric_id, z.name, z.zone_type, z.\"create\", z.\"delete\", "
    "z.\"exists\", z.notes, z.version, z.last_modified_by, "
    "(extract(epoch FROM z.last_modified_at) * 1000000)::bigint, "
    "array_to_string(ARRAY(SELECT p.project_id FROM san.zone_projects p "
    "WHERE p.zone_id = z.id ORDER BY p.project_id), ','), "
    "array_to_string(ARRAY(SELECT m.alias_id FROM san.zone_members m "
    "JOIN san.aliases ma ON ma.id = m.alias_id WHERE m.zone_id = z.id "
    "ORDER BY ma.name, ma.id), ',') ";
constexpr char kZoneFrom[] = "FROM san.zones z JOIN san.fabrics f ON f.id = z.fabric_id ";

ZoneRow ZoneFrom(const pqxx::row& row) {
  ZoneRow zone;
  zone.id = row[0].as<int64_t>();
  zone.customer_id = row[1].as<int64_t>();
  ZoneValues& v = zone.values;
  v.fabric_id = row[2].as<int64_t>();
  v.name = row[3].as<std::string>();
  v.zone_type = row[4].as<std::string>();
  v.create = row[5].as<bool>();
  v.del = row[6].as<bool>();
  v.exists = row[7].as<bool>();
  v.notes = row[8].as<std::string>();
  zone.stamp = StampAt(row, 9);
  zone.projects = common::ParseIdList(row[12].as<std::string>());
  zone.members = common::ParseIdList(row[13].as<std::string>());
  return zone;
}

template <class Row>
std::vector<Row> Decode(const pqxx::result& result, Row (*decode)(const pqxx::row&)) {
  std::vector<Row> rows;
  rows.reserve(result.size());
  for (const pqxx::row& row : result) rows.push_back(decode(row));
  return rows;
}

template <class Row>
std::map<int64_t, Row> DecodeById(const pqxx::result& result, Row (*decode)(const pqxx::row&)) {
  std::map<int64_t, Row> rows;
  for (const pqxx::row& row : result) {
    Row decoded = decode(row);
    rows.emplace(decoded.id, std::move(decoded));
  }
  return rows;
}

AliasRef AliasRefFrom(const pqxx::row& row) {
  return {row[0].as<int64_t>(), row[1].as<int64_t>(), row[2].as<int64_t>(),
          row[3].as<std::string>()};
}

const char* TableName(Table table) {
  switch (table) {
    case Table::kFabrics:
      return "san.fabrics";
    case Table::kAliases:
      return "san.aliases";
    case Table::kZones:
      return "san.zones";
  }
  return "";
}

/// Adds (owner, id) rows to a link table such as "san.zone_members (zone_id, alias_id)"; pairs
/// already there stay.
void InsertLinks(pqxx::work& tx, std::string_view table_columns, int64_t owner_id,
                 const std::vector<int64_t>& ids) {
  if (ids.empty()) return;
  tx.exec_params("INSERT INTO " + std::string(table_columns) +
                     " SELECT $1, unnest($2::bigint[]) ON CONFLICT DO NOTHING",
                 owner_id, common::PgBigintArray(ids));
}

bool DeleteAtVersion(pqxx::work& tx, Table table, int64_t id, int64_t expected_version) {
  return !tx.exec_params("DELETE FROM " + std::string(TableName(table)) +
                             " WHERE id = $1 AND version = $2 RETURNING id",
                         id, expected_version)
              .empty();
}

// ---- ordering ---------------------------------------------------------------------------------

using Columns = std::vector<std::pair<std::string, std::string>>;  // API field -> SQL expression

std::string OrderBy(std::string_view ordering, const Columns& columns, std::string_view fallback,
                    std::string_view id_column) {
  std::vector<std::string> allowed;
  allowed.reserve(columns.size());
  for (const auto& column : columns) allowed.push_back(column.first);
  // Validates (and words the error of) an ordering outside the allow-list.
  common::OrderByClause(ordering, allowed, fallback);

  const bool descending = !ordering.empty() && ordering.front() == '-';
  std::string_view field = descending ? ordering.substr(1) : ordering;
  if (field.empty()) field = fallback;
  for (const auto& [name, expression] : columns) {
    if (name == field) {
      return expression + (descending ? " DESC" : " ASC") + ", " + std::string(id_column) + " ASC";
    }
  }
  throw common::Error(common::ErrorKind::kInvalidArgument,
                      "Invalid ordering \"" + std::string(ordering) + "\".");
}

/// (search term, pattern, pattern over WWPN digits or null) for the list filters.
struct SearchParams {
  std::string term;
  std::string pattern;
  std::optional<std::string> digits_pattern;
};

SearchParams Search(std::string_view term) {
  SearchParams params{std::string(term), common::LikeContains(term), std::nullopt};
  const std::string digits = WwpnDigits(term);
  if (!digits.empty()) params.digits_pattern = common::LikeContains(digits);
  return params;
}

/// One page of a project's aliases or zones and, in `count`, how many match in all. `filter`
/// follows `from` and binds $1 project, $2 customer, $3 term, $4 pattern, $5 digits pattern.
template <class Row>
std::vector<Row> ListPage(pqxx::work& tx, std::string_view columns, std::string_view from,
                          const std::string& filter, const ListQuery& query,
                          Row (*decode)(const pqxx::row&), int64_t& count) {
  const SearchParams s = Search(query.search);
  count = tx.exec_params1("SELECT count(*) " + std::string(from) + filter, query.project_id,
                          query.customer_id, s.term, s.pattern, s.digits_pattern)[0]
              .as<int64_t>();
  const pqxx::result result =
      tx.exec_params(std::string(columns) + std::string(from) + filter + "ORDER BY " +
                         query.order_by + " LIMIT $6 OFFSET $7",
                     query.project_id, query.customer_id, s.term, s.pattern, s.digits_pattern,
                     query.page.page_size, query.page.offset());
  return Decode(result, decode);
}

}  // namespace

std::optional<common::RecordStamp> LoadStamp(pqxx::work& tx, Table table, int64_t id) {
  const pqxx::result result = tx.exec_params(
      std::string("SELECT ") + kStampColumns + " FROM " + TableName(table) + " WHERE id = $1", id);
  if (result.empty()) return std::nullopt;
  return StampAt(result[0], 0);
}

std::string FabricOrderBy(std::string_view ordering) {
  static const Columns columns = {
      {"id", "id"},
      {"name", "name"},
      {"zoneset_name", "zoneset_name"},
      {"san_vendor", "san_vendor"},
      {"vsan", "vsan"},
      {"domain_id", "domain_id"},
      {"exists", "\"exists\""},
      {"version", "version"},
      {"last_modified_at", "last_modified_at"},
  };
  return OrderBy(ordering, columns, "id", "id");
}

std::string AliasOrderBy(std::string_view ordering) {
  static const Columns columns = {
      {"id", "a.id"},
      {"name", "a.name"},
      {"wwpn", "a.wwpn"},
      {"use", "a.use"},
      {"cisco_alias", "a.cisco_alias"},
      {"fabric", "a.fabric_id"},
      {"create", "a.\"create\""},
      {"delete", "a.\"delete\""},
      {"include_in_zoning", "a.include_in_zoning"},
      {"logged_in", "a.logged_in"},
      {"notes", "a.notes"},
      {"version", "a.version"},
      {"last_modified_at", "a.last_modified_at"},
  };
  return OrderBy(ordering, columns, "name", "a.id");
}

std::string ZoneOrderBy(std::string_view ordering) {
  static const Columns columns = {
      {"id", "z.id"},
      {"name", "z.name"},
      {"zone_type", "z.zone_type"},
      {"fabric", "z.fabric_id"},
      {"create", "z.\"create\""},
      {"delete", "z.\"delete\""},
      {"exists", "z.\"exists\""},
      {"notes", "z.notes"},
      {"version", "z.version"},
      {"last_modified_at", "z.last_modified_at"},
  };
  return OrderBy(ordering, columns, "id", "z.id");
}

// ---- fabrics ----------------------------------------------------------------------------------

std::optional<FabricRow> LoadFabric(pqxx::work& tx, int64_t id) {
  const pqxx::result result = tx.exec_params(
      std::string("SELECT ") + kFabricColumns + " FROM san.fabrics WHERE id = $1", id);
  if (result.empty()) return std::nullopt;
  return FabricFrom(result[0]);
}

std::map<int64_t, FabricRow> LockFabrics(pqxx::work& tx, const std::vector<int64_t>& ids,
                                         int64_t customer_id) {
  if (ids.empty()) return {};
  const pqxx::result result =
      tx.exec_params(std::string("SELECT ") + kFabricColumns +
                         " FROM san.fabrics WHERE id = ANY($1::bigint[]) AND customer_id = $2 "
                         "ORDER BY id FOR KEY SHARE",
                     common::PgBigintArray(ids), customer_id);
  return DecodeById(result, FabricFrom);
}

std::vector<FabricRow> ListFabrics(pqxx::work& tx, const std::vector<int64_t>& customers,
                                   bool all_customers, std::string_view search,
                                   const std::string& order_by, const common::PageRequest& page,
                                   int64_t& count) {
  const SearchParams s = Search(search);
  const std::string where =
      " FROM san.fabrics WHERE ($1::boolean OR customer_id = ANY($2::bigint[])) "
      "AND ($3::text = '' OR name ILIKE $4 OR zoneset_name ILIKE $4 OR notes ILIKE $4)";
  const std::string customer_list = common::PgBigintArray(customers);
  count =
      tx.exec_params1("SELECT count(*)" + where, all_customers, customer_list, s.term, s.pattern)[0]
          .as<int64_t>();
  const pqxx::result result = tx.exec_params(std::string("SELECT ") + kFabricColumns + where +
                                                 " ORDER BY " + order_by + " LIMIT $5 OFFSET $6",
                                             all_customers, customer_list, s.term, s.pattern,
                                             page.page_size, page.offset());
  return Decode(result, FabricFrom);
}

bool FabricNameTaken(pqxx::work& tx, int64_t customer_id, const std::string& name,
                     int64_t except_id) {
  return !tx.exec_params(
                "SELECT 1 FROM san.fabrics WHERE customer_id = $1 AND name = $2 "
                "AND id <> $3",
                customer_id, name, except_id)
              .empty();
}

FabricRow InsertFabric(pqxx::work& tx, int64_t customer_id, const FabricValues& v,
                       const std::string& user) {
  const pqxx::row row = tx.exec_params1(
      std::string("INSERT INTO san.fabrics (customer_id, name, zoneset_name, san_vendor, vsan, "
                  "domain_id, \"exists\", notes, last_modified_by) "
                  "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING ") +
          kFabricColumns,
      customer_id, v.name, v.zoneset_name, v.san_vendor, v.vsan, v.domain_id, v.exists, v.notes,
      user);
  return FabricFrom(row);
}

std::optional<FabricRow> UpdateFabric(pqxx::work& tx, int64_t id, int64_t expected_version,
                                      const FabricValues& v, const std::string& user) {
  const pqxx::result result = tx.exec_params(
      std::string(
          "UPDATE san.fabrics SET name = $3, zoneset_name = $4, san_vendor = $5, vsan = $6, "
          "domain_id = $7, \"exists\" = $8, notes = $9, version = version + 1, "
          "last_modified_by = $10, last_modified_at = now() "
          "WHERE id = $1 AND version = $2 AND "
          "(name, zoneset_name, san_vendor, vsan, domain_id, \"exists\", notes) IS DISTINCT FROM "
          "($3::text, $4::text, $5::text, $6::integer, $7::integer, $8::boolean, $9::text) "
          "RETURNING ") +
          kFabricColumns,
      id, expected_version, v.name, v.zoneset_name, v.san_vendor, v.vsan, v.domain_id, v.exists,
      v.notes, user);
  if (result.empty()) return std::nullopt;
  return FabricFrom(result[0]);
}

bool DeleteFabric(pqxx::work& tx, int64_t id, int64_t expected_version) {
  return DeleteAtVersion(tx, Table::kFabrics, id, expected_version);
}

// ---- aliases ----------------------------------------------------------------------------------

std::map<int64_t, AliasRow> LoadAliases(pqxx::work& tx, const std::vector<int64_t>& ids) {
  if (ids.empty()) return {};
  const pqxx::result result =
      tx.exec_params(std::string(kAliasColumns) + kAliasFrom + "WHERE a.id = ANY($1::bigint[])",
                     common::PgBigintArray(ids));
  return DecodeById(result, AliasFrom);
}

std::vector<AliasRow> ListAliases(pqxx::work& tx, const ListQuery& query, int64_t& count) {
  const std::string filter =
      "JOIN san.alias_projects lp ON lp.alias_id = a.id AND lp.project_id = $1 "
      "WHERE f.customer_id = $2 AND ($3::text = '' OR a.name ILIKE $4 OR a.wwpn ILIKE $4 "
      "OR replace(a.wwpn, ':', '') ILIKE $5 OR a.notes ILIKE $4 OR f.name ILIKE $4) ";
  return ListPage(tx, kAliasColumns, kAliasFrom, filter, query, AliasFrom, count);
}

std::vector<AliasKey> FindAliasKeys(pqxx::work& tx, const std::vector<int64_t>& fabric_ids,
                                    const std::vector<std::string>& names,
                                    const std::vector<std::string>& wwpns) {
  std::vector<AliasKey> keys;
  if (fabric_ids.empty()) return keys;
  const pqxx::result result = tx.exec_params(
      "SELECT id, fabric_id, name, wwpn FROM san.aliases WHERE fabric_id = ANY($1::bigint[]) "
      "AND (name = ANY($2::text[]) OR wwpn = ANY($3::text[]))",
      common::PgBigintArray(fabric_ids), common::PgTextArray(names), common::PgTextArray(wwpns));
  for (const pqxx::row& row : result) {
    keys.push_back({row[0].as<int64_t>(), row[1].as<int64_t>(), row[2].as<std::string>(),
                    row[3].as<std::string>()});
  }
  return keys;
}

int64_t InsertAlias(pqxx::work& tx, const AliasValues& v, const std::string& user) {
  return tx
      .exec_params1(
          "INSERT INTO san.aliases (fabric_id, name, wwpn, use, cisco_alias, \"create\", "
          "\"delete\", include_in_zoning, logged_in, host_id, storage_id, notes, "
          "last_modified_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) "
          "RETURNING id",
          v.fabric_id, v.name, v.wwpn, v.use, v.cisco_alias, v.create, v.del, v.include_in_zoning,
          v.logged_in, v.host_id, v.storage_id, v.notes, user)[0]
      .as<int64_t>();
}

void LinkAliasProjects(pqxx::work& tx, int64_t alias_id, const std::vector<int64_t>& projects) {
  InsertLinks(tx, "san.alias_projects (alias_id, project_id)", alias_id, projects);
}

bool UpdateAlias(pqxx::work& tx, int64_t id, int64_t expected_version, const AliasValues& v,
                 bool links_changed, const std::string& user) {
  return !tx.exec_params(
                "UPDATE san.aliases SET name = $3, wwpn = $4, use = $5, cisco_alias = $6, "
                "\"create\" = $7, \"delete\" = $8, include_in_zoning = $9, logged_in = $10, "
                "host_id = $11, storage_id = $12, notes = $13, version = version + 1, "
                "last_modified_by = $14, last_modified_at = now() "
                "WHERE id = $1 AND version = $2 AND ("
                "(name, wwpn, use, cisco_alias, \"create\", \"delete\", include_in_zoning, "
                "logged_in, host_id, storage_id, notes) IS DISTINCT FROM "
                "($3::text, $4::text, $5::text, $6::text, $7::boolean, $8::boolean, "
                "$9::boolean, $10::boolean, $11::bigint, $12::bigint, $13::text) "
                "OR $15::boolean) RETURNING id",
                id, expected_version, v.name, v.wwpn, v.use, v.cisco_alias, v.create, v.del,
                v.include_in_zoning, v.logged_in, v.host_id, v.storage_id, v.notes, user,
                links_changed)
              .empty();
}

bool DeleteAlias(pqxx::work& tx, int64_t id, int64_t expected_version, const std::string& user) {
  // FOR UPDATE waits for saves holding the alias as a zone member (FOR KEY SHARE) to finish.
  if (tx.exec_params("SELECT id FROM san.aliases WHERE id = $1 AND version = $2 FOR UPDATE", id,
                     expected_version)
          .empty()) {
    return false;
  }
  // Zone saves lock their zones by ascending id; so does this, before any zone changes.
  const pqxx::result zones = tx.exec_params(
      "SELECT id FROM san.zones "
      "WHERE id IN (SELECT zone_id FROM san.zone_members WHERE alias_id = $1) "
      "ORDER BY id FOR UPDATE",
      id);
  std::vector<int64_t> zone_ids;
  zone_ids.reserve(zones.size());
  for (const pqxx::row& row : zones) zone_ids.push_back(row[0].as<int64_t>());
  if (!zone_ids.empty()) {
    tx.exec_params(
        "UPDATE san.zones SET version = version + 1, last_modified_by = $2, "
        "last_modified_at = now() WHERE id = ANY($1::bigint[])",
        common::PgBigintArray(zone_ids), user);
  }
  tx.exec_params("DELETE FROM san.aliases WHERE id = $1", id);
  return true;
}

std::map<int64_t, AliasRef> LockAliasRefs(pqxx::work& tx, const std::vector<int64_t>& ids,
                                          int64_t customer_id) {
  if (ids.empty()) return {};
  const pqxx::result result = tx.exec_params(
      "SELECT a.id, a.fabric_id, f.customer_id, a.name FROM san.aliases a "
      "JOIN san.fabrics f ON f.id = a.fabric_id WHERE a.id = ANY($1::bigint[]) "
      "AND f.customer_id = $2 ORDER BY a.id FOR KEY SHARE OF a",
      common::PgBigintArray(ids), customer_id);
  return DecodeById(result, AliasRefFrom);
}

// ---- zones ------------------------------------------------------------------------------------

std::map<int64_t, ZoneRow> LoadZones(pqxx::work& tx, const std::vector<int64_t>& ids) {
  if (ids.empty()) return {};
  const pqxx::result result =
      tx.exec_params(std::string(kZoneColumns) + kZoneFrom + "WHERE z.id = ANY($1::bigint[])",
                     common::PgBigintArray(ids));
  return DecodeById(result, ZoneFrom);
}

std::vector<ZoneRow> ListZones(pqxx::work& tx, const ListQuery& query, int64_t& count) {
  const std::string filter =
      "JOIN san.zone_projects lp ON lp.zone_id = z.id AND lp.project_id = $1 "
      "WHERE f.customer_id = $2 AND ($3::text = '' OR z.name ILIKE $4 OR z.notes ILIKE $4 "
      "OR f.name ILIKE $4 OR EXISTS (SELECT 1 FROM san.zone_members sm "
      "JOIN san.aliases sa ON sa.id = sm.alias_id WHERE sm.zone_id = z.id "
      "AND (sa.name ILIKE $4 OR sa.wwpn ILIKE $4 OR replace(sa.wwpn, ':', '') ILIKE $5))) ";
  return ListPage(tx, kZoneColumns, kZoneFrom, filter, query, ZoneFrom, count);
}

std::vector<ZoneKey> FindZoneKeys(pqxx::work& tx, const std::vector<int64_t>& fabric_ids,
                                  const std::vector<std::string>& names) {
  std::vector<ZoneKey> keys;
  if (fabric_ids.empty()) return keys;
  const pqxx::result result = tx.exec_params(
      "SELECT id, fabric_id, name FROM san.zones WHERE fabric_id = ANY($1::bigint[]) "
      "AND name = ANY($2::text[])",
      common::PgBigintArray(fabric_ids), common::PgTextArray(names));
  for (const pqxx::row& row : result) {
    keys.push_back({row[0].as<int64_t>(), row[1].as<int64_t>(), row[2].as<std::string>()});
  }
  return keys;
}

int64_t InsertZone(pqxx::work& tx, const ZoneValues& v, const std::string& user) {
  return tx
      .exec_params1(
          "INSERT INTO san.zones (fabric_id, name, zone_type, \"create\", \"delete\", "
          "\"exists\", notes, last_modified_by) "
          "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
          v.fabric_id, v.name, v.zone_type, v.create, v.del, v.exists, v.notes, user)[0]
      .as<int64_t>();
}

void LinkZoneProjects(pqxx::work& tx, int64_t zone_id, const std::vector<int64_t>& projects) {
  InsertLinks(tx, "san.zone_projects (zone_id, project_id)", zone_id, projects);
}

bool UpdateZone(pqxx::work& tx, int64_t id, int64_t expected_version, const ZoneValues& v,
                bool links_changed, const std::string& user) {
  return !tx.exec_params(
                "UPDATE san.zones SET name = $3, zone_type = $4, \"create\" = $5, "
                "\"delete\" = $6, \"exists\" = $7, notes = $8, version = version + 1, "
                "last_modified_by = $9, last_modified_at = now() "
                "WHERE id = $1 AND version = $2 AND ("
                "(name, zone_type, \"create\", \"delete\", \"exists\", notes) IS DISTINCT FROM "
                "($3::text, $4::text, $5::boolean, $6::boolean, $7::boolean, $8::text) "
                "OR $10::boolean) RETURNING id",
                id, expected_version, v.name, v.zone_type, v.create, v.del, v.exists, v.notes, user,
                links_changed)
              .empty();
}

void AddZoneMembers(pqxx::work& tx, int64_t zone_id, const std::vector<int64_t>& alias_ids) {
  InsertLinks(tx, "san.zone_members (zone_id, alias_id)", zone_id, alias_ids);
}

void RemoveZoneMembers(pqxx::work& tx, int64_t zone_id, const std::vector<int64_t>& alias_ids) {
  if (alias_ids.empty()) return;
  tx.exec_params("DELETE FROM san.zone_members WHERE zone_id = $1 AND alias_id = ANY($2::bigint[])",
                 zone_id, common::PgBigintArray(alias_ids));
}

bool DeleteZone(pqxx::work& tx, int64_t id, int64_t expected_version) {
  return DeleteAtVersion(tx, Table::kZones, id, expected_version);
}

}  // namespace sanplane::san::store
