#include "storage_update.hpp"

#include <algorithm>

namespace sanplane::storage {

std::vector<ColumnValue> PlanStorageUpdate(const StoredStorageRow& stored, int64_t expected_version,
                                           const std::vector<ColumnValue>& changes) {
  if (stored.stamp.version != expected_version) {
    throw common::ConflictError(kStorageEntity, stored.stamp);
  }
  std::vector<ColumnValue> row = stored.columns;
  for (const ColumnValue& change : changes) {
    const auto column = std::find_if(row.begin(), row.end(), [&](const ColumnValue& candidate) {
      return candidate.column == change.column;
    });
    if (column != row.end()) {
      column->value = change.value;
    } else {
      row.push_back(change);
    }
  }
  return row;
}

}  // namespace sanplane::storage
