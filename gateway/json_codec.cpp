#include "json_codec.hpp"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/timestamp.pb.h>

#include <boost/json/serialize.hpp>
#include <charconv>
#include <cmath>
#include <iterator>
#include <limits>

#include "common/json_struct.hpp"
#include "common/text.hpp"
#include "common/time.hpp"
#include "sanplane/common/v1/common.pb.h"

namespace sanplane::gateway {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

constexpr std::string_view kJsonFieldsName = "json_fields";

/// A field the answer leaves out: marked so in its .proto, and unset.
bool IsLeftOut(const Message& message, const FieldDescriptor* field) {
  return IsOmittedWhenUnset(field) && !message.GetReflection()->HasField(message, field);
}

boost::json::value MessageValue(const Message& message) {
  const Descriptor* descriptor = message.GetDescriptor();
  if (IsTimestamp(descriptor)) {
    const auto& ts = static_cast<const google::protobuf::Timestamp&>(message);
    return boost::json::string(common::FormatRfc3339(common::MicrosFromTimestamp(ts)));
  }
  if (IsStruct(descriptor)) {
    return common::FromStruct(static_cast<const google::protobuf::Struct&>(message));
  }
  return MessageToJson(message);
}

boost::json::value SingleValue(const Message& message, const FieldDescriptor* field) {
  const Reflection* r = message.GetReflection();
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      return r->GetInt32(message, field);
    case FieldDescriptor::CPPTYPE_INT64:
      return r->GetInt64(message, field);
    case FieldDescriptor::CPPTYPE_UINT32:
      return r->GetUInt32(message, field);
    case FieldDescriptor::CPPTYPE_UINT64:
      return r->GetUInt64(message, field);
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return r->GetDouble(message, field);
    case FieldDescriptor::CPPTYPE_FLOAT:
      return r->GetFloat(message, field);
    case FieldDescriptor::CPPTYPE_BOOL:
      return r->GetBool(message, field);
    case FieldDescriptor::CPPTYPE_ENUM:
      return boost::json::string(r->GetEnum(message, field)->name());
    case FieldDescriptor::CPPTYPE_STRING:
      return boost::json::string(r->GetString(message, field));
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return MessageValue(r->GetMessage(message, field));
  }
  return nullptr;
}

boost::json::value RepeatedValue(const Message& message, const FieldDescriptor* field, int i) {
  const Reflection* r = message.GetReflection();
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      return r->GetRepeatedInt32(message, field, i);
    case FieldDescriptor::CPPTYPE_INT64:
      return r->GetRepeatedInt64(message, field, i);
    case FieldDescriptor::CPPTYPE_UINT32:
      return r->GetRepeatedUInt32(message, field, i);
    case FieldDescriptor::CPPTYPE_UINT64:
      return r->GetRepeatedUInt64(message, field, i);
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return r->GetRepeatedDouble(message, field, i);
    case FieldDescriptor::CPPTYPE_FLOAT:
      return r->GetRepeatedFloat(message, field, i);
    case FieldDescriptor::CPPTYPE_BOOL:
      return r->GetRepeatedBool(message, field, i);
    case FieldDescriptor::CPPTYPE_ENUM:
      return boost::json::string(r->GetRepeatedEnum(message, field, i)->name());
    case FieldDescriptor::CPPTYPE_STRING:
      return boost::json::string(r->GetRepeatedString(message, field, i));
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return MessageValue(r->GetRepeatedMessage(message, field, i));
  }
  return nullptr;
}

// ---- writing straight to the output (the bytes boost::json::serialize writes) ----------------

// Boost.JSON's escapes: the two-character ones it knows, \u00XX (lower-case hex) for the other
// control characters, everything else (UTF-8 included) as it is.
void AppendJsonString(std::string_view text, std::string& out) {
  static constexpr char kHex[] = "0123456789abcdef";
  out += '"';
  size_t plain_from = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const auto c = static_cast<unsigned char>(text[i]);
    char escape = 0;
    switch (c) {
      case '"':
        escape = '"';
        break;
      case '\\':
        escape = '\\';
        break;
      case '\b':
        escape = 'b';
        break;
      case '\f':
        escape = 'f';
        break;
      case '\n':
        escape = 'n';
        break;
      case '\r':
        escape = 'r';
        break;
      case '\t':
        escape = 't';
        break;
      default:
        if (c >= 0x20) continue;
        escape = 'u';
    }
    out.append(text.substr(plain_from, i - plain_from));
    out += '\\';
    out += escape;
    if (escape == 'u') {
      out += "00";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
    plain_from = i + 1;
  }
  out.append(text.substr(plain_from));
  out += '"';
}

