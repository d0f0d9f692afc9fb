#pragma once
// Validation of the editable fields of a storage system, shared by create, PUT and PATCH. The
// result is the list of columns to write, in SQL text form, so the store builds its statement
// from a fixed set of column names and parameters only.

#include <array>
#include <boost/json/value.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/text.hpp"
#include "sanplane/storage/v1/storage.pb.h"

namespace sanplane::storage {

inline constexpr std::array<std::string_view, 5> kStorageTypes = {"FlashSystem", "DS8000", "Switch",
                                                                  "Data Domain", "Unknown"};
inline constexpr size_t kMaxNameLength = 128;
inline constexpr size_t kMaxTextLength = 256;
inline constexpr size_t kMaxNotesLength = common::kMaxNotesLength;
/// `attributes` as stored JSON: at most this many bytes and this many levels of nesting.
inline constexpr size_t kMaxAttributesBytes = 65536;
inline constexpr size_t kMaxAttributesDepth = 8;

enum class SqlType { kText, kBigint, kJsonb };

using common::HasNul;
using common::IsBlank;
using common::Utf8Length;

/// Whether any string of `value`, object keys included and at any depth, holds a NUL character.
bool JsonHasNul(const boost::json::value& value);
/// Levels of nesting: 0 for a scalar, 1 for a flat object or array.
size_t JsonDepth(const boost::json::value& value);

/// One column to write. The column name equals the API field name.
struct ColumnValue {
  std::string_view column;
  SqlType type = SqlType::kText;
  std::optional<std::string> value;  // SQL text form; nullopt writes NULL

  bool operator==(const ColumnValue&) const = default;
};

/// An editable column of a storage system; the column name equals the API field name.
struct StorageColumn {
  std::string_view name;
  SqlType type = SqlType::kText;
};

/// Every editable column, in the order StorageColumnsForCreate and a PUT list them.
const std::vector<StorageColumn>& EditableStorageColumns();

/// Every editable column of a new storage system. Throws common::Error(kInvalidArgument) naming
/// every bad field (common::InvalidFields: {"error": "...", "errors": {field: message}}).
std::vector<ColumnValue> StorageColumnsForCreate(const v1::CreateStorageRequest& request);

/// PUT (partial = false): every editable column, a missing one written as null (notes "",
/// attributes {}). PATCH: only the fields present, i.e. named in json_fields or set. Same errors.
std::vector<ColumnValue> StorageColumnsForUpdate(const v1::UpdateStorageRequest& request);

}  // namespace sanplane::storage
