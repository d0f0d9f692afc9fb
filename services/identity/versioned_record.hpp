#pragma once
// The audit stamp of a versioned message (Customer, Project) to and from common::RecordStamp,
// which the conflict payload (common::ConflictError) is built from.

#include "common/time.hpp"
#include "common/versioning.hpp"

namespace sanplane::identity {

/// Copies a stamp into a versioned message.
template <class Message>
void SetStamp(Message& message, const common::RecordStamp& stamp) {
  message.set_version(stamp.version);
  if (stamp.last_modified_by) {
    message.set_last_modified_by(*stamp.last_modified_by);
  }
  *message.mutable_last_modified_at() = common::TimestampFromMicros(stamp.last_modified_at_micros);
}

/// The stamp of a versioned message, for the conflict payload.
template <class Message>
common::RecordStamp StampOf(const Message& message) {
  common::RecordStamp stamp;
  stamp.version = message.version();
  if (message.has_last_modified_by()) {
    stamp.last_modified_by = message.last_modified_by();
  }
  stamp.last_modified_at_micros = common::MicrosFromTimestamp(message.last_modified_at());
  return stamp;
}

}  // namespace sanplane::identity
