#pragma once
// What the storage service needs of its store (schema `storage`): one method per use case, each in
// one transaction. Every read and write is limited to the customers the principal may see; a
// record of another customer behaves as if it did not exist. PgStore is the Postgres
// implementation; unit tests of the service use an in-memory one.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/merge_base.hpp"
#include "common/pagination.hpp"
#include "common/principal.hpp"
#include "import_plan.hpp"
#include "sanplane/storage/v1/storage.pb.h"
#include "storage_fields.hpp"
#include "storage_update.hpp"

namespace sanplane::storage {

inline constexpr char kStorageNotFound[] = "Storage system not found.";
inline constexpr char kHostNotFound[] = "Host not found.";
inline constexpr char kVolumeNotFound[] = "Volume not found.";

/// Filters and page of a list call.
struct ListQuery {
  std::string search;
  /// A field of the list's allow-list, "-" first for descending (the service has checked it).
  std::string ordering;
  common::PageRequest page;
  std::optional<int64_t> customer;
  std::optional<int64_t> storage_id;
};

/// What deleting a storage system must ask SAN about: its name (for the message) and its hosts.
struct StorageForDelete {
  std::string name;
  std::vector<int64_t> host_ids;
};

class Store {
 public:
  using Budget = std::chrono::milliseconds;
  virtual ~Store() = default;

  virtual v1::ListStorageResponse ListStorage(Budget budget, const common::Principal& principal,
                                              const ListQuery& query) = 0;
  /// `row`: every editable column (EditableStorageColumns). ALREADY_EXISTS when the customer has a
  /// storage system of that name.
  virtual v1::StorageSystem CreateStorage(Budget budget, int64_t customer,
                                          const std::vector<ColumnValue>& row,
                                          const std::string& username) = 0;
  /// NOT_FOUND when missing or not visible.
  virtual v1::StorageSystem GetStorage(Budget budget, const common::Principal& principal,
                                       int64_t id) = 0;
  /// The editable columns of a storage system as stored, the start of a PUT or PATCH plan.
  /// NOT_FOUND as GetStorage.
  virtual StoredStorageRow LoadStorageRow(Budget budget, const common::Principal& principal,
                                          int64_t id) = 0;
  /// Writes the full `row` with one compare-and-set on `version`. NOT_FOUND, ABORTED (conflict
  /// body), ALREADY_EXISTS (name taken); when no value differs, the stored record comes back with
  /// its version unmoved.
  virtual v1::StorageSystem UpdateStorage(Budget budget, const common::Principal& principal,
                                          int64_t id, int64_t expected_version,
                                          const std::vector<ColumnValue>& row) = 0;
  /// What merging a save of storage system `id` sent with `base_version` needs from the history
  /// (common/merge_base.hpp), read in one transaction.
  virtual common::MergeBase LoadMergeBase(Budget budget, int64_t id, int64_t base_version) = 0;
  /// NOT_FOUND or ABORTED (conflict body) as UpdateStorage.
  virtual void DeleteStorage(Budget budget, const common::Principal& principal, int64_t id,
                             int64_t expected_version) = 0;

  /// NOT_FOUND when query.storage_id names a storage system the principal cannot see.
  /// The storage system the caller may delete at `expected_version`: kNotFound when it is not
  /// visible, the version conflict when it moved on.
  virtual StorageForDelete LoadForDelete(Budget budget, const common::Principal& principal,
                                         int64_t id, int64_t expected_version) = 0;
  /// The customer's storage systems, whoever asks (the service checks the caller).
  virtual int64_t CountCustomerStorage(Budget budget, int64_t customer_id) = 0;

  virtual v1::ListHostsResponse ListHosts(Budget budget, const common::Principal& principal,
                                          const ListQuery& query) = 0;
  virtual v1::Host GetHost(Budget budget, const common::Principal& principal, int64_t id) = 0;
  /// NOT_FOUND as ListHosts.
  virtual v1::ListVolumesResponse ListVolumes(Budget budget, const common::Principal& principal,
                                              const ListQuery& query) = 0;
  virtual v1::Volume GetVolume(Budget budget, const common::Principal& principal, int64_t id) = 0;

  /// Loads the hosts and volumes `payload` touches, plans the import (PlanImport) and applies the
  /// plan to the storage system `storage_id`, in one transaction; imports into the same storage
  /// system take turns. NOT_FOUND for a storage system the principal cannot see; a race with
  /// another import that persists is a 409 (ABORTED or ALREADY_EXISTS).
  virtual v1::ImportStorageResponse Import(Budget budget, const common::Principal& principal,
                                           int64_t storage_id, const ImportPayload& payload) = 0;
};

}  // namespace sanplane::storage
