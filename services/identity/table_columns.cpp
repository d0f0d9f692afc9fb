#include "table_columns.hpp"

#include <algorithm>
#include <array>
#include <set>
#include <string>

#include "common/versioning.hpp"

namespace sanplane::identity {

namespace {

constexpr std::array<std::string_view, 8> kTables = {"aliases",  "customers", "fabrics", "hosts",
                                                     "projects", "storage",   "volumes", "zones"};

std::string KnownTablesText() {
  std::string text;
  for (std::string_view table : kTables) {
    if (!text.empty()) text += ", ";
    text += table;
  }
  return text;
}

bool IsColumnKeyCharacter(char c) {
  return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
}

void CheckTable(std::string_view table, common::FieldErrors& errors) {
  if (!IsKnownTable(table)) {
    common::AddFieldError(
        errors, "table",
        "Unknown table '" + std::string(table) + "'; the tables are " + KnownTablesText() + ".");
  }
}

}  // namespace

bool IsKnownTable(std::string_view table) {
  return std::find(kTables.begin(), kTables.end(), table) != kTables.end();
}

void ValidateTableName(std::string_view table) {
  common::FieldErrors errors;
  CheckTable(table, errors);
  if (!errors.empty()) {
    throw common::InvalidFields(std::string(errors.begin()->value().as_string()), errors);
  }
}

void ValidateTableColumns(const v1::SetTableColumnsRequest& request) {
  common::FieldErrors errors;
  CheckTable(request.table(), errors);
  const int count = request.columns_size();
  if (count == 0) {
    common::AddFieldError(errors, "columns", "Choose at least one column to show.");
  } else if (static_cast<std::size_t>(count) > kMaxTableColumns) {
    common::AddFieldError(errors, "columns",
                          "At most " + std::to_string(kMaxTableColumns) + " columns.");
  }
  std::set<std::string> seen;
  for (int i = 0; i < count && static_cast<std::size_t>(i) < kMaxTableColumns; ++i) {
    const v1::TableColumn& column = request.columns(i);
    const std::string at = "columns[" + std::to_string(i) + "]";
    const std::string& key = column.key();
    if (key.empty()) {
      common::AddFieldError(errors, at + ".key", "A column needs its name.");
    } else if (key.size() > kMaxColumnKeyLength ||
               !std::all_of(key.begin(), key.end(), IsColumnKeyCharacter)) {
      common::AddFieldError(errors, at + ".key",
                            "A column name is at most " + std::to_string(kMaxColumnKeyLength) +
                                " characters of a-z, 0-9 and _.");
    } else if (!seen.insert(key).second) {
      common::AddFieldError(errors, at + ".key", "Column '" + key + "' is listed twice.");
    }
    if (column.has_width() &&
        (column.width() < kMinColumnWidth || column.width() > kMaxColumnWidth)) {
      common::AddFieldError(errors, at + ".width",
                            "A column's width is " + std::to_string(kMinColumnWidth) + " to " +
                                std::to_string(kMaxColumnWidth) + " px.");
    }
  }
  if (!errors.empty()) {
    throw common::InvalidFields(std::string(errors.begin()->value().as_string()), errors);
  }
}

}  // namespace sanplane::identity
