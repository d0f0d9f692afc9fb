#include "common/json_struct.hpp"

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/string.hpp>
#include <cmath>

namespace sanplane::common {
namespace {

// 2^63: the first double above the int64 range (INT64_MAX itself is not representable).
constexpr double kTwoPow63 = 9223372036854775808.0;

bool IsWholeInt64(double number) {
  return std::isfinite(number) && std::trunc(number) == number && number >= -kTwoPow63 &&
         number < kTwoPow63;
}

}  // namespace

google::protobuf::Struct ToStruct(const boost::json::object& object) {
  google::protobuf::Struct proto;
  auto& fields = *proto.mutable_fields();
  for (const auto& [key, value] : object) {
    fields[std::string(key)] = ToProtoValue(value);
  }
  return proto;
}

google::protobuf::Value ToProtoValue(const boost::json::value& value) {
  google::protobuf::Value proto;
  switch (value.kind()) {
    case boost::json::kind::null:
      proto.set_null_value(google::protobuf::NULL_VALUE);
      break;
    case boost::json::kind::bool_:
      proto.set_bool_value(value.get_bool());
      break;
    case boost::json::kind::int64:
      proto.set_number_value(static_cast<double>(value.get_int64()));
      break;
    case boost::json::kind::uint64:
      proto.set_number_value(static_cast<double>(value.get_uint64()));
      break;
    case boost::json::kind::double_:
      proto.set_number_value(value.get_double());
      break;
    case boost::json::kind::string:
      proto.set_string_value(std::string(value.get_string()));
      break;
    case boost::json::kind::array: {
      auto& list = *proto.mutable_list_value();
      for (const auto& item : value.get_array()) {
        *list.add_values() = ToProtoValue(item);
      }
      break;
    }
    case boost::json::kind::object:
      *proto.mutable_struct_value() = ToStruct(value.get_object());
      break;
  }
  return proto;
}

boost::json::object FromStruct(const google::protobuf::Struct& proto) {
  boost::json::object object;
  for (const auto& [key, value] : proto.fields()) {
    object[key] = FromProtoValue(value);
  }
  return object;
}

boost::json::value FromProtoValue(const google::protobuf::Value& proto) {
  switch (proto.kind_case()) {
    case google::protobuf::Value::kNullValue:
    case google::protobuf::Value::KIND_NOT_SET:
      return nullptr;
    case google::protobuf::Value::kBoolValue:
      return proto.bool_value();
    case google::protobuf::Value::kNumberValue: {
      const double number = proto.number_value();
      if (IsWholeInt64(number)) {
        return static_cast<int64_t>(number);
      }
      return number;
    }
    case google::protobuf::Value::kStringValue:
      return boost::json::string(proto.string_value());
    case google::protobuf::Value::kListValue: {
      boost::json::array array;
      array.reserve(static_cast<size_t>(proto.list_value().values_size()));
      for (const auto& item : proto.list_value().values()) {
        array.push_back(FromProtoValue(item));
      }
      return array;
    }
    case google::protobuf::Value::kStructValue:
      return FromStruct(proto.struct_value());
  }
  return nullptr;
}

}  // namespace sanplane::common
