#pragma once
// SQL row conversions and error translation shared by the Postgres stores of this service.

#include <cstdint>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/errors.hpp"
#include "common/pg_encode.hpp"
#include "common/time.hpp"
#include "common/versioning.hpp"

namespace sanplane::identity {

using common::StampAt;

/// Copies a stamp into a versioned message (Customer, Project).
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

/// Runs `statement` (a call into PgPool::Transaction) and turns a unique-constraint violation
/// into common::Error(kAlreadyExists, message), the wording a person understands.
template <class Statement>
auto RethrowDuplicateAs(const char* message, Statement&& statement) {
  try {
    return statement();
  } catch (const pqxx::unique_violation&) {
    throw common::Error(common::ErrorKind::kAlreadyExists, message);
  }
}

}  // namespace sanplane::identity
