// PlanStorageUpdate: the full row a PUT or PATCH writes, and the conflict of a stale version.
#include "storage_update.hpp"

#include <gtest/gtest.h>

#include "common/errors.hpp"

namespace sanplane::storage {
namespace {

StoredStorageRow Stored() {
  v1::CreateStorageRequest request;
  request.set_name("FS9500");
  request.set_storage_type("FlashSystem");
  request.set_vendor("IBM");
  request.set_capacity_bytes(1000);
  return {StorageColumnsForCreate(request), {5, "bob", 0}};
}

std::optional<std::string> ValueOf(const std::vector<ColumnValue>& row, std::string_view column) {
  for (const ColumnValue& value : row) {
    if (value.column == column) return value.value;
  }
  ADD_FAILURE() << "no column " << column;
  return std::nullopt;
}

TEST(PlanStorageUpdate, APatchReplacesOnlyTheColumnsItNames) {
  const StoredStorageRow stored = Stored();
  const std::vector<ColumnValue> row = PlanStorageUpdate(
      stored, 5,
      {{"vendor", SqlType::kText, std::nullopt}, {"notes", SqlType::kText, std::string("rack 5")}});
  ASSERT_EQ(row.size(), EditableStorageColumns().size());
  EXPECT_EQ(ValueOf(row, "vendor"), std::nullopt);
  EXPECT_EQ(ValueOf(row, "notes"), "rack 5");
  EXPECT_EQ(ValueOf(row, "name"), "FS9500");
  EXPECT_EQ(ValueOf(row, "capacity_bytes"), "1000");
}

TEST(PlanStorageUpdate, AnEmptyPatchWritesTheStoredRow) {
  const StoredStorageRow stored = Stored();
  EXPECT_EQ(PlanStorageUpdate(stored, 5, {}), stored.columns);
}

TEST(PlanStorageUpdate, AStaleVersionIsAConflictNamingTheCurrentOne) {
  try {
    PlanStorageUpdate(Stored(), 4, {});
    FAIL() << "expected a conflict";
  } catch (const common::Error& error) {
    EXPECT_EQ(error.kind(), common::ErrorKind::kVersionConflict);
    ASSERT_TRUE(error.details().has_version_conflict());
    EXPECT_EQ(error.details().version_conflict().current_version(), 5);
  }
}

}  // namespace
}  // namespace sanplane::storage
