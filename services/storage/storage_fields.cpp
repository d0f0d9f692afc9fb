#include "storage_fields.hpp"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>
#include <google/protobuf/reflection.h>

#include <algorithm>
#include <boost/json/serialize.hpp>
#include <set>

#include "common/errors.hpp"
#include "common/json_struct.hpp"
#include "common/versioning.hpp"
#include "common/wwpn.hpp"

namespace sanplane::storage {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

enum class Rule { kName, kStorageType, kText, kWwnn, kCapacity, kNotes, kAttributes };

struct EditableColumn {
  std::string_view name;
  SqlType type;
  Rule rule;
};

// The editable columns, in the order they are written. Create and update requests declare a field
// of the same name for each.
constexpr EditableColumn kColumns[] = {
    {"name", SqlType::kText, Rule::kName},
    {"storage_type", SqlType::kText, Rule::kStorageType},
    {"vendor", SqlType::kText, Rule::kText},
    {"model", SqlType::kText, Rule::kText},
    {"machine_type", SqlType::kText, Rule::kText},
    {"serial_number", SqlType::kText, Rule::kText},
    {"system_id", SqlType::kText, Rule::kText},
    {"storage_system_id", SqlType::kText, Rule::kText},
    {"wwnn", SqlType::kText, Rule::kWwnn},
    {"firmware_level", SqlType::kText, Rule::kText},
    {"location", SqlType::kText, Rule::kText},
    {"primary_ip", SqlType::kText, Rule::kText},
    {"secondary_ip", SqlType::kText, Rule::kText},
    {"capacity_bytes", SqlType::kBigint, Rule::kCapacity},
    {"used_capacity_bytes", SqlType::kBigint, Rule::kCapacity},
    {"available_capacity_bytes", SqlType::kBigint, Rule::kCapacity},
    {"notes", SqlType::kText, Rule::kNotes},
    {"attributes", SqlType::kJsonb, Rule::kAttributes},
};

std::string NulMessage(std::string_view field) {
  return std::string(field) + " must not contain NUL characters.";
}

std::string StorageTypeList() {
  std::string out;
  for (std::string_view type : kStorageTypes) {
    if (!out.empty()) out += ", ";
    out += type;
  }
  return out;
}

class ColumnCollector {
 public:
  void Add(const EditableColumn& column, std::optional<std::string> value) {
    columns_.push_back({column.name, column.type, std::move(value)});
  }
  void Fail(std::string_view field, std::string message) {
    fields_[std::string(field)] = message;
    if (!summary_.empty()) summary_ += " ";
    summary_ += std::move(message);
  }
  std::vector<ColumnValue> Finish() {
    if (!fields_.empty()) {
      throw common::InvalidFields(summary_, std::move(fields_));
    }
    return std::move(columns_);
  }

