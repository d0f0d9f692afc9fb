#pragma once
// The SAN service's access to Postgres (schema `san`); the statements themselves are the named
// queries in queries/*.sql. Functions run inside the caller's transaction; the service decides
// what a result means. Updates are compare-and-set statements:
// `… WHERE id = $id AND version = $expected AND (<new> IS DISTINCT FROM <old> OR <links changed>)`.

#include <cstdint>
#include <map>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <string_view>
#include <vector>

#include "common/pagination.hpp"
#include "common/versioning.hpp"
#include "records.hpp"

namespace sanplane::san::store {

enum class Table { kFabrics, kAliases, kZones };

/// Version and last-modified stamp of a record, nullopt when it does not exist.
std::optional<common::RecordStamp> LoadStamp(pqxx::work& tx, Table table, int64_t id);

/// "name" / "-name" checked against the allow-list of a list's ordering keys (empty -> the
/// default) -> the ordering parameter of its named query. Anything else ->
/// Error(kInvalidArgument).
std::string FabricOrdering(std::string_view ordering);
std::string AliasOrdering(std::string_view ordering);
std::string ZoneOrdering(std::string_view ordering);

// Fabrics --------------------------------------------------------------------------------------

std::optional<FabricRow> LoadFabric(pqxx::work& tx, int64_t id);
/// The customer's fabrics among `ids`, locked against deletion until the transaction ends (FOR KEY
/// SHARE). Fabrics of other customers are neither returned nor locked.
std::map<int64_t, FabricRow> LockFabrics(pqxx::work& tx, const std::vector<int64_t>& ids,
                                         int64_t customer_id);
/// `customers` empty = every customer.
std::vector<FabricRow> ListFabrics(pqxx::work& tx, const std::vector<int64_t>& customers,
                                   bool all_customers, std::string_view search,
                                   const std::string& ordering, const common::PageRequest& page,
                                   int64_t& count);
bool FabricNameTaken(pqxx::work& tx, int64_t customer_id, const std::string& name,
                     int64_t except_id);
FabricRow InsertFabric(pqxx::work& tx, int64_t customer_id, const FabricValues& values,
                       const std::string& user);
/// The updated row, or nullopt when the version moved on, the row is gone, or nothing changed.
std::optional<FabricRow> UpdateFabric(pqxx::work& tx, int64_t id, int64_t expected_version,
                                      const FabricValues& values, const std::string& user);
bool DeleteFabric(pqxx::work& tx, int64_t id, int64_t expected_version);

// Aliases --------------------------------------------------------------------------------------

struct ListQuery {
  int64_t project_id = 0;
  int64_t customer_id = 0;
  std::string search;
  std::string ordering;  // from AliasOrdering / ZoneOrdering
  common::PageRequest page;
};

std::map<int64_t, AliasRow> LoadAliases(pqxx::work& tx, const std::vector<int64_t>& ids);
std::vector<AliasRow> ListAliases(pqxx::work& tx, const ListQuery& query, int64_t& count);

/// An alias already stored that may clash with a batch on (fabric, name) or (fabric, wwpn).
struct AliasKey {
  int64_t id = 0;
  int64_t fabric_id = 0;
  std::string name;
  std::string wwpn;
};
std::vector<AliasKey> FindAliasKeys(pqxx::work& tx, const std::vector<int64_t>& fabric_ids,
                                    const std::vector<std::string>& names,
                                    const std::vector<std::string>& wwpns);

int64_t InsertAlias(pqxx::work& tx, const AliasValues& values, const std::string& user);
void LinkAliasProjects(pqxx::work& tx, int64_t alias_id, const std::vector<int64_t>& projects);
/// Compare-and-set; true when the row was updated (version + 1). `links_changed` counts as a
/// change even when every field is equal.
bool UpdateAlias(pqxx::work& tx, int64_t id, int64_t expected_version, const AliasValues& values,
                 bool links_changed, const std::string& user);
/// Deletes the alias if it still has `expected_version`, first moving the version of every zone
/// it is a member of (those zones change too). The alias row is locked before the zones are
/// looked up, so a save adding it to a zone at the same moment either commits first (and its zone
/// is moved) or finds the alias gone. The zones are locked in ascending id order, the order in
/// which zone saves lock them.
bool DeleteAlias(pqxx::work& tx, int64_t id, int64_t expected_version, const std::string& user);

/// The customer's aliases among `ids` with their fabric and customer, locked against deletion
/// (zone members). Aliases of other customers are neither returned nor locked.
struct AliasRef {
  int64_t id = 0;
  int64_t fabric_id = 0;
  int64_t customer_id = 0;
  std::string name;
};
std::map<int64_t, AliasRef> LockAliasRefs(pqxx::work& tx, const std::vector<int64_t>& ids,
                                          int64_t customer_id);

// Zones ----------------------------------------------------------------------------------------

std::map<int64_t, ZoneRow> LoadZones(pqxx::work& tx, const std::vector<int64_t>& ids);
std::vector<ZoneRow> ListZones(pqxx::work& tx, const ListQuery& query, int64_t& count);

struct ZoneKey {
  int64_t id = 0;
  int64_t fabric_id = 0;
  std::string name;
};
std::vector<ZoneKey> FindZoneKeys(pqxx::work& tx, const std::vector<int64_t>& fabric_ids,
                                  const std::vector<std::string>& names);

int64_t InsertZone(pqxx::work& tx, const ZoneValues& values, const std::string& user);
void LinkZoneProjects(pqxx::work& tx, int64_t zone_id, const std::vector<int64_t>& projects);
bool UpdateZone(pqxx::work& tx, int64_t id, int64_t expected_version, const ZoneValues& values,
                bool links_changed, const std::string& user);
void AddZoneMembers(pqxx::work& tx, int64_t zone_id, const std::vector<int64_t>& alias_ids);
void RemoveZoneMembers(pqxx::work& tx, int64_t zone_id, const std::vector<int64_t>& alias_ids);
bool DeleteZone(pqxx::work& tx, int64_t id, int64_t expected_version);

}  // namespace sanplane::san::store
