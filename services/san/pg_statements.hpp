#pragma once
// The statements PgStore runs (schema `san`), one function each; the SQL itself is the named
// queries in queries/*.sql. Functions run inside the caller's transaction; PgStore decides what a
// result means. Updates are compare-and-set statements:
// `… WHERE id = $id AND version = $expected AND (<new> IS DISTINCT FROM <old> OR <links changed>)`.

#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <string_view>
#include <vector>

#include "common/acting_user.hpp"
#include "common/pg_trip.hpp"
#include "common/versioning.hpp"
#include "record_checks.hpp"
#include "records.hpp"
#include "store.hpp"

namespace sanplane::san::pg {

/// One row of a set-based write: the record, the version it was loaded at (ignored by inserts)
/// and the values to write.
template <class Values>
struct RowWrite {
  int64_t id = 0;
  int64_t version = 0;
  const Values* values = nullptr;
};

/// (owner, other) id pairs for a link table (zone members, project links), written in one
/// statement.
struct IdPairs {
  std::vector<int64_t> owners;
  std::vector<int64_t> others;
  void Add(int64_t owner, const std::vector<int64_t>& ids);
  bool empty() const { return owners.empty(); }
};

/// The set-based statements of the batch saves of one record type (aliases, zones): one
/// statement per kind of change, whatever the number of items.
template <class Values, class Row>
struct BatchStatements {
  std::string_view lock_stamps, update, reserve_ids, insert, link_projects, load, conflict_stamps;
  boost::json::object (*encode)(const RowWrite<Values>& row);
  Row (*decode)(const pqxx::row& row);

