#pragma once
// The rules every versioned record follows (DESIGN.md §3, API.md), written once for every service:
// the version an update or delete must carry, field errors, the conflict details, and
// the retry of a transaction Postgres aborted for a deadlock or serialization failure. Every
// Update*/Delete* handler starts with RequireVersion and words its 400s with InvalidFields.

#include <algorithm>
#include <boost/json/object.hpp>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "common/errors.hpp"

namespace sanplane::common {

struct RecordStamp {
  int64_t version = 0;
  std::optional<std::string> last_modified_by;
  int64_t last_modified_at_micros = 0;
};

/// Who moved `entity` ("zone", "storage system") on, and when: the detail of every version
/// conflict, single-record or batch item. The gateway words it.
v1::VersionConflict VersionConflictOf(const std::string& entity, const RecordStamp& current);

/// The 409 of a single-record PUT/PATCH/DELETE (entity "storage system", "fabric", …):
/// Error(kVersionConflict) carrying VersionConflictOf(entity, current). Also counts
/// sanplane_version_conflicts_total{entity}.
Error ConflictError(const std::string& entity, const RecordStamp& current);

/// The 428 of a single-record update or delete without a version: Error(kVersionRequired) carrying
/// VersionRequired.
Error VersionRequiredError();

/// Counts one conflict in sanplane_version_conflicts_total{entity} (batch saves call it per item).
void CountConflict(const std::string& entity);

/// Per-field messages of a 400, {field: message} in the order they were found. Every service and
/// the web UI's one reader use the same key for them: {"error": "...", "errors": {field: message}}.
using FieldErrors = boost::json::object;

/// Records `message` for `field` unless the field already has one (the first problem is named).
void AddFieldError(FieldErrors& errors, std::string_view field, std::string_view message);

/// The typed form of `errors`, order kept.
v1::FieldViolations FieldViolationsOf(const FieldErrors& errors);

/// 400 naming each bad field: Error(kInvalidArgument, message) carrying FieldViolationsOf(errors).
Error InvalidFields(const std::string& message, const FieldErrors& errors);

/// The version a single-record update or delete must carry (no silent last-writer-wins): returned
/// when sent; sent as JSON null (the key is named, yet no value arrived) is a 400 naming the field;
/// missing is VersionRequiredError (428).
int64_t RequireVersion(bool has_version, int64_t version, bool named_as_null);

/// The same for a request message: `version` (optional field) and, when the message has them,
/// `json_fields` (the keys the JSON body named).
template <class Request>
int64_t RequireVersion(const Request& request) {
  bool named = false;
  if constexpr (requires { request.json_fields(); }) {
    const auto& keys = request.json_fields();
    named = std::find(keys.begin(), keys.end(), "version") != keys.end();
  }
  return RequireVersion(request.has_version(), request.version(), !request.has_version() && named);
}

/// What a caller is told when every attempt of a transaction was aborted by Postgres.
inline constexpr char kCollisionMessage[] =
    "The save collided with another one; nothing was saved. Please try again.";

/// Runs `attempt` (one whole transaction) until it completes. A deadlock or serialization failure
/// rolled everything back, so it runs again after a short jittered pause (two colliding writers do
/// not collide again in lockstep), at most `attempts` times in all; then
/// Error(kVersionConflict, exhausted_message). Other exceptions propagate at once.
void RunWithRetries(int attempts, const std::function<void()>& attempt,
                    const std::string& exhausted_message = kCollisionMessage);

}  // namespace sanplane::common