 private:
  std::vector<ColumnValue> columns_;
  common::FieldErrors fields_;
  std::string summary_;
};

// Validates one column. `has_value` tells whether the request carries a value (a null or absent
// field has none).
void CollectColumn(const EditableColumn& column, const Message& message,
                   const FieldDescriptor& field, bool has_value, ColumnCollector& out) {
  const auto* reflection = message.GetReflection();
  const std::string name(column.name);
  switch (column.rule) {
    case Rule::kName: {
      const std::string value = has_value ? reflection->GetString(message, &field) : "";
      if (IsBlank(value)) {
        out.Fail(name, "name is required.");
      } else if (HasNul(value)) {
        out.Fail(name, NulMessage(name));
      } else if (Utf8Length(value) > kMaxNameLength) {
        out.Fail(name, "name must be at most " + std::to_string(kMaxNameLength) + " characters.");
      } else {
        out.Add(column, value);
      }
      return;
    }
    case Rule::kStorageType: {
      const std::string value = has_value ? reflection->GetString(message, &field) : "";
      if (value.empty()) {
        out.Fail(name, "storage_type is required (one of " + StorageTypeList() + ").");
      } else if (std::find(kStorageTypes.begin(), kStorageTypes.end(), value) ==
                 kStorageTypes.end()) {
        out.Fail(name, "storage_type must be one of " + StorageTypeList() + ".");
      } else {
        out.Add(column, value);
      }
      return;
    }
    case Rule::kText: {
      if (!has_value) {
        out.Add(column, std::nullopt);
        return;
      }
      std::string value = reflection->GetString(message, &field);
      if (HasNul(value)) {
        out.Fail(name, NulMessage(name));
      } else if (Utf8Length(value) > kMaxTextLength) {
        out.Fail(name,
                 name + " must be at most " + std::to_string(kMaxTextLength) + " characters.");
      } else {
        out.Add(column, std::move(value));
      }
      return;
    }
    case Rule::kWwnn: {
      const std::string value = has_value ? reflection->GetString(message, &field) : "";
      if (value.empty()) {
        out.Add(column, std::nullopt);
      } else if (std::optional<std::string> wwnn = common::NormalizeWwpn(value)) {
        out.Add(column, std::move(*wwnn));
      } else {
        out.Fail(name,
                 "wwnn must be 16 hex digits, optionally separated by ':' or '-' between byte "
                 "pairs.");
      }
      return;
    }
    case Rule::kCapacity: {
      if (!has_value) {
        out.Add(column, std::nullopt);
        return;
      }
      const int64_t value = reflection->GetInt64(message, &field);
      if (value < 0) {
        out.Fail(name, name + " must not be negative.");
      } else {
        out.Add(column, std::to_string(value));
      }
      return;
    }
    case Rule::kNotes: {
      std::string value = has_value ? reflection->GetString(message, &field) : "";
      if (HasNul(value)) {
        out.Fail(name, NulMessage(name));
      } else if (Utf8Length(value) > kMaxNotesLength) {
        out.Fail(name, "notes must be at most " + std::to_string(kMaxNotesLength) + " characters.");
      } else {
        out.Add(column, std::move(value));
      }
      return;
    }
    case Rule::kAttributes: {
      if (!has_value) {
        out.Add(column, std::string("{}"));
        return;
      }
      const auto& attributes =
          static_cast<const google::protobuf::Struct&>(reflection->GetMessage(message, &field));
      const boost::json::value json = common::FromStruct(attributes);
      if (JsonHasNul(json)) {
        out.Fail(name, NulMessage(name));
        return;
      }
      if (JsonDepth(json) > kMaxAttributesDepth) {
        out.Fail(name, "attributes may nest at most " + std::to_string(kMaxAttributesDepth) +
                           " levels deep.");
        return;
      }
      std::string text = boost::json::serialize(json);
      if (text.size() > kMaxAttributesBytes) {
        out.Fail(name, "attributes must be at most " + std::to_string(kMaxAttributesBytes) +
                           " bytes as JSON.");
        return;
      }
      out.Add(column, std::move(text));
      return;
    }
  }
}

// `all`: every column (create, PUT); otherwise only the present ones (PATCH).
std::vector<ColumnValue> Collect(const Message& message, bool all,
                                 const std::set<std::string, std::less<>>& json_fields) {
  ColumnCollector out;
  const auto* descriptor = message.GetDescriptor();
  const auto* reflection = message.GetReflection();
  for (const EditableColumn& column : kColumns) {
    const FieldDescriptor* field = descriptor->FindFieldByName(std::string(column.name));
    if (field == nullptr) continue;  // unreachable: both requests declare every column
    const bool has_value = reflection->HasField(message, field);
    const bool present = has_value || json_fields.contains(column.name);
    if (!all && !present) continue;
    CollectColumn(column, message, *field, has_value, out);
  }
  return out.Finish();
}

}  // namespace

const std::vector<StorageColumn>& EditableStorageColumns() {
  static const std::vector<StorageColumn> columns = [] {
    std::vector<StorageColumn> out;
    for (const EditableColumn& column : kColumns) out.push_back({column.name, column.type});
    return out;
  }();
  return columns;
}

bool JsonHasNul(const boost::json::value& value) {
  if (const boost::json::string* text = value.if_string()) return HasNul(std::string_view(*text));
  if (const boost::json::array* array = value.if_array()) {
    return std::any_of(array->begin(), array->end(),
                       [](const boost::json::value& item) { return JsonHasNul(item); });
  }
  if (const boost::json::object* object = value.if_object()) {
    return std::any_of(object->begin(), object->end(), [](const boost::json::key_value_pair& item) {
      return HasNul(item.key()) || JsonHasNul(item.value());
    });
  }
  return false;
}

size_t JsonDepth(const boost::json::value& value) {
  size_t deepest = 0;
  if (const boost::json::array* array = value.if_array()) {
    for (const auto& item : *array) deepest = std::max(deepest, JsonDepth(item));
    return deepest + 1;
  }
  if (const boost::json::object* object = value.if_object()) {
    for (const auto& item : *object) deepest = std::max(deepest, JsonDepth(item.value()));
    return deepest + 1;
  }
  return 0;
}

std::vector<ColumnValue> StorageColumnsForCreate(const v1::CreateStorageRequest& request) {
  return Collect(request, /*all=*/true, {});
}

std::vector<ColumnValue> StorageColumnsForUpdate(const v1::UpdateStorageRequest& request) {
  const std::set<std::string, std::less<>> json_fields(request.json_fields().begin(),
                                                       request.json_fields().end());
  return Collect(request, /*all=*/!request.partial(), json_fields);
}

}  // namespace sanplane::storage
