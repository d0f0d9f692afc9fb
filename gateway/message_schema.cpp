#include "message_schema.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>

#include "json_codec.hpp"

namespace sanplane::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

boost::json::object Integer(std::string_view format) {
  return {{"type", "integer"}, {"format", format}};
}

// The codec reads unsigned fields only from non-negative integers that fit in an int64.
boost::json::object Unsigned(uint64_t maximum) {
  return {{"type", "integer"}, {"minimum", 0}, {"maximum", maximum}};
}

// Adds null to what a schema allows: to its type (and enum), or around a $ref.
boost::json::object OrNull(boost::json::object schema) {
  if (schema.contains("$ref")) {
    return {
        {"anyOf", boost::json::array{std::move(schema), boost::json::object{{"type", "null"}}}}};
  }
  if (auto* values = schema.if_contains("enum")) values->as_array().emplace_back(nullptr);
  boost::json::value type = schema["type"];
  schema["type"] = boost::json::array{std::move(type), "null"};
  return schema;
}

}  // namespace

bool MessageSchemas::AcceptedInRequests(const FieldDescriptor* field) {
  if (IsJsonFieldsField(field)) return false;
  return field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE ||
         !IsTimestamp(field->message_type());
}

std::string MessageSchemas::ComponentName(const Descriptor* message, Direction direction) {
  const std::string suffix = direction == Direction::kRequest ? "Input" : "";
  std::string name = message->name() + suffix;
  auto [it, inserted] = named_.emplace(name, message);
  if (!inserted && it->second != message) {
    // Two packages with the same message name: the later one goes by its full name.
    name = message->full_name() + suffix;
    named_.emplace(name, message);
  }
  return name;
}

boost::json::object MessageSchemas::RefTo(const Descriptor* message, Direction direction) {
  const std::string name = ComponentName(message, direction);
  if (!components_.contains(name)) {
    components_[name] = boost::json::object{};  // a message that contains itself ends here
    boost::json::object schema = ObjectSchema(message, direction);
    components_[name] = std::move(schema);
  }
  return {{"$ref", "#/components/schemas/" + name}};
}

boost::json::object MessageSchemas::ObjectSchema(const Descriptor* message, Direction direction,
                                                 const std::vector<std::string>& omitted) {
  boost::json::object properties;
  boost::json::array required;
  for (int i = 0; i < message->field_count(); ++i) {
    const FieldDescriptor* field = message->field(i);
    if (std::find(omitted.begin(), omitted.end(), field->name()) != omitted.end()) continue;
    if (IsJsonFieldsField(field)) continue;
    if (direction == Direction::kRequest && !AcceptedInRequests(field)) continue;
    properties[field->name()] = FieldSchema(field, direction);
    if (direction == Direction::kResponse && !IsOmittedWhenUnset(field)) {
      required.emplace_back(field->name());
    }
  }
  boost::json::object schema{{"type", "object"}, {"properties", std::move(properties)}};
  if (direction == Direction::kResponse) {
    schema["required"] = std::move(required);
    schema["additionalProperties"] = false;
  }
  return schema;
}

boost::json::object MessageSchemas::FieldSchema(const FieldDescriptor* field, Direction direction) {
  boost::json::object value = ValueSchema(field, direction);
  if (field->is_repeated()) return {{"type", "array"}, {"items", std::move(value)}};
  return IsNullable(field) ? OrNull(std::move(value)) : value;
}

boost::json::object MessageSchemas::ValueSchema(const FieldDescriptor* field, Direction direction) {
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      return Integer("int32");
    case FieldDescriptor::CPPTYPE_INT64:
      return Integer("int64");
    case FieldDescriptor::CPPTYPE_UINT32:
      return Unsigned(std::numeric_limits<uint32_t>::max());
    case FieldDescriptor::CPPTYPE_UINT64:
      return Unsigned(std::numeric_limits<int64_t>::max());
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return {{"type", "number"}, {"format", "double"}};
    case FieldDescriptor::CPPTYPE_FLOAT:
      return {{"type", "number"}, {"format", "float"}};
    case FieldDescriptor::CPPTYPE_BOOL:
      return {{"type", "boolean"}};
    case FieldDescriptor::CPPTYPE_STRING:
      return {{"type", "string"}};
    case FieldDescriptor::CPPTYPE_ENUM: {
      boost::json::array names;
      for (int i = 0; i < field->enum_type()->value_count(); ++i) {
        names.emplace_back(field->enum_type()->value(i)->name());
      }
      return {{"type", "string"}, {"enum", std::move(names)}};
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      if (IsTimestamp(field->message_type())) {
        return {{"type", "string"}, {"format", "date-time"}};
      }
      if (IsStruct(field->message_type())) return {{"type", "object"}};
      return RefTo(field->message_type(), direction);
  }
  return {};
}

}  // namespace sanplane::gateway
