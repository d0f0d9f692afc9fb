#pragma once
// An in-memory storage Store for unit tests of the storage service without Postgres. It keeps the
// contract the service relies on: visibility by customer, compare-and-set on version (a row that
// does not change keeps its version), the conflict and not-found errors, and imports planned by
// PlanImport. Lists filter by customer, storage system and search, in id order.

#include <google/protobuf/descriptor.h>
#include <google/protobuf/reflection.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "common/errors.hpp"
#include "common/json_struct.hpp"
#include "common/principal.hpp"
#include "common/versioning.hpp"
#include "record_stamp.hpp"
#include "store.hpp"

namespace sanplane::storage::testing {

class FakeStorageStore final : public Store {
 public:
  struct StorageRecord {
    int64_t customer = 0;
    std::vector<ColumnValue> row;  // every editable column
    common::RecordStamp stamp;
  };

  /// Adds a storage system as if some user had saved it at `stamp`; returns its id.
  int64_t AddStorage(int64_t customer, std::vector<ColumnValue> row, common::RecordStamp stamp) {
    std::lock_guard lock(mutex_);
    const int64_t id = next_id_++;
    storage_[id] = {customer, std::move(row), std::move(stamp)};
    return id;
  }

  /// How many writes changed a storage system (creates not counted).
  int storage_writes() {
    std::lock_guard lock(mutex_);
    return storage_writes_;
  }

  v1::ListStorageResponse ListStorage(Budget, const common::Principal& principal,
                                      const ListQuery& query) override {
    std::lock_guard lock(mutex_);
    std::vector<v1::StorageSystem> matching;
    for (const auto& [id, record] : storage_) {
      if (!Visible(principal, record.customer)) continue;
      if (query.customer && record.customer != *query.customer) continue;
      v1::StorageSystem system = ToProto(id, record);
      if (!query.search.empty() && system.name().find(query.search) == std::string::npos) continue;
      matching.push_back(std::move(system));
    }
    return Page<v1::ListStorageResponse>(matching, query);
  }

  v1::StorageSystem CreateStorage(Budget, int64_t customer, const std::vector<ColumnValue>& row,
                                  const std::string& username) override {
    std::lock_guard lock(mutex_);
    const std::optional<std::string> name = ValueOf(row, "name");
    for (const auto& [id, record] : storage_) {
      if (record.customer == customer && ValueOf(record.row, "name") == name) {
        throw common::Error(common::ErrorKind::kAlreadyExists,
                            "A storage system named \"" + name.value_or("") +
                                "\" already exists for this customer.");
      }
    }
    const int64_t id = next_id_++;
    storage_[id] = {customer, row, {0, username, Tick()}};
    return ToProto(id, storage_[id]);
  }

  v1::StorageSystem GetStorage(Budget, const common::Principal& principal, int64_t id) override {
    std::lock_guard lock(mutex_);
    return ToProto(id, Find(principal, id));
  }

  StoredStorageRow LoadStorageRow(Budget, const common::Principal& principal, int64_t id) override {
    std::lock_guard lock(mutex_);
    const StorageRecord& record = Find(principal, id);
    return {record.row, record.stamp};
  }

  v1::StorageSystem UpdateStorage(Budget, const common::Principal& principal, int64_t id,
                                  int64_t expected_version,
                                  const std::vector<ColumnValue>& row) override {
    std::lock_guard lock(mutex_);
    StorageRecord& record = FindAtVersion(principal, id, expected_version);
    if (record.row != row) {
      record.row = row;
      record.stamp = {record.stamp.version + 1, principal.username(), Tick()};
      ++storage_writes_;
    }
    return ToProto(id, record);
  }

  common::MergeBase LoadMergeBase(Budget, int64_t, int64_t) override {
    throw common::Error(common::ErrorKind::kInternal, "The fake store keeps no history.");
  }

  void DeleteStorage(Budget, const common::Principal& principal, int64_t id,
                     int64_t expected_version) override {
    std::lock_guard lock(mutex_);
    FindAtVersion(principal, id, expected_version);
    storage_.erase(id);
    std::erase_if(hosts_, [&](const auto& host) { return host.second.storage() == id; });
    std::erase_if(volumes_, [&](const auto& volume) { return volume.second.storage() == id; });
  }

  StorageForDelete LoadForDelete(Budget, const common::Principal& principal, int64_t id,
                                 int64_t expected_version) override {
    std::lock_guard lock(mutex_);
    const StorageRecord& record = FindAtVersion(principal, id, expected_version);
    StorageForDelete target;
    for (const ColumnValue& column : record.row) {
      if (column.column == "name" && column.value) target.name = *column.value;
    }
    for (const auto& [host_id, host] : hosts_) {
      if (host.storage() == id) target.host_ids.push_back(host_id);
    }
    return target;
  }

  int64_t CountCustomerStorage(Budget, int64_t customer_id) override {
    std::lock_guard lock(mutex_);
    return std::count_if(storage_.begin(), storage_.end(),
                         [&](const auto& entry) { return entry.second.customer == customer_id; });
  }

