#pragma once
// Conversion between Boost.JSON values and google.protobuf.Struct / Value.

#include <google/protobuf/struct.pb.h>

#include <boost/json/value.hpp>

namespace sanplane::common {

google::protobuf::Struct ToStruct(const boost::json::object& object);
google::protobuf::Value ToProtoValue(const boost::json::value& value);
boost::json::object FromStruct(const google::protobuf::Struct& proto);
/// Numbers that are whole and fit in int64 come back as int64 (Struct stores doubles).
boost::json::value FromProtoValue(const google::protobuf::Value& proto);

}  // namespace sanplane::common
