#include "table_columns.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "common/errors.hpp"

namespace sanplane::identity {
namespace {

v1::SetTableColumnsRequest Document(std::string table,
                                    std::vector<std::pair<std::string, int>> columns) {
  v1::SetTableColumnsRequest request;
  request.set_table(std::move(table));
  for (const auto& [key, width] : columns) {
    v1::TableColumn& column = *request.add_columns();
    column.set_key(key);
    if (width) column.set_width(width);
  }
  return request;
}

/// The fields the 400 of a document names, in order ({} when it is accepted).
std::vector<std::string> BadFields(const v1::SetTableColumnsRequest& request) {
  try {
    ValidateTableColumns(request);
  } catch (const common::Error& error) {
    EXPECT_EQ(error.kind(), common::ErrorKind::kInvalidArgument);
    std::vector<std::string> fields;
    for (const auto& violation : error.details().field_violations().violations()) {
      fields.push_back(violation.field());
    }
    EXPECT_FALSE(fields.empty());
    EXPECT_EQ(error.what(), error.details().field_violations().violations(0).message());
    return fields;
  }
  return {};
}

TEST(TableColumnsTest, AcceptsEveryTableOfTheUi) {
  for (const char* table :
       {"aliases", "zones", "fabrics", "storage", "hosts", "volumes", "projects", "customers"}) {
    EXPECT_TRUE(BadFields(Document(table, {{"name", 0}, {"last_modified_by", 2000}})).empty())
        << table;
  }
  EXPECT_FALSE(IsKnownTable("Hosts"));
  EXPECT_FALSE(IsKnownTable(""));
}

TEST(TableColumnsTest, NamesEveryBadField) {
  EXPECT_EQ(BadFields(Document("users", {{"name", 0}})), std::vector<std::string>{"table"});
  EXPECT_EQ(BadFields(Document("hosts", {})), std::vector<std::string>{"columns"});
  EXPECT_EQ(BadFields(Document("hosts", {{"name", 39}, {"Name", 0}, {"name", 2001}, {"", 0}})),
            (std::vector<std::string>{"columns[0].width", "columns[1].key", "columns[2].key",
                                      "columns[2].width", "columns[3].key"}));
  EXPECT_EQ(BadFields(Document("hosts", {{std::string(65, 'a'), 0}})),
            std::vector<std::string>{"columns[0].key"});
  EXPECT_TRUE(BadFields(Document("hosts", {{std::string(64, 'a'), 40}})).empty());

  std::vector<std::pair<std::string, int>> many;
  for (int i = 0; i < 41; ++i) many.emplace_back("c" + std::to_string(i), 0);
  EXPECT_EQ(BadFields(Document("hosts", many)), std::vector<std::string>{"columns"});
  many.pop_back();
  EXPECT_TRUE(BadFields(Document("hosts", many)).empty());
}

TEST(TableColumnsTest, AResetNamesAnUnknownTable) {
  EXPECT_NO_THROW(ValidateTableName("volumes"));
  EXPECT_THROW(ValidateTableName("volume"), common::Error);
}

}  // namespace
}  // namespace sanplane::identity
