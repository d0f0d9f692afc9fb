// PgStore: imports. Load the hosts and volumes the payload touches, plan (PlanImport, pure), then
// apply the plan with one statement per kind of change.
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>
#include <map>

#include "common/acting_user.hpp"
#include "common/errors.hpp"
#include "common/pg_encode.hpp"
#include "common/versioning.hpp"
#include "pg_rows.hpp"
#include "pg_store.hpp"
#include "queries.hpp"

namespace sanplane::storage {
namespace {

using common::Error;
using common::ErrorKind;

constexpr char kImportCollision[] =
    "This import collided with another import of the same volumes; nothing was imported. Please "
    "try again.";
constexpr char kVolumeCreatedMeanwhile[] =
    "A volume unique_id of this import was just created by another import; nothing was "
    "imported. Please try again.";

template <class T>
boost::json::value JsonOrNull(const std::optional<T>& value) {
  return value ? boost::json::value(*value) : boost::json::value(nullptr);
}

std::vector<StoredHost> LoadHosts(pqxx::transaction_base& tx, int64_t storage_id) {
  std::vector<StoredHost> hosts;
  for (const pqxx::row& row : common::Exec(tx, query::kLoadImportHosts, storage_id)) {
    StoredHost host;
    host.id = row[0].as<int64_t>();
    host.version = row[1].as<int64_t>();
    host.name = row[2].c_str();
    host.host_type = OptionalText(row[3]);
    host.status = OptionalText(row[4]);
    host.notes = row[5].c_str();
    host.wwpns = SplitList(row[6].c_str());
    hosts.push_back(std::move(host));
  }
  return hosts;
}

std::vector<StoredVolume> LoadVolumes(pqxx::transaction_base& tx, const ImportPayload& payload) {
  std::vector<StoredVolume> volumes;
  if (payload.volumes.empty()) return volumes;
  std::vector<std::string> unique_ids;
  for (const IncomingVolume& volume : payload.volumes) unique_ids.push_back(volume.unique_id);
  for (const pqxx::row& row :
       common::Exec(tx, query::kLoadImportVolumes, common::PgTextArray(unique_ids))) {
    StoredVolume volume;
    volume.id = row[0].as<int64_t>();
    volume.version = row[1].as<int64_t>();
    volume.storage_id = row[2].as<int64_t>();
    volume.name = row[3].c_str();
    volume.volume_id = row[4].c_str();
    volume.unique_id = row[5].c_str();
    volume.capacity_bytes = OptionalInt(row[6]);
    volume.pool_name = OptionalText(row[7]);
    if (!row[8].is_null()) volume.thin_provisioned = row[8].as<bool>();
    volumes.push_back(std::move(volume));
  }
  return volumes;
}

// Inserts the WWPN rows of `hosts` (pairs of host id and its WWPNs).
void InsertWwpns(pqxx::transaction_base& tx,
                 const std::vector<std::pair<int64_t, const StoredHost*>>& hosts) {
  boost::json::array rows;
  for (const auto& [id, host] : hosts) {
    for (const std::string& wwpn : host->wwpns) {
      rows.push_back(boost::json::object{{"host_id", id}, {"wwpn", wwpn}});
    }
  }
  if (rows.empty()) return;
  common::Exec(tx, query::kInsertHostWwpns, boost::json::serialize(rows));
}

// A batch compare-and-set touched fewer rows than planned: something changed them meanwhile.
[[noreturn]] void ThrowImportRace() {
  throw Error(ErrorKind::kVersionConflict,
              "Hosts or volumes of this storage system changed during the import; nothing was "
              "imported. Please try again.");
}

void CreateHosts(pqxx::transaction_base& tx, int64_t customer_id, int64_t storage_id,
                 const std::vector<StoredHost>& creates, const std::string& username) {
  if (creates.empty()) return;
  boost::json::array rows;
  for (const StoredHost& host : creates) {
    rows.push_back(boost::json::object{{"name", host.name},
                                       {"host_type", JsonOrNull(host.host_type)},
                                       {"status", JsonOrNull(host.status)},
                                       {"notes", host.notes}});
  }
  const pqxx::result created = common::Exec(tx, query::kCreateHosts, customer_id, storage_id,
                                            username, boost::json::serialize(rows));
  std::map<std::string, int64_t, std::less<>> ids;
  for (const pqxx::row& row : created) ids.emplace(row[1].c_str(), row[0].as<int64_t>());
  std::vector<std::pair<int64_t, const StoredHost*>> with_ids;
  for (const StoredHost& host : creates) with_ids.emplace_back(ids.at(host.name), &host);
  InsertWwpns(tx, with_ids);
}

void UpdateHosts(pqxx::transaction_base& tx, const std::vector<HostUpdate>& updates,
                 const std::string& username) {
  if (updates.empty()) return;
  boost::json::array rows;
  std::vector<int64_t> ids;
  std::vector<int64_t> rewired;
  std::vector<std::pair<int64_t, const StoredHost*>> wwpn_hosts;
  for (const HostUpdate& update : updates) {
    const StoredHost& host = update.next;
    ids.push_back(host.id);
    rows.push_back(boost::json::object{{"id", host.id},
                                       {"version", host.version},
                                       {"host_type", JsonOrNull(host.host_type)},
                                       {"status", JsonOrNull(host.status)},
                                       {"notes", host.notes}});
    if (update.wwpns_changed) {
      rewired.push_back(host.id);
      wwpn_hosts.emplace_back(host.id, &host);
    }
  }
  common::Exec(tx, query::kLockHosts, common::PgBigintArray(ids));
  const pqxx::result updated =
      common::Exec(tx, query::kUpdateHosts, boost::json::serialize(rows), username);
  if (updated.size() != updates.size()) ThrowImportRace();
  if (!rewired.empty()) {
    common::Exec(tx, query::kDeleteHostWwpns, common::PgBigintArray(rewired));
    InsertWwpns(tx, wwpn_hosts);
  }
}

boost::json::object VolumeJson(const StoredVolume& volume) {
  return boost::json::object{{"name", volume.name},
                             {"volume_id", volume.volume_id},
                             {"unique_id", volume.unique_id},
                             {"capacity_bytes", JsonOrNull(volume.capacity_bytes)},
                             {"pool_name", JsonOrNull(volume.pool_name)},
                             {"thin_provisioned", JsonOrNull(volume.thin_provisioned)}};
}

void CreateVolumes(pqxx::transaction_base& tx, int64_t storage_id,
                   const std::vector<StoredVolume>& creates, const std::string& username) {
  if (creates.empty()) return;
  boost::json::array rows;
  for (const StoredVolume& volume : creates) rows.push_back(VolumeJson(volume));
  common::Exec(tx, query::kCreateVolumes, storage_id, username, boost::json::serialize(rows));
}

void UpdateVolumes(pqxx::transaction_base& tx, int64_t storage_id,
                   const std::vector<StoredVolume>& updates, const std::string& username) {
  if (updates.empty()) return;
  boost::json::array rows;
  std::vector<int64_t> ids;
  for (const StoredVolume& volume : updates) {
    ids.push_back(volume.id);
    boost::json::object row = VolumeJson(volume);
    row["id"] = volume.id;
    row["version"] = volume.version;
    rows.push_back(std::move(row));
  }
  common::Exec(tx, query::kLockVolumes, common::PgBigintArray(ids));
  const pqxx::result updated =
      common::Exec(tx, query::kUpdateVolumes, boost::json::serialize(rows), username, storage_id);
  if (updated.size() != updates.size()) ThrowImportRace();
}

v1::ImportCounts Counts(size_t created, size_t updated, int64_t unchanged) {
  v1::ImportCounts counts;
  counts.set_created(static_cast<int64_t>(created));
  counts.set_updated(static_cast<int64_t>(updated));
  counts.set_unchanged(unchanged);
  return counts;
}

}  // namespace

v1::ImportStorageResponse PgStore::Import(Budget budget, const common::Principal& principal,
                                          int64_t storage_id, const ImportPayload& payload) {
  // Postgres may abort an import that races another one (a deadlock, a serialization failure, or
  // a unique_id the other one just created). The whole transaction then runs again, within what
  // is left of the budget: a rerun sees the other import's rows and answers like any import that
  // came after it.
  const auto deadline = std::chrono::steady_clock::now() + budget;
  int attempt = 0;
  v1::ImportStorageResponse response;
  common::RunWithRetries(
      import_retry_.attempts,
      [&] {
        ++attempt;
        const auto remaining = std::chrono::duration_cast<std::chrono::milliseconds>(
            deadline - std::chrono::steady_clock::now());
        const bool last =
            attempt >= import_retry_.attempts || remaining <= import_retry_.min_budget;
        try {
          response = ImportOnce(remaining, principal, storage_id, payload);
        } catch (const pqxx::unique_violation& error) {
          // Only a volume created at the same moment by an import into another storage system.
          if (last) throw Error(ErrorKind::kAlreadyExists, kVolumeCreatedMeanwhile);
          // The other import has committed, so this is the serialization failure Postgres
          // reports for it under SERIALIZABLE: retried like one.
          throw pqxx::serialization_failure(error.what());
        } catch (const pqxx::deadlock_detected&) {
          if (last) throw Error(ErrorKind::kVersionConflict, kImportCollision);
          throw;
        } catch (const pqxx::serialization_failure&) {
          if (last) throw Error(ErrorKind::kVersionConflict, kImportCollision);
          throw;
        }
      },
      kImportCollision);
  return response;
}

v1::ImportStorageResponse PgStore::ImportOnce(Budget budget, const common::Principal& principal,
                                              int64_t storage_id, const ImportPayload& payload) {
  v1::ImportStorageResponse response;
  pool_.Transaction(budget, [&](pqxx::transaction_base& tx) {
    const pqxx::result storage =
        common::Exec(tx, query::kLockStorageForImport, storage_id, VisibleCustomers(principal));
    if (storage.empty()) throw Error(ErrorKind::kNotFound, kStorageNotFound);
    const int64_t customer_id = storage[0][0].as<int64_t>();
    common::Exec(tx, query::kTakeImportTurn, storage_id);
    common::MarkImport(tx);  // the history says which records an import wrote

    const ImportPlan plan =
        PlanImport(storage_id, payload, LoadHosts(tx, storage_id), LoadVolumes(tx, payload));
    CreateHosts(tx, customer_id, storage_id, plan.host_creates, principal.username());
    UpdateHosts(tx, plan.host_updates, principal.username());
    CreateVolumes(tx, storage_id, plan.volume_creates, principal.username());
    UpdateVolumes(tx, storage_id, plan.volume_updates, principal.username());
    *response.mutable_hosts() =
        Counts(plan.host_creates.size(), plan.host_updates.size(), plan.hosts_unchanged);
    *response.mutable_volumes() =
        Counts(plan.volume_creates.size(), plan.volume_updates.size(), plan.volumes_unchanged);
  });
  return response;
}

}  // namespace sanplane::storage
