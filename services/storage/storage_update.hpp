#pragma once
// A PUT or PATCH of a storage system as a plan, pure logic: the full row it writes is the stored
// row with the request's columns laid over it, so the store runs one fixed compare-and-set UPDATE
// of every editable column whatever the request named.

#include <cstdint>
#include <vector>

#include "common/versioning.hpp"
#include "storage_fields.hpp"

namespace sanplane::storage {

/// The entity named by conflict bodies and metrics.
inline constexpr char kStorageEntity[] = "storage system";

/// A storage system as an update starts from: every editable column (EditableStorageColumns
/// order, SQL text form) and its audit stamp.
struct StoredStorageRow {
  std::vector<ColumnValue> columns;
  common::RecordStamp stamp;
};

/// The full row to write: `stored.columns` with each column of `changes` (a PUT names all, a
/// PATCH those it sent) replacing the stored one. A version other than the stored one is the 409
/// conflict body (common::ConflictError), before anything is written.
std::vector<ColumnValue> PlanStorageUpdate(const StoredStorageRow& stored, int64_t expected_version,
                                           const std::vector<ColumnValue>& changes);

}  // namespace sanplane::storage
