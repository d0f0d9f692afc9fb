#pragma once
// JSON Schemas (draft 2020-12, the dialect of OpenAPI 3.1) of protobuf messages, derived from their
// descriptors by the rules json_codec converts them with, so the description of a message cannot
// drift from the JSON the gateway sends and accepts:
//  - an answer carries every field (json_fields excepted), so all are required and no others
//    appear; unset `optional` scalars and messages are null;
//  - a request may send any subset of the fields and unknown keys are ignored; null leaves an
//    `optional` field or a message unset; Timestamps are read-only and not accepted.
// Messages become components of `#/components/schemas`, named by their short proto name; the
// request form of a message has the suffix "Input".

#include <google/protobuf/descriptor.h>

#include <boost/json/object.hpp>
#include <map>
#include <string>
#include <vector>

namespace sanplane::gateway {

enum class Direction { kResponse, kRequest };

class MessageSchemas {
 public:
  /// `{"$ref": …}` to the component of `message`, added on first use.
  boost::json::object RefTo(const google::protobuf::Descriptor* message, Direction direction);

  /// The object schema of `message` itself, without the top-level fields named in `omitted`.
  boost::json::object ObjectSchema(const google::protobuf::Descriptor* message, Direction direction,
                                   const std::vector<std::string>& omitted = {});

  /// The schema of a field's value: the element for a repeated field, never null.
  boost::json::object ValueSchema(const google::protobuf::FieldDescriptor* field,
                                  Direction direction);

  /// False for a field a request cannot carry (Timestamps are read-only).
  static bool AcceptedInRequests(const google::protobuf::FieldDescriptor* field);

  /// Every component referenced so far, by name.
  const boost::json::object& components() const { return components_; }

 private:
  boost::json::object FieldSchema(const google::protobuf::FieldDescriptor* field,
                                  Direction direction);
  std::string ComponentName(const google::protobuf::Descriptor* message, Direction direction);

  boost::json::object components_;
  std::map<std::string, const google::protobuf::Descriptor*> named_;
};

}  // namespace sanplane::gateway
