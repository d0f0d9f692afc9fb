#include "common/merge_items.hpp"

#include <google/protobuf/descriptor.h>
#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/serialize.hpp>
#include <memory>

#include "common/json_struct.hpp"
#include "common/time.hpp"

namespace sanplane::common {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

/// What a save item carries beside the record's fields (`partial`: PUT or PATCH of one record).
bool IsRequestOnly(const std::string& name) {
  return name == "id" || name == "version" || name == "base_version" || name == "json_fields" ||
         name == "partial";
}

boost::json::object FieldsOf(const Message& message, bool nulls_for_unset);

boost::json::value ValueOf(const Message& message, const FieldDescriptor& field, int index) {
  const Reflection& reflection = *message.GetReflection();
  const bool repeated = field.is_repeated();
  switch (field.cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      return repeated ? reflection.GetRepeatedInt32(message, &field, index)
                      : reflection.GetInt32(message, &field);
    case FieldDescriptor::CPPTYPE_INT64:
      return repeated ? reflection.GetRepeatedInt64(message, &field, index)
                      : reflection.GetInt64(message, &field);
    case FieldDescriptor::CPPTYPE_UINT32:
      return repeated ? reflection.GetRepeatedUInt32(message, &field, index)
                      : reflection.GetUInt32(message, &field);
    case FieldDescriptor::CPPTYPE_UINT64:
      return repeated ? reflection.GetRepeatedUInt64(message, &field, index)
                      : reflection.GetUInt64(message, &field);
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return repeated ? reflection.GetRepeatedDouble(message, &field, index)
                      : reflection.GetDouble(message, &field);
    case FieldDescriptor::CPPTYPE_FLOAT:
      return repeated ? reflection.GetRepeatedFloat(message, &field, index)
                      : reflection.GetFloat(message, &field);
    case FieldDescriptor::CPPTYPE_BOOL:
      return repeated ? reflection.GetRepeatedBool(message, &field, index)
                      : reflection.GetBool(message, &field);
    case FieldDescriptor::CPPTYPE_ENUM:
      return repeated ? reflection.GetRepeatedEnumValue(message, &field, index)
                      : reflection.GetEnumValue(message, &field);
    case FieldDescriptor::CPPTYPE_STRING:
      return boost::json::string(repeated ? reflection.GetRepeatedString(message, &field, index)
                                          : reflection.GetString(message, &field));
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      const Message& element = repeated ? reflection.GetRepeatedMessage(message, &field, index)
                                        : reflection.GetMessage(message, &field);
      // Free-form attributes: the JSON object they are, as the history keeps it.
      if (field.message_type()->full_name() == "google.protobuf.Struct") {
        return FromStruct(static_cast<const google::protobuf::Struct&>(element));
      }
      // An element of a list (a zone member): only the fields it has, as the history keeps it.
      return FieldsOf(element, false);
    }
  }
  return nullptr;
}

boost::json::value FieldValue(const Message& message, const FieldDescriptor& field) {
  const Reflection& reflection = *message.GetReflection();
  if (field.is_repeated()) {
    boost::json::array list;
    for (int i = 0; i < reflection.FieldSize(message, &field); ++i) {
      list.push_back(ValueOf(message, field, i));
    }
    return list;
  }
  if (field.has_presence() && !reflection.HasField(message, &field)) return nullptr;
  return ValueOf(message, field, -1);
}

/// Every field of `message` but the request-only ones; an unset optional field as null, or left
/// out when `nulls_for_unset` is false.
boost::json::object FieldsOf(const Message& message, bool nulls_for_unset) {
  boost::json::object fields;
  const auto& descriptor = *message.GetDescriptor();
  for (int i = 0; i < descriptor.field_count(); ++i) {
    const FieldDescriptor& field = *descriptor.field(i);
    if (IsRequestOnly(field.name())) continue;
    boost::json::value value = FieldValue(message, field);
    if (value.is_null() && !nulls_for_unset) continue;
    fields[field.name()] = std::move(value);
  }
  return fields;
}

void ParseInto(const boost::json::object& fields, Message& message, bool ignore_unknown) {
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = ignore_unknown;
  const auto status = google::protobuf::util::JsonStringToMessage(boost::json::serialize(fields),
                                                                  &message, options);
  if (!status.ok()) {
    throw Error(ErrorKind::kInternal,
                "A record's history does not fit its save item: " + status.ToString());
  }
}

const FieldDescriptor& FieldNamed(const Message& message, const char* name) {
  const FieldDescriptor* field = message.GetDescriptor()->FindFieldByName(name);
  if (field == nullptr) {
    throw Error(ErrorKind::kInternal, std::string("A save item without ") + name + ".");
  }
  return *field;
}

