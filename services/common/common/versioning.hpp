#pragma once
// The error bodies of the optimistic-concurrency contract (DESIGN.md §3, API.md). One place, so
// every entity words its conflicts the same way.

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>

#include "common/errors.hpp"

namespace sanplane::common {

struct RecordStamp {
  int64_t version = 0;
  std::optional<std::string> last_modified_by;
  int64_t last_modified_at_micros = 0;
};

/// Per-item `errors` of a batch save that lost the race (entity "zone" / "alias"):
/// {"version":"Conflict: This zone was modified by john at 2025-10-23 12:30:00. Please refresh and
///  try again.","current_version":6,"last_modified_by":"john","last_modified_at":"…Z"}
/// ("another user" when nobody is recorded).
boost::json::object BatchConflictErrors(const std::string& entity, const RecordStamp& current);

/// The 409 of a single-record PUT/PATCH/DELETE (entity "storage system", "fabric", …):
/// Error(kVersionConflict) with body {"error":"Conflict","message":"This storage system was
/// modified by bob. Please reload and try again.","current_version":7,"last_modified_by":"bob",
/// "last_modified_at":"…Z"}. Also counts sanplane_version_conflicts_total{entity}.
Error ConflictError(const std::string& entity, const RecordStamp& current);

/// The 428 of a single-record update or delete without a version: Error(kVersionRequired) with body
/// {"error":"Precondition Required","message":"Send the version you loaded (field version or
/// header If-Match)."}
Error VersionRequiredError();

/// Counts one conflict in sanplane_version_conflicts_total{entity} (batch saves call it per item).
void CountConflict(const std::string& entity);

}  // namespace sanplane::common