  v1::ListHostsResponse ListHosts(Budget, const common::Principal& principal,
                                  const ListQuery& query) override {
    std::lock_guard lock(mutex_);
    return ListPage<v1::ListHostsResponse>(principal, query, hosts_,
                                           [](const v1::Host& host) { return host.customer(); });
  }

  v1::Host GetHost(Budget, const common::Principal& principal, int64_t id) override {
    std::lock_guard lock(mutex_);
    const auto host = hosts_.find(id);
    if (host == hosts_.end() || !Visible(principal, host->second.customer())) {
      throw common::Error(common::ErrorKind::kNotFound, kHostNotFound);
    }
    return host->second;
  }

  v1::ListVolumesResponse ListVolumes(Budget, const common::Principal& principal,
                                      const ListQuery& query) override {
    std::lock_guard lock(mutex_);
    return ListPage<v1::ListVolumesResponse>(
        principal, query, volumes_,
        [&](const v1::Volume& volume) { return storage_.at(volume.storage()).customer; });
  }

  v1::Volume GetVolume(Budget, const common::Principal& principal, int64_t id) override {
    std::lock_guard lock(mutex_);
    const auto volume = volumes_.find(id);
    if (volume == volumes_.end() ||
        !Visible(principal, storage_.at(volume->second.storage()).customer)) {
      throw common::Error(common::ErrorKind::kNotFound, kVolumeNotFound);
    }
    return volume->second;
  }

  v1::ImportStorageResponse Import(Budget, const common::Principal& principal, int64_t storage_id,
                                   const ImportPayload& payload) override {
    std::lock_guard lock(mutex_);
    const int64_t customer = Find(principal, storage_id).customer;
    std::vector<StoredHost> stored_hosts;
    for (const auto& [id, host] : hosts_) {
      if (host.storage() == storage_id) stored_hosts.push_back(StoredHostOf(host));
    }
    std::vector<StoredVolume> stored_volumes;
    for (const auto& [id, volume] : volumes_) {
      for (const IncomingVolume& incoming : payload.volumes) {
        if (incoming.unique_id == volume.unique_id())
          stored_volumes.push_back(StoredVolumeOf(volume));
      }
    }
    const ImportPlan plan = PlanImport(storage_id, payload, stored_hosts, stored_volumes);
    const common::RecordStamp created{0, principal.username(), Tick()};
    for (const StoredHost& host : plan.host_creates) {
      const int64_t id = next_id_++;
      hosts_[id] = HostOf(id, customer, storage_id, host, created);
    }
    for (const HostUpdate& update : plan.host_updates) {
      const common::RecordStamp next{update.next.version + 1, principal.username(), Tick()};
      hosts_[update.next.id] = HostOf(update.next.id, customer, storage_id, update.next, next);
    }
    for (const StoredVolume& volume : plan.volume_creates) {
      const int64_t id = next_id_++;
      volumes_[id] = VolumeOf(id, storage_id, volume, created);
    }
    for (const StoredVolume& volume : plan.volume_updates) {
      const common::RecordStamp next{volume.version + 1, principal.username(), Tick()};
      volumes_[volume.id] = VolumeOf(volume.id, storage_id, volume, next);
    }
    v1::ImportStorageResponse response;
    response.mutable_hosts()->set_created(static_cast<int64_t>(plan.host_creates.size()));
    response.mutable_hosts()->set_updated(static_cast<int64_t>(plan.host_updates.size()));
    response.mutable_hosts()->set_unchanged(plan.hosts_unchanged);
    response.mutable_volumes()->set_created(static_cast<int64_t>(plan.volume_creates.size()));
    response.mutable_volumes()->set_updated(static_cast<int64_t>(plan.volume_updates.size()));
    response.mutable_volumes()->set_unchanged(plan.volumes_unchanged);
    return response;
  }

 private:
  static bool Visible(const common::Principal& principal, int64_t customer) {
    return common::CanAccessCustomer(principal, customer);
  }

  static std::optional<std::string> ValueOf(const std::vector<ColumnValue>& row,
                                            std::string_view column) {
    for (const ColumnValue& value : row) {
      if (value.column == column) return value.value;
    }
    return std::nullopt;
  }

  StorageRecord& Find(const common::Principal& principal, int64_t id) {
    const auto record = storage_.find(id);
    if (record == storage_.end() || !Visible(principal, record->second.customer)) {
      throw common::Error(common::ErrorKind::kNotFound, kStorageNotFound);
    }
    return record->second;
  }
  /// The page of hosts or volumes (`records`) that `query` asks for; `customer_of` tells whose
  /// each one is. Naming a storage system that cannot be seen is not found.
  template <class Response, class Records, class CustomerOf>
  Response ListPage(const common::Principal& principal, const ListQuery& query,
                    const Records& records, CustomerOf customer_of) {
    if (query.storage_id) Find(principal, *query.storage_id);
    std::vector<typename Records::mapped_type> matching;
    for (const auto& [id, item] : records) {
      const int64_t customer = customer_of(item);
      if (!Visible(principal, customer)) continue;
      if (query.customer && customer != *query.customer) continue;
      if (query.storage_id && item.storage() != *query.storage_id) continue;
      if (!query.search.empty() && item.name().find(query.search) == std::string::npos) continue;
      matching.push_back(item);
    }
    return Page<Response>(matching, query);
  }