std::vector<std::string> SentKeys(const Message& item) {
  const Reflection& reflection = *item.GetReflection();
  const FieldDescriptor& keys = FieldNamed(item, "json_fields");
  std::vector<std::string> sent;
  for (int i = 0; i < reflection.FieldSize(item, &keys); ++i) {
    sent.push_back(reflection.GetRepeatedString(item, &keys, i));
  }
  return sent;
}

/// Replaces `item` by the `version` save of `fields` onto record `id` at `version`.
void RewriteItem(Message& item, boost::json::object fields, int64_t id, int64_t version) {
  std::vector<std::string> keys;
  for (const auto& entry : fields) keys.emplace_back(entry.key());
  fields["id"] = id;
  fields["version"] = version;
  item.Clear();
  ParseInto(fields, item, false);
  const Reflection& reflection = *item.GetReflection();
  const FieldDescriptor& sent = FieldNamed(item, "json_fields");
  for (const char* key : {"id", "version"}) reflection.AddString(&item, &sent, key);
  for (const std::string& key : keys) reflection.AddString(&item, &sent, key);
}

}  // namespace

boost::json::object RecordAsItemFields(const boost::json::object& record, const Message& item) {
  std::unique_ptr<Message> parsed(item.New());
  boost::json::object fields = record;
  for (const char* key : {"id", "version", "base_version", "json_fields", "partial"}) {
    fields.erase(key);
  }
  ParseInto(fields, *parsed, true);
  return FieldsOf(*parsed, true);
}

boost::json::object SentItemFields(const Message& item) {
  boost::json::object fields;
  for (const std::string& key : SentKeys(item)) {
    if (IsRequestOnly(key)) continue;
    const FieldDescriptor* field = item.GetDescriptor()->FindFieldByName(key);
    if (field == nullptr) continue;
    fields[key] = FieldValue(item, *field);
  }
  return fields;
}

ItemMerge MergeItem(Message& item, const MergeBase& base, const MergeRules& rules) {
  const Reflection& reflection = *item.GetReflection();
  ItemMerge merge;
  merge.id = reflection.GetInt64(item, &FieldNamed(item, "id"));
  const int64_t base_version = reflection.GetInt64(item, &FieldNamed(item, "base_version"));
  if (!base.exists) {
    // Gone (or not the caller's): the save reports it as it reports any stale item.
    RewriteItem(item, SentItemFields(item), merge.id, base_version);
    return merge;
  }
  if (!base.base_found) {
    throw InvalidFields("base_version is not in the record's history.",
                        {{"base_version", "Version " + std::to_string(base_version) +
                                              " is not in this record's history; reload it."}});
  }
  merge.outcome =
      ThreeWayMerge(RecordAsItemFields(base.base, item), RecordAsItemFields(base.current, item),
                    SentItemFields(item), base.authors, rules);
  RewriteItem(item, merge.outcome.fields, merge.id, base.stamp.version);
  return merge;
}

Error MergeConflictsError(const std::vector<ItemMerge>& merges) {
  v1::ErrorDetails details;
  auto& conflicts = *details.mutable_merge_conflicts();
  for (const ItemMerge& merge : merges) {
    for (const MergeConflict& conflict : merge.outcome.conflicts) {
      v1::MergeConflict& out = *conflicts.add_conflicts();
      out.set_field(conflict.field);
      *out.mutable_base() = ToProtoValue(conflict.base);
      *out.mutable_theirs() = ToProtoValue(conflict.theirs);
      *out.mutable_mine() = ToProtoValue(conflict.mine);
      if (conflict.author.by) out.set_changed_by(*conflict.author.by);
      *out.mutable_changed_at() = TimestampFromMicros(conflict.author.at_micros);
      out.set_id(merge.id);
    }
  }
  return Error(ErrorKind::kVersionConflict,
               "Someone else changed the same fields since you loaded them; nothing was saved.",
               std::move(details));
}

v1::MergeReport MergeReportOf(const ItemMerge& merge) {
  v1::MergeReport report;
  report.set_id(merge.id);
  report.set_merged(!merge.outcome.theirs.empty());
  for (const std::string& field : merge.outcome.mine) report.add_mine(field);
  for (const auto& [field, author] : merge.outcome.theirs) {
    v1::MergedField& theirs = *report.add_theirs();
    theirs.set_field(field);
    if (author.by) theirs.set_changed_by(*author.by);
    *theirs.mutable_changed_at() = TimestampFromMicros(author.at_micros);
  }
  return report;
}

}  // namespace sanplane::common