template <class Integer>
void AppendInteger(Integer value, std::string& out) {
  char digits[24];
  const auto end = std::to_chars(std::begin(digits), std::end(digits), value).ptr;
  out.append(digits, end);
}

void AppendMessageValue(const Message& message, std::string& out) {
  const Descriptor* descriptor = message.GetDescriptor();
  if (IsTimestamp(descriptor)) {
    const auto& ts = static_cast<const google::protobuf::Timestamp&>(message);
    AppendJsonString(common::FormatRfc3339(common::MicrosFromTimestamp(ts)), out);
  } else if (IsStruct(descriptor)) {
    out += boost::json::serialize(
        common::FromStruct(static_cast<const google::protobuf::Struct&>(message)));
  } else {
    AppendMessageJson(message, out);
  }
}

void AppendSingle(const Message& message, const FieldDescriptor* field, std::string& out) {
  const Reflection* r = message.GetReflection();
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      return AppendInteger(r->GetInt32(message, field), out);
    case FieldDescriptor::CPPTYPE_INT64:
      return AppendInteger(r->GetInt64(message, field), out);
    case FieldDescriptor::CPPTYPE_UINT32:
      return AppendInteger(r->GetUInt32(message, field), out);
    case FieldDescriptor::CPPTYPE_UINT64:
      return AppendInteger(r->GetUInt64(message, field), out);
    case FieldDescriptor::CPPTYPE_BOOL:
      out += r->GetBool(message, field) ? "true" : "false";
      return;
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string scratch;
      return AppendJsonString(r->GetStringReference(message, field, &scratch), out);
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return AppendMessageValue(r->GetMessage(message, field), out);
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT:
    case FieldDescriptor::CPPTYPE_ENUM:
      // Rare in answers; Boost.JSON's own number and string formatting keeps the bytes equal.
      out += boost::json::serialize(SingleValue(message, field));
      return;
  }
}

void AppendRepeated(const Message& message, const FieldDescriptor* field, int i, std::string& out) {
  const Reflection* r = message.GetReflection();
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      return AppendInteger(r->GetRepeatedInt32(message, field, i), out);
    case FieldDescriptor::CPPTYPE_INT64:
      return AppendInteger(r->GetRepeatedInt64(message, field, i), out);
    case FieldDescriptor::CPPTYPE_UINT32:
      return AppendInteger(r->GetRepeatedUInt32(message, field, i), out);
    case FieldDescriptor::CPPTYPE_UINT64:
      return AppendInteger(r->GetRepeatedUInt64(message, field, i), out);
    case FieldDescriptor::CPPTYPE_BOOL:
      out += r->GetRepeatedBool(message, field, i) ? "true" : "false";
      return;
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string scratch;
      return AppendJsonString(r->GetRepeatedStringReference(message, field, i, &scratch), out);
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return AppendMessageValue(r->GetRepeatedMessage(message, field, i), out);
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT:
    case FieldDescriptor::CPPTYPE_ENUM:
      out += boost::json::serialize(RepeatedValue(message, field, i));
      return;
  }
}

std::string FieldPath(std::string_view prefix, std::string_view name) {
  return prefix.empty() ? std::string(name) : std::string(prefix) + "." + std::string(name);
}

[[noreturn]] void Reject(const std::string& path, std::string_view expected) {
  throw FieldError("Invalid value for field '" + path + "': expected " + std::string(expected) +
                   ".");
}

void FillMessage(const boost::json::object& object, Message& message, const std::string& prefix);

// The parser reads an overflowing number (1e400) as infinity, which neither protobuf's JSON nor
// Postgres's jsonb can hold: refused here, naming where it stands.
void RequireFiniteNumbers(const boost::json::value& value, const std::string& path) {
  if (value.is_double() && !std::isfinite(value.get_double())) Reject(path, "a finite number");
  if (value.is_array()) {
    int index = 0;
    for (const auto& item : value.get_array()) {
      RequireFiniteNumbers(item, path + "[" + std::to_string(index++) + "]");
    }
  } else if (value.is_object()) {
    for (const auto& [key, item] : value.get_object()) {
      RequireFiniteNumbers(item, FieldPath(path, key));
    }
  }
}

int64_t IntegerOf(const boost::json::value& value, const std::string& path, int64_t min,
                  int64_t max) {
  int64_t result = 0;
  if (value.is_int64()) {
    result = value.get_int64();
  } else if (value.is_uint64() &&
             value.get_uint64() <= static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
    result = static_cast<int64_t>(value.get_uint64());
  } else {
    Reject(path, "an integer");
  }
  if (result < min || result > max) Reject(path, "an integer in range");
  return result;
}