  /// The record a write of `expected_version` may change; a stale version is a conflict.
  StorageRecord& FindAtVersion(const common::Principal& principal, int64_t id,
                               int64_t expected_version) {
    StorageRecord& record = Find(principal, id);
    if (record.stamp.version != expected_version) {
      throw common::ConflictError(kStorageEntity, record.stamp);
    }
    return record;
  }

  /// The record as the API shows it; every editable column is a field of the same name.
  static v1::StorageSystem ToProto(int64_t id, const StorageRecord& record) {
    v1::StorageSystem system;
    system.set_id(id);
    system.set_customer(record.customer);
    const auto* descriptor = system.GetDescriptor();
    const auto* reflection = system.GetReflection();
    for (const ColumnValue& column : record.row) {
      if (!column.value) continue;
      const auto* field = descriptor->FindFieldByName(std::string(column.column));
      switch (column.type) {
        case SqlType::kText:
          reflection->SetString(&system, field, *column.value);
          break;
        case SqlType::kBigint:
          reflection->SetInt64(&system, field, std::stoll(*column.value));
          break;
        case SqlType::kJsonb:
          *system.mutable_attributes() =
              common::ToStruct(boost::json::parse(*column.value).as_object());
          break;
      }
    }
    SetStamp(system, record.stamp);
    return system;
  }

  static StoredHost StoredHostOf(const v1::Host& host) {
    StoredHost stored{host.id(),
                      host.version(),
                      host.name(),
                      std::nullopt,
                      std::nullopt,
                      host.notes(),
                      {host.wwpns().begin(), host.wwpns().end()}};
    if (host.has_host_type()) stored.host_type = host.host_type();
    if (host.has_status()) stored.status = host.status();
    return stored;
  }

  static v1::Host HostOf(int64_t id, int64_t customer, int64_t storage_id, const StoredHost& host,
                         const common::RecordStamp& stamp) {
    v1::Host out;
    out.set_id(id);
    out.set_customer(customer);
    out.set_storage(storage_id);
    out.set_name(host.name);
    if (host.host_type) out.set_host_type(*host.host_type);
    if (host.status) out.set_status(*host.status);
    out.set_notes(host.notes);
    for (const std::string& wwpn : host.wwpns) out.add_wwpns(wwpn);
    SetStamp(out, stamp);
    return out;
  }

  static StoredVolume StoredVolumeOf(const v1::Volume& volume) {
    StoredVolume stored;
    stored.id = volume.id();
    stored.version = volume.version();
    stored.storage_id = volume.storage();
    stored.name = volume.name();
    stored.volume_id = volume.volume_id();
    stored.unique_id = volume.unique_id();
    if (volume.has_capacity_bytes()) stored.capacity_bytes = volume.capacity_bytes();
    if (volume.has_pool_name()) stored.pool_name = volume.pool_name();
    if (volume.has_thin_provisioned()) stored.thin_provisioned = volume.thin_provisioned();
    return stored;
  }

  static v1::Volume VolumeOf(int64_t id, int64_t storage_id, const StoredVolume& volume,
                             const common::RecordStamp& stamp) {
    v1::Volume out;
    out.set_id(id);
    out.set_storage(storage_id);
    out.set_name(volume.name);
    out.set_volume_id(volume.volume_id);
    out.set_unique_id(volume.unique_id);
    if (volume.capacity_bytes) out.set_capacity_bytes(*volume.capacity_bytes);
    if (volume.pool_name) out.set_pool_name(*volume.pool_name);
    if (volume.thin_provisioned) out.set_thin_provisioned(*volume.thin_provisioned);
    SetStamp(out, stamp);
    return out;
  }

  template <class Response, class Record>
  static Response Page(const std::vector<Record>& matching, const ListQuery& query) {
    Response response;
    const auto first = std::min<size_t>(static_cast<size_t>(query.page.offset()), matching.size());
    const auto last =
        std::min<size_t>(first + static_cast<size_t>(query.page.page_size), matching.size());
    for (size_t i = first; i < last; ++i) *response.add_results() = matching[i];
    common::FillPageInfo(response, static_cast<int64_t>(matching.size()), query.page);
    return response;
  }

  // A clock that moves one second per write, so each save has its own time.
  int64_t Tick() { return now_micros_ += 1'000'000; }

  std::mutex mutex_;
  int64_t next_id_ = 1;
  int64_t now_micros_ = 1'764'370'800'000'000;  // 2025-11-28T23:00:00Z
  int storage_writes_ = 0;
  std::map<int64_t, StorageRecord> storage_;
  std::map<int64_t, v1::Host> hosts_;
  std::map<int64_t, v1::Volume> volumes_;
};

}  // namespace sanplane::storage::testing
