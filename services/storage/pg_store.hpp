#pragma once
// The Store on Postgres. Every statement is a named query of queries/*.sql, prepared on each
// pooled connection and run through common::Exec. The methods live in one file per record type:
// pg_storage_systems.cpp, pg_hosts.cpp, pg_volumes.cpp and pg_import.cpp.

#include <chrono>

#include "common/pg_pool.hpp"
#include "store.hpp"

namespace sanplane::storage {

struct ImportRetryPolicy {
  /// An import that Postgres aborts for a race with another one runs at most this often in all…
  int attempts = 4;
  /// …and runs again only while this much of its budget is left.
  std::chrono::milliseconds min_budget{200};
};

class PgStore final : public Store {
 public:
  PgStore(common::PgPool& pool, ImportRetryPolicy import_retry)
      : pool_(pool), import_retry_(import_retry) {}

  v1::ListStorageResponse ListStorage(Budget budget, const common::Principal& principal,
                                      const ListQuery& query) override;
  v1::StorageSystem CreateStorage(Budget budget, int64_t customer,
                                  const std::vector<ColumnValue>& row,
                                  const std::string& username) override;
  v1::StorageSystem GetStorage(Budget budget, const common::Principal& principal,
                               int64_t id) override;
  StoredStorageRow LoadStorageRow(Budget budget, const common::Principal& principal,
                                  int64_t id) override;
  v1::StorageSystem UpdateStorage(Budget budget, const common::Principal& principal, int64_t id,
                                  int64_t expected_version,
                                  const std::vector<ColumnValue>& row) override;
  common::MergeBase LoadMergeBase(Budget budget, int64_t id, int64_t base_version) override;
  void DeleteStorage(Budget budget, const common::Principal& principal, int64_t id,
                     int64_t expected_version) override;
  StorageForDelete LoadForDelete(Budget budget, const common::Principal& principal, int64_t id,
                                 int64_t expected_version) override;
  int64_t CountCustomerStorage(Budget budget, int64_t customer_id) override;

  v1::ListHostsResponse ListHosts(Budget budget, const common::Principal& principal,
                                  const ListQuery& query) override;
  v1::Host GetHost(Budget budget, const common::Principal& principal, int64_t id) override;
  v1::ListVolumesResponse ListVolumes(Budget budget, const common::Principal& principal,
                                      const ListQuery& query) override;
  v1::Volume GetVolume(Budget budget, const common::Principal& principal, int64_t id) override;

  v1::ImportStorageResponse Import(Budget budget, const common::Principal& principal,
                                   int64_t storage_id, const ImportPayload& payload) override;

 private:
  /// One attempt of Import, in one transaction.
  v1::ImportStorageResponse ImportOnce(Budget budget, const common::Principal& principal,
                                       int64_t storage_id, const ImportPayload& payload);

  common::PgPool& pool_;
  ImportRetryPolicy import_retry_;
};

}  // namespace sanplane::storage