  /// The stamps of the records among `ids` that exist, locked FOR UPDATE in ascending id order
  /// until the transaction ends (the order every save and delete locks them in).
  std::map<int64_t, common::RecordStamp> LockStamps(pqxx::transaction_base& tx,
                                                    const std::vector<int64_t>& ids) const;
  /// Compare-and-set of every row in one statement (version + 1 where it still is `version`);
  /// the rows updated, each with its new stamp.
  std::map<int64_t, common::RecordStamp> Update(pqxx::transaction_base& tx,
                                                const std::vector<RowWrite<Values>>& rows,
                                                const std::string& user) const;
  /// The same, as a statement of its own that commits when it ends (common::PgTrip).
  std::map<int64_t, common::RecordStamp> Update(common::PgTrip& trip,
                                                const std::vector<RowWrite<Values>>& rows,
                                                const std::string& user) const;
  /// `count` new ids, in order, for an insert that must know its ids up front.
  std::vector<int64_t> ReserveIds(pqxx::transaction_base& tx, size_t count) const;
  /// Inserts every row with its reserved id (ReserveIds) in one statement.
  void Insert(pqxx::transaction_base& tx, const std::vector<RowWrite<Values>>& rows,
              const std::string& user) const;
  /// Adds (record, project) links; links already there stay.
  void LinkProjects(pqxx::transaction_base& tx, const IdPairs& links) const;
  /// The records among `ids` that exist.
  std::map<int64_t, Row> Load(pqxx::transaction_base& tx, const std::vector<int64_t>& ids) const;
  std::map<int64_t, Row> Load(common::PgTrip& trip, const std::vector<int64_t>& ids) const;
  /// The customer, name and stamp of the records among `ids` that exist, read without a lock
  /// (detail::EveryItemConflicts decides from them).
  std::map<int64_t, StoredStamp> ConflictStamps(pqxx::transaction_base& tx,
                                                const std::vector<int64_t>& ids) const;
};
extern const BatchStatements<AliasValues, AliasRow> kAliasStatements;
extern const BatchStatements<ZoneValues, ZoneRow> kZoneStatements;

/// Version and last-modified stamp of a record of `kind`, nullopt when it does not exist.
std::optional<common::RecordStamp> LoadStamp(pqxx::transaction_base& tx, const RecordKind& kind,
                                             int64_t id);

/// A compare-and-set delete that matched nothing lost a race: the record went away (404) or its
/// version moved on (409) since it was checked.
[[noreturn]] void ThrowLostDelete(pqxx::transaction_base& tx, const RecordKind& kind, int64_t id);

/// Deletes the `stored` record of `kind` if the caller may see it at `expected_version`
/// (RequireCurrent) with `del`, its compare-and-set delete, acting as the caller (the history
/// records who deleted); one that matched nothing lost a race (ThrowLostDelete).
template <class Row, class Delete>
void DeleteCurrent(pqxx::transaction_base& tx, const RecordKind& kind, const Row* stored,
                   const common::Principal& principal, int64_t expected_version,
                   const Delete& del) {
  const Row& row = RequireCurrent(stored, principal, expected_version, kind);
  common::SetActingUser(tx, principal.username());
  if (!del(row.id)) ThrowLostDelete(tx, kind, row.id);
}

// Fabrics --------------------------------------------------------------------------------------

std::optional<FabricRow> LoadFabric(pqxx::transaction_base& tx, int64_t id);
/// The customer's fabrics among `ids`, locked against deletion until the transaction ends (FOR KEY
/// SHARE). Fabrics of other customers are neither returned nor locked.
std::map<int64_t, FabricRow> LockFabrics(pqxx::transaction_base& tx,
                                         const std::vector<int64_t>& ids, int64_t customer_id);
/// `customers` empty = every customer.
Page<FabricRow> ListFabrics(pqxx::transaction_base& tx, const FabricListQuery& query);
/// Every alias and zone of the fabric, each list by name.
std::vector<AliasRow> ListFabricAliases(pqxx::transaction_base& tx, int64_t fabric_id);
std::vector<ZoneRow> ListFabricZones(pqxx::transaction_base& tx, int64_t fabric_id);
/// Locks the fabric and every alias and zone it holds until the transaction ends.
void LockFabricRecords(pqxx::transaction_base& tx, int64_t fabric_id);
std::vector<int64_t> ProjectFabricIds(pqxx::transaction_base& tx, int64_t project_id,
                                      int64_t customer_id);
bool FabricNameTaken(pqxx::transaction_base& tx, int64_t customer_id, const std::string& name,
                     int64_t except_id);
FabricRow InsertFabric(pqxx::transaction_base& tx, int64_t customer_id, const FabricValues& values,
                       const std::string& user);
/// The updated row, or nullopt when the version moved on, the row is gone, or nothing changed.
std::optional<FabricRow> UpdateFabric(pqxx::transaction_base& tx, int64_t id,
                                      int64_t expected_version, const FabricValues& values,
                                      const std::string& user);
bool DeleteFabric(pqxx::transaction_base& tx, int64_t id, int64_t expected_version);

// Aliases --------------------------------------------------------------------------------------

std::map<int64_t, AliasRow> LoadAliases(pqxx::transaction_base& tx,
                                        const std::vector<int64_t>& ids);
Page<AliasRow> ListAliases(pqxx::transaction_base& tx, const ListQuery& query);

std::vector<AliasKey> FindAliasKeys(pqxx::transaction_base& tx,
                                    const std::vector<int64_t>& fabric_ids,
                                    const std::vector<std::string>& names,
                                    const std::vector<std::string>& wwpns);

/// Deletes the alias if it still has `expected_version`, first moving the version of every zone
/// it is a member of (those zones change too). The alias row is locked before the zones are
/// looked up, so a save adding it to a zone at the same moment either commits first (and its zone
/// is moved) or finds the alias gone. The zones are locked in ascending id order, the order in
/// which zone saves lock them.
bool DeleteAlias(pqxx::transaction_base& tx, int64_t id, int64_t expected_version,
                 const std::string& user);

/// The customer's aliases among `ids` with their fabric and customer, locked against deletion
/// (zone members). Aliases of other customers are neither returned nor locked.
/// An alias a save wrote and the values it wrote.
struct AliasWwpns {
  int64_t id = 0;
  const AliasValues* values = nullptr;
};
/// Writes every WWPN of each alias (san.alias_wwpns), replacing what it listed before.
void ReplaceAliasWwpns(pqxx::transaction_base& tx, const std::vector<AliasWwpns>& aliases);

std::map<int64_t, AliasRef> LockAliasRefs(pqxx::transaction_base& tx,
                                          const std::vector<int64_t>& ids, int64_t customer_id);

// Zones ----------------------------------------------------------------------------------------

std::map<int64_t, ZoneRow> LoadZones(pqxx::transaction_base& tx, const std::vector<int64_t>& ids);
Page<ZoneRow> ListZones(pqxx::transaction_base& tx, const ListQuery& query);

std::vector<ZoneKey> FindZoneKeys(pqxx::transaction_base& tx,
                                  const std::vector<int64_t>& fabric_ids,
                                  const std::vector<std::string>& names);

/// Adds (zone, alias) member pairs; pairs already there stay.
void AddZoneMembers(pqxx::transaction_base& tx, const IdPairs& members);
void RemoveZoneMembers(pqxx::transaction_base& tx, const IdPairs& members);
/// A zone a save wrote the members of, and their roles (a member without one has none).
struct MemberRolesWrite {
  int64_t id = 0;
  std::vector<int64_t> members;
  const MemberRoles* roles = nullptr;
};
/// Sets the role of every member listed (after the members are added).
void SetZoneMemberRoles(pqxx::transaction_base& tx, const std::vector<MemberRolesWrite>& zones);
bool DeleteZone(pqxx::transaction_base& tx, int64_t id, int64_t expected_version);

// What other services ask before deleting what SAN records point at ----------------------------

int64_t CountCustomerFabrics(pqxx::transaction_base& tx, int64_t customer_id);
ProjectMembers CountProjectMembers(pqxx::transaction_base& tx, int64_t project_id);
ProjectMembers ReleaseProject(pqxx::transaction_base& tx, int64_t project_id,
                              const std::string& user);

/// The aliases naming storage system `storage_id` or one of `host_ids`.
StorageReferences FindStorageReferences(pqxx::transaction_base& tx, int64_t storage_id,
                                        const std::vector<int64_t>& host_ids, int name_limit);

}  // namespace sanplane::san::pg
