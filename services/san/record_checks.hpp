#pragma once
// The rules every Store implementation applies to a single-record write, worded once: the stored
// record must be one the caller may see (else 404) and still at the version the caller read (else
// 409), and a fabric's name is unique per customer.

#include <cstdint>
#include <map>
#include <string>

#include "common/errors.hpp"
#include "common/principal.hpp"
#include "common/versioning.hpp"

namespace sanplane::san {

/// The words a single-record request uses for its kind of record.
struct RecordKind {
  const char* entity;     // of the conflict body; its kind in the view san.record_stamps
  const char* not_found;  // the 404 message
};
inline constexpr RecordKind kFabricKind{"fabric", "Fabric not found."};
inline constexpr RecordKind kAliasKind{"alias", "Alias not found"};
inline constexpr RecordKind kZoneKind{"zone", "Zone not found"};

inline common::Error NotFound(std::string message) {
  return common::Error(common::ErrorKind::kNotFound, std::move(message));
}

inline common::Error FabricNameTakenError(const std::string& name) {
  return common::Error(common::ErrorKind::kAlreadyExists,
                       "A fabric named " + name + " already exists for this customer.");
}

template <class Row>
const Row* Find(const std::map<int64_t, Row>& rows, int64_t id) {
  const auto row = rows.find(id);
  return row == rows.end() ? nullptr : &row->second;
}

/// The stored record a single-record write starts from must be one the caller may see (404) and
/// still at the version the caller read (409).
template <class Row>
const Row& RequireCurrent(const Row* row, const common::Principal& principal, int64_t expected,
                          const RecordKind& kind) {
  if (row == nullptr || !common::CanAccessCustomer(principal, row->customer_id)) {
    throw NotFound(kind.not_found);
  }
  if (row->stamp.version != expected) throw common::ConflictError(kind.entity, row->stamp);
  return *row;
}

}  // namespace sanplane::san
