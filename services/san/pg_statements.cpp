#include "pg_statements.hpp"

#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value_from.hpp>
#include <utility>

#include "common/named_queries.hpp"
#include "common/pagination.hpp"
#include "common/pg_encode.hpp"
#include "queries.hpp"
#include "wwpn.hpp"

namespace sanplane::san::pg {
namespace {

// ---- row decoding -----------------------------------------------------------------------------

template <class T>
std::optional<T> Nullable(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  return field.as<T>();
}

using common::StampAt;

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
  fabric.values.zoning_mode = row["zoning_mode"].as<std::string>();
  fabric.values.smart_zoning = row["smart_zoning"].as<bool>();
  fabric.values.fos_name_rules = row["fos_name_rules"].as<std::string>();
  return fabric;
}

/// The columns aliases and zones share (their views name them alike), read by name.
template <class Row>
Row FabricObjectFrom(const pqxx::row& row) {
  Row record;
  record.id = row["id"].as<int64_t>();
  record.customer_id = row["customer_id"].as<int64_t>();
  FabricObjectValues& v = record.values;
  v.fabric_id = row["fabric_id"].as<int64_t>();
  v.name = row["name"].as<std::string>();
  v.create = row["create"].as<bool>();
  v.del = row["delete"].as<bool>();
  v.notes = row["notes"].as<std::string>();
  record.stamp = StampAt(row, row.column_number("version"));
  record.projects = common::ParseIdList(row["projects"].as<std::string>());
  return record;
}

AliasRow AliasFrom(const pqxx::row& row) {
  AliasRow alias = FabricObjectFrom<AliasRow>(row);
  AliasValues& v = alias.values;
  v.wwpn = row["wwpn"].as<std::string>();
  // The view lists every WWPN, the first one (san.aliases.wwpn) included.
  for (std::string& wwpn : common::SplitList(row["wwpns"].as<std::string>())) {
    if (wwpn != v.wwpn) v.more_wwpns.push_back(std::move(wwpn));
  }
  v.use = Nullable<std::string>(row["use"]);
  v.cisco_alias = row["cisco_alias"].as<std::string>();
  v.include_in_zoning = row["include_in_zoning"].as<bool>();
  v.logged_in = row["logged_in"].as<bool>();
  v.host_id = Nullable<int64_t>(row["host_id"]);
  v.storage_id = Nullable<int64_t>(row["storage_id"]);
  return alias;
}

ZoneRow ZoneFrom(const pqxx::row& row) {
  ZoneRow zone = FabricObjectFrom<ZoneRow>(row);
  zone.values.zone_type = row["zone_type"].as<std::string>();
  zone.values.exists = row["exists"].as<bool>();
  zone.values.in_zoneset = row["in_zoneset"].as<bool>();
  zone.members = common::ParseIdList(row["members"].as<std::string>());
  for (const std::string& pair : common::SplitList(row["member_roles"].as<std::string>())) {
    const size_t colon = pair.find(':');
    zone.member_roles.emplace(common::ParseIdList(pair.substr(0, colon)).at(0),
                              pair.substr(colon + 1));
  }
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

std::vector<int64_t> Ids(const pqxx::result& result) {
  std::vector<int64_t> ids;
  ids.reserve(result.size());
  for (const pqxx::row& row : result) ids.push_back(row[0].as<int64_t>());
  return ids;
}

std::map<int64_t, common::RecordStamp> StampsById(const pqxx::result& result) {
  std::map<int64_t, common::RecordStamp> stamps;
  for (const pqxx::row& row : result) stamps.emplace(row[0].as<int64_t>(), StampAt(row, 1));
  return stamps;
}

template <class T>
boost::json::value JsonOf(const std::optional<T>& value) {
  if (!value) return nullptr;
  return boost::json::value_from(*value);
}

boost::json::object AliasJson(const RowWrite<AliasValues>& row) {
  const AliasValues& v = *row.values;
  return {{"id", row.id},
          {"version", row.version},
          {"fabric_id", v.fabric_id},
          {"name", v.name},
          {"wwpn", v.wwpn},
          {"use", JsonOf(v.use)},
          {"cisco_alias", v.cisco_alias},
          {"create", v.create},
          {"delete", v.del},
          {"include_in_zoning", v.include_in_zoning},
          {"logged_in", v.logged_in},
          {"host_id", JsonOf(v.host_id)},
          {"storage_id", JsonOf(v.storage_id)},
          {"notes", v.notes}};
}

boost::json::object ZoneJson(const RowWrite<ZoneValues>& row) {
  const ZoneValues& v = *row.values;
  return {{"id", row.id},    {"version", row.version},   {"fabric_id", v.fabric_id},
          {"name", v.name},  {"zone_type", v.zone_type}, {"create", v.create},
          {"delete", v.del}, {"exists", v.exists},       {"in_zoneset", v.in_zoneset},
          {"notes", v.notes}};
}

/// The rows of a set-based write as the JSON array its statement reads with jsonb_to_recordset.
template <class Values>
std::string RowsJson(const std::vector<RowWrite<Values>>& rows,
                     boost::json::object (*encode)(const RowWrite<Values>&)) {
  boost::json::array array;
  array.reserve(rows.size());
  for (const RowWrite<Values>& row : rows) array.push_back(encode(row));
  return boost::json::serialize(array);
}

void WritePairs(pqxx::transaction_base& tx, std::string_view statement, const IdPairs& pairs) {
  if (pairs.empty()) return;
  common::Exec(tx, statement, common::PgBigintArray(pairs.owners),
               common::PgBigintArray(pairs.others));
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

/// One page of a list statement that binds `filters`, then the ordering, limit and offset, and
/// whose last column counts every row that matches. A page past the end has no row to carry the
/// count, so the first page is read for it.
template <class Row, class... Filters>
Page<Row> ListPage(pqxx::transaction_base& tx, std::string_view statement,
                   Row (*decode)(const pqxx::row&), const std::string& ordering,
                   const common::PageRequest& page, const Filters&... filters) {
  const auto count_of = [](const pqxx::result& rows) {
    return rows.empty() ? int64_t{0} : rows[0][rows[0].size() - 1].as<int64_t>();
  };
  const pqxx::result rows =
      common::Exec(tx, statement, filters..., ordering, page.page_size, page.offset());
  Page<Row> result;
  result.rows = Decode(rows, decode);
  result.count = count_of(rows);
  if (rows.empty() && page.offset() > 0) {
    result.count = count_of(common::Exec(tx, statement, filters..., ordering, 1, int64_t{0}));
  }
  return result;
}

/// A page of a project's aliases or zones: $1 project, $2 customer, $3 term, $4 pattern, $5
/// digits pattern.
template <class Row>
Page<Row> ProjectPage(pqxx::transaction_base& tx, std::string_view statement,
                      const ListQuery& query, Row (*decode)(const pqxx::row&)) {
  const SearchParams s = Search(query.search);
  return ListPage(tx, statement, decode, query.ordering, query.page, query.project_id,
                  query.customer_id, s.term, s.pattern, s.digits_pattern);
}

}  // namespace

void IdPairs::Add(int64_t owner, const std::vector<int64_t>& ids) {
  for (int64_t id : ids) {
    owners.push_back(owner);
    others.push_back(id);
  }
}

template <class Values, class Row>
std::map<int64_t, common::RecordStamp> BatchStatements<Values, Row>::LockStamps(
    pqxx::transaction_base& tx, const std::vector<int64_t>& ids) const {
  if (ids.empty()) return {};
  return StampsById(common::Exec(tx, lock_stamps, common::PgBigintArray(ids)));
}

template <class Values, class Row>
std::map<int64_t, common::RecordStamp> BatchStatements<Values, Row>::Update(
    pqxx::transaction_base& tx, const std::vector<RowWrite<Values>>& rows,
    const std::string& user) const {
  if (rows.empty()) return {};
  return StampsById(common::Exec(tx, update, RowsJson(rows, encode), user));
}

template <class Values, class Row>
std::map<int64_t, common::RecordStamp> BatchStatements<Values, Row>::Update(
    common::PgTrip& trip, const std::vector<RowWrite<Values>>& rows,
    const std::string& user) const {
  if (rows.empty()) return {};
  return StampsById(common::Exec(trip, update, RowsJson(rows, encode), user));
}

template <class Values, class Row>
std::vector<int64_t> BatchStatements<Values, Row>::ReserveIds(pqxx::transaction_base& tx,
                                                              size_t count) const {
  if (count == 0) return {};
  return Ids(common::Exec(tx, reserve_ids, static_cast<int>(count)));
}

template <class Values, class Row>
void BatchStatements<Values, Row>::Insert(pqxx::transaction_base& tx,
                                          const std::vector<RowWrite<Values>>& rows,
                                          const std::string& user) const {
  if (rows.empty()) return;
  common::Exec(tx, insert, RowsJson(rows, encode), user);
}

template <class Values, class Row>
void BatchStatements<Values, Row>::LinkProjects(pqxx::transaction_base& tx,
                                                const IdPairs& links) const {
  WritePairs(tx, link_projects, links);
}

template <class Values, class Row>
std::map<int64_t, Row> BatchStatements<Values, Row>::Load(pqxx::transaction_base& tx,
                                                          const std::vector<int64_t>& ids) const {
  if (ids.empty()) return {};
  return DecodeById(common::Exec(tx, load, common::PgBigintArray(ids)), decode);
}

template <class Values, class Row>
std::map<int64_t, Row> BatchStatements<Values, Row>::Load(common::PgTrip& trip,
                                                          const std::vector<int64_t>& ids) const {
  if (ids.empty()) return {};
  return DecodeById(common::Exec(trip, load, common::PgBigintArray(ids)), decode);
}

template <class Values, class Row>
std::map<int64_t, StoredStamp> BatchStatements<Values, Row>::ConflictStamps(
    pqxx::transaction_base& tx, const std::vector<int64_t>& ids) const {
  std::map<int64_t, StoredStamp> stamps;
  if (ids.empty()) return stamps;
  for (const pqxx::row& row : common::Exec(tx, conflict_stamps, common::PgBigintArray(ids))) {
    stamps[row[0].as<int64_t>()] =
        StoredStamp{row[1].as<int64_t>(), row[2].as<std::string>(), StampAt(row, 3)};
  }
  return stamps;
}

template struct BatchStatements<AliasValues, AliasRow>;
template struct BatchStatements<ZoneValues, ZoneRow>;

const BatchStatements<AliasValues, AliasRow> kAliasStatements(
    query::kLockAliasStamps, query::kUpdateAliases, query::kReserveAliasIds, query::kInsertAliases,
    query::kLinkAliasProjects, query::kLoadAliases, query::kAliasConflictStamps, AliasJson,
    AliasFrom);
const BatchStatements<ZoneValues, ZoneRow> kZoneStatements(
    query::kLockZoneStamps, query::kUpdateZones, query::kReserveZoneIds, query::kInsertZones,
    query::kLinkZoneProjects, query::kLoadZones, query::kZoneConflictStamps, ZoneJson, ZoneFrom);

std::optional<common::RecordStamp> LoadStamp(pqxx::transaction_base& tx, const RecordKind& kind,
                                             int64_t id) {
  const pqxx::result result = common::Exec(tx, query::kLoadStamp, kind.entity, id);
  if (result.empty()) return std::nullopt;
  return StampAt(result[0], 0);
}

void ThrowLostDelete(pqxx::transaction_base& tx, const RecordKind& kind, int64_t id) {
  const std::optional<common::RecordStamp> stamp = LoadStamp(tx, kind, id);
  if (!stamp) throw NotFound(kind.not_found);
  throw common::ConflictError(kind.entity, *stamp);
}

// ---- fabrics ----------------------------------------------------------------------------------

std::optional<FabricRow> LoadFabric(pqxx::transaction_base& tx, int64_t id) {
  const pqxx::result result = common::Exec(tx, query::kLoadFabric, id);
  if (result.empty()) return std::nullopt;
  return FabricFrom(result[0]);
}

std::map<int64_t, FabricRow> LockFabrics(pqxx::transaction_base& tx,
                                         const std::vector<int64_t>& ids, int64_t customer_id) {
  if (ids.empty()) return {};
  return DecodeById(common::Exec(tx, query::kLockFabrics, common::PgBigintArray(ids), customer_id),
                    FabricFrom);
}

Page<FabricRow> ListFabrics(pqxx::transaction_base& tx, const FabricListQuery& query) {
  const SearchParams s = Search(query.search);
  return ListPage(tx, query::kListFabrics, FabricFrom, query.ordering, query.page,
                  query.all_customers, common::PgBigintArray(query.customers), s.term, s.pattern);
}

std::vector<AliasRow> ListFabricAliases(pqxx::transaction_base& tx, int64_t fabric_id) {
  return Decode(common::Exec(tx, query::kListFabricAliases, fabric_id), AliasFrom);
}

std::vector<ZoneRow> ListFabricZones(pqxx::transaction_base& tx, int64_t fabric_id) {
  return Decode(common::Exec(tx, query::kListFabricZones, fabric_id), ZoneFrom);
}

void LockFabricRecords(pqxx::transaction_base& tx, int64_t fabric_id) {
  common::Exec(tx, query::kLockFabricRecords, fabric_id);
}

std::vector<int64_t> ProjectFabricIds(pqxx::transaction_base& tx, int64_t project_id,
                                      int64_t customer_id) {
  return Ids(common::Exec(tx, query::kListProjectFabricIds, project_id, customer_id));
}

bool FabricNameTaken(pqxx::transaction_base& tx, int64_t customer_id, const std::string& name,
                     int64_t except_id) {
  return !common::Exec(tx, query::kFabricNameTaken, customer_id, name, except_id).empty();
}

FabricRow InsertFabric(pqxx::transaction_base& tx, int64_t customer_id, const FabricValues& v,
                       const std::string& user) {
  return FabricFrom(common::Exec(tx, query::kInsertFabric, customer_id, v.name, v.zoneset_name,
                                 v.san_vendor, v.vsan, v.domain_id, v.exists, v.notes, user,
                                 v.zoning_mode, v.smart_zoning, v.fos_name_rules)[0]);
}

std::optional<FabricRow> UpdateFabric(pqxx::transaction_base& tx, int64_t id,
                                      int64_t expected_version, const FabricValues& v,
                                      const std::string& user) {
  const pqxx::result result = common::Exec(
      tx, query::kUpdateFabric, id, expected_version, v.name, v.zoneset_name, v.san_vendor, v.vsan,
      v.domain_id, v.exists, v.notes, user, v.zoning_mode, v.smart_zoning, v.fos_name_rules);
  if (result.empty()) return std::nullopt;
  return FabricFrom(result[0]);
}

bool DeleteFabric(pqxx::transaction_base& tx, int64_t id, int64_t expected_version) {
  return !common::Exec(tx, query::kDeleteFabric, id, expected_version).empty();
}

// ---- aliases ----------------------------------------------------------------------------------

std::map<int64_t, AliasRow> LoadAliases(pqxx::transaction_base& tx,
                                        const std::vector<int64_t>& ids) {
  return kAliasStatements.Load(tx, ids);
}

Page<AliasRow> ListAliases(pqxx::transaction_base& tx, const ListQuery& query) {
  return ProjectPage(tx, query::kListProjectAliases, query, AliasFrom);
}

std::vector<AliasKey> FindAliasKeys(pqxx::transaction_base& tx,
                                    const std::vector<int64_t>& fabric_ids,
                                    const std::vector<std::string>& names,
                                    const std::vector<std::string>& wwpns) {
  std::vector<AliasKey> keys;
  if (fabric_ids.empty()) return keys;
  const pqxx::result result =
      common::Exec(tx, query::kFindAliasKeys, common::PgBigintArray(fabric_ids),
                   common::PgTextArray(names), common::PgTextArray(wwpns));
  for (const pqxx::row& row : result) {
    keys.push_back({row[0].as<int64_t>(), row[1].as<int64_t>(), row[2].as<std::string>(),
                    row[3].as<std::string>()});
  }
  return keys;
}

bool DeleteAlias(pqxx::transaction_base& tx, int64_t id, int64_t expected_version,
                 const std::string& user) {
  if (common::Exec(tx, query::kLockAliasForDelete, id, expected_version).empty()) return false;
  const std::vector<int64_t> zone_ids = Ids(common::Exec(tx, query::kLockZonesOfAlias, id));
  if (!zone_ids.empty()) {
    common::Exec(tx, query::kTouchZones, common::PgBigintArray(zone_ids), user);
  }
  common::Exec(tx, query::kDeleteAlias, id);
  return true;
}

void ReplaceAliasWwpns(pqxx::transaction_base& tx, const std::vector<AliasWwpns>& aliases) {
  if (aliases.empty()) return;
  std::vector<int64_t> alias_ids, fabric_ids, positions;
  std::vector<std::string> wwpns;
  for (const AliasWwpns& alias : aliases) {
    const std::vector<std::string> all = alias.values->Wwpns();
    for (size_t position = 0; position < all.size(); ++position) {
      alias_ids.push_back(alias.id);
      fabric_ids.push_back(alias.values->fabric_id);
      positions.push_back(static_cast<int64_t>(position));
      wwpns.push_back(all[position]);
    }
  }
  std::vector<int64_t> written;
  for (const AliasWwpns& alias : aliases) written.push_back(alias.id);
  common::Exec(tx, query::kDeleteAliasWwpns, common::PgBigintArray(written));
  common::Exec(tx, query::kInsertAliasWwpns, common::PgBigintArray(alias_ids),
               common::PgBigintArray(fabric_ids), common::PgBigintArray(positions),
               common::PgTextArray(wwpns));
}

std::map<int64_t, AliasRef> LockAliasRefs(pqxx::transaction_base& tx,
                                          const std::vector<int64_t>& ids, int64_t customer_id) {
  if (ids.empty()) return {};
  return DecodeById(
      common::Exec(tx, query::kLockAliasRefs, common::PgBigintArray(ids), customer_id),
      AliasRefFrom);
}

// ---- zones ------------------------------------------------------------------------------------

std::map<int64_t, ZoneRow> LoadZones(pqxx::transaction_base& tx, const std::vector<int64_t>& ids) {
  return kZoneStatements.Load(tx, ids);
}

Page<ZoneRow> ListZones(pqxx::transaction_base& tx, const ListQuery& query) {
  return ProjectPage(tx, query::kListProjectZones, query, ZoneFrom);
}

std::vector<ZoneKey> FindZoneKeys(pqxx::transaction_base& tx,
                                  const std::vector<int64_t>& fabric_ids,
                                  const std::vector<std::string>& names) {
  std::vector<ZoneKey> keys;
  if (fabric_ids.empty()) return keys;
  const pqxx::result result = common::Exec(
      tx, query::kFindZoneKeys, common::PgBigintArray(fabric_ids), common::PgTextArray(names));
  for (const pqxx::row& row : result) {
    keys.push_back({row[0].as<int64_t>(), row[1].as<int64_t>(), row[2].as<std::string>()});
  }
  return keys;
}

void AddZoneMembers(pqxx::transaction_base& tx, const IdPairs& members) {
  WritePairs(tx, query::kAddZoneMembers, members);
}

void SetZoneMemberRoles(pqxx::transaction_base& tx, const std::vector<MemberRolesWrite>& zones) {
  std::vector<int64_t> zone_ids, alias_ids;
  std::vector<std::string> roles;  // '' for none
  for (const MemberRolesWrite& zone : zones) {
    for (int64_t alias : zone.members) {
      zone_ids.push_back(zone.id);
      alias_ids.push_back(alias);
      const auto role = zone.roles->find(alias);
      roles.push_back(role == zone.roles->end() ? std::string() : role->second);
    }
  }
  if (zone_ids.empty()) return;
  common::Exec(tx, query::kSetZoneMemberRoles, common::PgBigintArray(zone_ids),
               common::PgBigintArray(alias_ids), common::PgTextArray(roles));
}

void RemoveZoneMembers(pqxx::transaction_base& tx, const IdPairs& members) {
  WritePairs(tx, query::kRemoveZoneMembers, members);
}

bool DeleteZone(pqxx::transaction_base& tx, int64_t id, int64_t expected_version) {
  return !common::Exec(tx, query::kDeleteZone, id, expected_version).empty();
}

// ---- lifecycle --------------------------------------------------------------------------------

int64_t CountCustomerFabrics(pqxx::transaction_base& tx, int64_t customer_id) {
  return common::Exec(tx, query::kCountCustomerFabrics, customer_id)[0][0].as<int64_t>();
}

ProjectMembers CountProjectMembers(pqxx::transaction_base& tx, int64_t project_id) {
  const pqxx::row counts = common::Exec(tx, query::kCountProjectMembers, project_id)[0];
  return {.aliases = counts[0].as<int64_t>(), .zones = counts[1].as<int64_t>()};
}

ProjectMembers ReleaseProject(pqxx::transaction_base& tx, int64_t project_id,
                              const std::string& user) {
  const pqxx::result aliases = common::Exec(tx, query::kReleaseProjectAliases, project_id, user);
  const pqxx::result zones = common::Exec(tx, query::kReleaseProjectZones, project_id, user);
  return {.aliases = static_cast<int64_t>(aliases.affected_rows()),
          .zones = static_cast<int64_t>(zones.affected_rows())};
}

StorageReferences FindStorageReferences(pqxx::transaction_base& tx, int64_t storage_id,
                                        const std::vector<int64_t>& host_ids, int name_limit) {
  StorageReferences references;
  const std::string hosts = common::PgBigintArray(host_ids);
  references.aliases =
      common::Exec(tx, query::kCountStorageReferences, storage_id, hosts)[0][0].as<int64_t>();
  if (references.aliases == 0) return references;
  for (const pqxx::row& row :
       common::Exec(tx, query::kListStorageReferenceNames, storage_id, hosts, name_limit)) {
    references.alias_names.push_back(row[0].as<std::string>());
  }
  return references;
}

}  // namespace sanplane::san::pg
