#pragma once
// The Postgres side of the storage service (schema `storage`): one method per use case, each in
// one transaction. Every read and write is limited to the customers the principal may see; a
// record of another customer behaves as if it did not exist.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/pagination.hpp"
#include "common/pg_pool.hpp"
#include "common/principal.hpp"
#include "import_plan.hpp"
#include "sanplane/storage/v1/storage.pb.h"
#include "storage_fields.hpp"

namespace sanplane::storage {

/// Filters and page of a list call. `order_by` comes from common::OrderByClause over an
/// allow-list of column names.
struct ListQuery {
  std::string search;
  std::string order_by;
  common::PageRequest page;
  std::optional<int64_t> customer;
  std::optional<int64_t> storage_id;
};

class StorageStore {
 public:
  explicit StorageStore(common::PgPool& pool) : pool_(pool) {}

  v1::ListStorageResponse ListStorage(std::chrono::milliseconds budget,
                                      const common::Principal& principal, const ListQuery& query);
  /// ALREADY_EXISTS when the customer has a storage system of that name.
  v1::StorageSystem CreateStorage(std::chrono::milliseconds budget, int64_t customer,
                                  const std::vector<ColumnValue>& columns,
                                  const std::string& username);
  v1::StorageSystem GetStorage(std::chrono::milliseconds budget, const common::Principal& principal,
                               int64_t id);
  /// One compare-and-set on `version`. NOT_FOUND, ABORTED (conflict body), ALREADY_EXISTS (name
  /// taken); when nothing changes, the stored record comes back with its version unmoved.
  v1::StorageSystem UpdateStorage(std::chrono::milliseconds budget,
                                  const common::Principal& principal, int64_t id,
                                  int64_t expected_version,
                                  const std::vector<ColumnValue>& columns);
  /// NOT_FOUND or ABORTED (conflict body) as UpdateStorage.
  void DeleteStorage(std::chrono::milliseconds budget, const common::Principal& principal,
                     int64_t id, int64_t expected_version);

  /// NOT_FOUND when query.storage_id names a storage system the principal cannot see.
  v1::ListHostsResponse ListHosts(std::chrono::milliseconds budget,
                                  const common::Principal& principal, const ListQuery& query);
  v1::Host GetHost(std::chrono::milliseconds budget, const common::Principal& principal,
                   int64_t id);
  v1::ListVolumesResponse ListVolumes(std::chrono::milliseconds budget,
                                      const common::Principal& principal, const ListQuery& query);
  v1::Volume GetVolume(std::chrono::milliseconds budget, const common::Principal& principal,
                       int64_t id);

  /// Applies a validated payload to the storage system `storage_id` in one transaction; imports
  /// into the same storage system run one after the other. An attempt that Postgres aborts for a
  /// race with another import runs again a few times; when the race persists, a deadlock or
  /// serialization failure becomes Error(kVersionConflict) and a unique_id created by the other
  /// import Error(kAlreadyExists).
  v1::ImportStorageResponse Import(std::chrono::milliseconds budget,
                                   const common::Principal& principal, int64_t storage_id,
                                   const ImportPayload& payload);

 private:
  /// One attempt of Import.
  v1::ImportStorageResponse ImportOnce(std::chrono::milliseconds budget,
                                       const common::Principal& principal, int64_t storage_id,
                                       const ImportPayload& payload);

  common::PgPool& pool_;
};

}  // namespace sanplane::storage
