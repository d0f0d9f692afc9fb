#pragma once
// The audit stamp of a versioned message (Customer, Project) to and from common::RecordStamp,
// which the conflict payload (common::ConflictError) is built from, and why a compare-and-set of
// one matched nothing.

#include <cstdint>
#include <optional>
#include <utility>

#include "common/errors.hpp"
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

/// Why a compare-and-set of an `entity` ("customer", "project") matched no row, given `current`,
/// the record as the caller may see it now: NOT_FOUND with `not_found` when it is missing or
/// invisible, the version conflict when it moved on past `expected_version`. Otherwise it is still
/// at the caller's version, and returned.
template <class Message>
Message CurrentAtVersion(std::optional<Message> current, int64_t expected_version,
                         const char* entity, const char* not_found) {
  if (!current) {
    throw common::Error(common::ErrorKind::kNotFound, not_found);
  }
  if (current->version() != expected_version) {
    throw common::ConflictError(entity, StampOf(*current));
  }
  return std::move(*current);
}

}  // namespace sanplane::identity
