#pragma once
// The audit stamp (version, last_modified_by, last_modified_at) on the record messages of the
// storage API, which all name those fields alike.

#include "common/time.hpp"
#include "common/versioning.hpp"

namespace sanplane::storage {

template <class Record>
void SetStamp(Record& record, const common::RecordStamp& stamp) {
  record.set_version(stamp.version);
  if (stamp.last_modified_by) record.set_last_modified_by(*stamp.last_modified_by);
  *record.mutable_last_modified_at() = common::TimestampFromMicros(stamp.last_modified_at_micros);
}

template <class Record>
common::RecordStamp StampOf(const Record& record) {
  common::RecordStamp stamp;
  stamp.version = record.version();
  if (record.has_last_modified_by()) stamp.last_modified_by = record.last_modified_by();
  stamp.last_modified_at_micros = common::MicrosFromTimestamp(record.last_modified_at());
  return stamp;
}

}  // namespace sanplane::storage
