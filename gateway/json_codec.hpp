#pragma once
// JSON <-> protobuf by reflection, so every REST endpoint is a route row rather than hand-written
// conversion code. The JSON shapes of API.md are the proto messages' shapes:
//  - field names are the proto field names (snake_case);
//  - int64 fields are JSON numbers (not the strings of the canonical proto3 JSON mapping);
//  - unset `optional` scalars and unset message fields render as null, but for fields marked
//    `[(sanplane.common.v1.omitted_when_unset) = true]`, which are left out while unset;
//  - google.protobuf.Timestamp renders as RFC 3339 UTC with microseconds and `Z`;
//  - google.protobuf.Struct renders as a JSON object.
// A request message that declares `repeated string json_fields` receives the keys present in its
// JSON object, so services can tell "absent" from "empty" (e.g. a zone's `members`).

#include <google/protobuf/descriptor.h>
#include <google/protobuf/message.h>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <string>
#include <string_view>

namespace sanplane::gateway {

/// A request value of the wrong type; `what()` is the message for the client, naming the field.
class FieldError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

boost::json::object MessageToJson(const google::protobuf::Message& message);

/// Appends to `out` exactly the bytes of boost::json::serialize(MessageToJson(message)), written
/// straight from the message: no tree of values, so a list of thousands of records costs one pass
/// and the string it grows.
void AppendMessageJson(const google::protobuf::Message& message, std::string& out);

/// Sets the fields named by the object's keys. Unknown keys are ignored (clients send whole records
/// back, including read-only fields); null leaves a field unset. Throws FieldError.
void JsonToMessage(const boost::json::object& object, google::protobuf::Message& message);

/// Sets the top-level field `name` from a path or query parameter (integers parsed strictly).
/// Returns false when the message has no such field. Throws FieldError on a bad value.
bool SetFieldFromString(google::protobuf::Message& message, std::string_view name,
                        std::string_view value);

/// True when the message has a top-level field `name` that is set (or non-empty when repeated).
bool HasField(const google::protobuf::Message& message, std::string_view name);

// The codec's rules about fields, asked by the API description (openapi.cpp) too, so the
// description and the conversion cannot disagree.

/// `repeated string json_fields`: filled with the request's JSON keys, never read from JSON and
/// never rendered.
bool IsJsonFieldsField(const google::protobuf::FieldDescriptor* field);
/// Rendered as null when unset (an `optional` scalar or a message); null in a request leaves it
/// unset.
bool IsNullable(const google::protobuf::FieldDescriptor* field);
/// Marked `omitted_when_unset`: left out of an answer while unset, never null.
bool IsOmittedWhenUnset(const google::protobuf::FieldDescriptor* field);
/// google.protobuf.Timestamp: an RFC 3339 UTC string, read-only.
bool IsTimestamp(const google::protobuf::Descriptor* message);
/// google.protobuf.Struct: any JSON object.
bool IsStruct(const google::protobuf::Descriptor* message);
/// SetFieldFromString can set it, so a path or query parameter can carry it.
bool TakesTextValue(const google::protobuf::FieldDescriptor* field);

}  // namespace sanplane::gateway