void SetOne(Message& message, const FieldDescriptor* field, const boost::json::value& value,
            const std::string& path) {
  const Reflection* r = message.GetReflection();
  const bool repeated = field->is_repeated();
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32: {
      auto v = static_cast<int32_t>(IntegerOf(value, path, std::numeric_limits<int32_t>::min(),
                                              std::numeric_limits<int32_t>::max()));
      repeated ? r->AddInt32(&message, field, v) : r->SetInt32(&message, field, v);
      return;
    }
    case FieldDescriptor::CPPTYPE_INT64: {
      auto v = IntegerOf(value, path, std::numeric_limits<int64_t>::min(),
                         std::numeric_limits<int64_t>::max());
      repeated ? r->AddInt64(&message, field, v) : r->SetInt64(&message, field, v);
      return;
    }
    case FieldDescriptor::CPPTYPE_UINT32: {
      auto v =
          static_cast<uint32_t>(IntegerOf(value, path, 0, std::numeric_limits<uint32_t>::max()));
      repeated ? r->AddUInt32(&message, field, v) : r->SetUInt32(&message, field, v);
      return;
    }
    case FieldDescriptor::CPPTYPE_UINT64: {
      auto v =
          static_cast<uint64_t>(IntegerOf(value, path, 0, std::numeric_limits<int64_t>::max()));
      repeated ? r->AddUInt64(&message, field, v) : r->SetUInt64(&message, field, v);
      return;
    }
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT: {
      if (!value.is_number()) Reject(path, "a number");
      RequireFiniteNumbers(value, path);
      const double v = value.to_number<double>();
      if (field->cpp_type() == FieldDescriptor::CPPTYPE_FLOAT) {
        repeated ? r->AddFloat(&message, field, static_cast<float>(v))
                 : r->SetFloat(&message, field, static_cast<float>(v));
      } else {
        repeated ? r->AddDouble(&message, field, v) : r->SetDouble(&message, field, v);
      }
      return;
    }
    case FieldDescriptor::CPPTYPE_BOOL:
      if (!value.is_bool()) Reject(path, "true or false");
      repeated ? r->AddBool(&message, field, value.get_bool())
               : r->SetBool(&message, field, value.get_bool());
      return;
    case FieldDescriptor::CPPTYPE_ENUM: {
      if (!value.is_string()) Reject(path, "a string");
      const auto* enum_value = field->enum_type()->FindValueByName(std::string(value.get_string()));
      if (enum_value == nullptr) Reject(path, "one of the allowed values");
      repeated ? r->AddEnum(&message, field, enum_value) : r->SetEnum(&message, field, enum_value);
      return;
    }
    case FieldDescriptor::CPPTYPE_STRING: {
      if (!value.is_string()) Reject(path, "a string");
      std::string v(value.get_string());
      repeated ? r->AddString(&message, field, std::move(v))
               : r->SetString(&message, field, std::move(v));
      return;
    }
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      Message* child =
          repeated ? r->AddMessage(&message, field) : r->MutableMessage(&message, field);
      if (IsStruct(field->message_type())) {
        if (!value.is_object()) Reject(path, "an object");
        RequireFiniteNumbers(value, path);
        static_cast<google::protobuf::Struct&>(*child) = common::ToStruct(value.get_object());
        return;
      }
      if (IsTimestamp(field->message_type())) Reject(path, "no value (read-only)");
      if (!value.is_object()) Reject(path, "an object");
      FillMessage(value.get_object(), *child, path);
      return;
    }
  }
}

void FillMessage(const boost::json::object& object, Message& message, const std::string& prefix) {
  const Descriptor* descriptor = message.GetDescriptor();
  const FieldDescriptor* json_fields = descriptor->FindFieldByName(std::string(kJsonFieldsName));
  for (const auto& [key, value] : object) {
    if (json_fields != nullptr && IsJsonFieldsField(json_fields)) {
      message.GetReflection()->AddString(&message, json_fields, std::string(key));
    }
    const FieldDescriptor* field = descriptor->FindFieldByName(std::string(key));
    if (field == nullptr || field == json_fields || value.is_null()) continue;
    const std::string path = FieldPath(prefix, key);
    if (field->is_repeated()) {
      if (!value.is_array()) Reject(path, "a list");
      message.GetReflection()->ClearField(&message, field);
      int index = 0;
      for (const auto& element : value.get_array()) {
        SetOne(message, field, element, path + "[" + std::to_string(index++) + "]");
      }
    } else {
      SetOne(message, field, value, path);
    }
  }
}

}  // namespace

boost::json::object MessageToJson(const Message& message) {
  boost::json::object out;
  const Descriptor* descriptor = message.GetDescriptor();
  const Reflection* r = message.GetReflection();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    if (IsJsonFieldsField(field) || IsLeftOut(message, field)) continue;
    if (field->is_repeated()) {
      boost::json::array values;
      const int size = r->FieldSize(message, field);
      for (int j = 0; j < size; ++j) values.push_back(RepeatedValue(message, field, j));
      out[field->name()] = std::move(values);
    } else if (IsNullable(field) && !r->HasField(message, field)) {
      out[field->name()] = nullptr;
    } else {
      out[field->name()] = SingleValue(message, field);
    }
  }
  return out;
}

void AppendMessageJson(const Message& message, std::string& out) {
  const Descriptor* descriptor = message.GetDescriptor();
  const Reflection* r = message.GetReflection();
  out += '{';
  bool first = true;
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    if (IsJsonFieldsField(field) || IsLeftOut(message, field)) continue;
    if (!first) out += ',';
    first = false;
    AppendJsonString(field->name(), out);
    out += ':';
    if (field->is_repeated()) {
      out += '[';
      const int size = r->FieldSize(message, field);
      for (int j = 0; j < size; ++j) {
        if (j > 0) out += ',';
        AppendRepeated(message, field, j, out);
      }
      out += ']';
    } else if (IsNullable(field) && !r->HasField(message, field)) {
      out += "null";
    } else {
      AppendSingle(message, field, out);
    }
  }
  out += '}';
}

void JsonToMessage(const boost::json::object& object, Message& message) {
  FillMessage(object, message, "");
}

bool SetFieldFromString(Message& message, std::string_view name, std::string_view value) {
  const FieldDescriptor* field = message.GetDescriptor()->FindFieldByName(std::string(name));
  if (field == nullptr || !TakesTextValue(field)) return false;
  const std::string path(name);
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_INT64:
    case FieldDescriptor::CPPTYPE_UINT32:
    case FieldDescriptor::CPPTYPE_UINT64: {
      int64_t parsed = 0;
      auto [end, ec] = std::from_chars(value.data(), value.data() + value.size(), parsed);
      if (ec != std::errc() || end != value.data() + value.size()) Reject(path, "an integer");
      SetOne(message, field, boost::json::value(parsed), path);
      return true;
    }
    case FieldDescriptor::CPPTYPE_BOOL:
      if (value == "true" || value == "1") {
        SetOne(message, field, boost::json::value(true), path);
      } else if (value == "false" || value == "0") {
        SetOne(message, field, boost::json::value(false), path);
      } else {
        Reject(path, "true or false");
      }
      return true;
    case FieldDescriptor::CPPTYPE_STRING:
    case FieldDescriptor::CPPTYPE_ENUM:
      // JSON bodies are checked by the parser; URL parameters arrive as raw bytes.
      if (!common::IsValidUtf8(value) || common::HasNul(value)) {
        Reject(path, "UTF-8 text without NUL characters");
      }
      SetOne(message, field, boost::json::value(boost::json::string(value)), path);
      return true;
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT:
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return false;
  }
  return false;
}

bool HasField(const Message& message, std::string_view name) {
  const FieldDescriptor* field = message.GetDescriptor()->FindFieldByName(std::string(name));
  if (field == nullptr) return false;
  if (field->is_repeated()) return message.GetReflection()->FieldSize(message, field) > 0;
  if (!field->has_presence()) return false;
  return message.GetReflection()->HasField(message, field);
}

bool IsJsonFieldsField(const FieldDescriptor* field) {
  return field->name() == kJsonFieldsName && field->is_repeated() &&
         field->cpp_type() == FieldDescriptor::CPPTYPE_STRING;
}

bool IsNullable(const FieldDescriptor* field) {
  return field->has_presence() && !field->is_repeated() && !IsOmittedWhenUnset(field);
}

bool IsOmittedWhenUnset(const FieldDescriptor* field) {
  return field->options().GetExtension(common::v1::omitted_when_unset);
}

bool IsTimestamp(const Descriptor* message) {
  return message->full_name() == "google.protobuf.Timestamp";
}

bool IsStruct(const Descriptor* message) {
  return message->full_name() == "google.protobuf.Struct";
}

bool TakesTextValue(const FieldDescriptor* field) {
  if (field->is_repeated()) return false;
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_INT64:
    case FieldDescriptor::CPPTYPE_UINT32:
    case FieldDescriptor::CPPTYPE_UINT64:
    case FieldDescriptor::CPPTYPE_BOOL:
    case FieldDescriptor::CPPTYPE_STRING:
    case FieldDescriptor::CPPTYPE_ENUM:
      return true;
    case FieldDescriptor::CPPTYPE_DOUBLE:
    case FieldDescriptor::CPPTYPE_FLOAT:
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return false;
  }
  return false;
}

}  // namespace sanplane::gateway
