#include "common/versioning.hpp"

#include <boost/json/serialize.hpp>
#include <chrono>
#include <pqxx/except>
#include <random>
#include <thread>

#include "common/log.hpp"
#include "common/metrics.hpp"
#include "common/time.hpp"

namespace sanplane::common {
namespace {

// Says nothing a REST client reads (the gateway words the body), but a gRPC caller and the logs
// learn who moved the record on.
std::string ConflictMessage(const std::string& entity, const RecordStamp& current) {
  return "The " + entity + " was modified by " + current.last_modified_by.value_or("another user") +
         " since it was loaded (now version " + std::to_string(current.version) + ").";
}

}  // namespace

v1::VersionConflict VersionConflictOf(const std::string& entity, const RecordStamp& current) {
  v1::VersionConflict conflict;
  conflict.set_entity(entity);
  conflict.set_current_version(current.version);
  if (current.last_modified_by) conflict.set_last_modified_by(*current.last_modified_by);
  *conflict.mutable_last_modified_at() = TimestampFromMicros(current.last_modified_at_micros);
  return conflict;
}

Error ConflictError(const std::string& entity, const RecordStamp& current) {
  CountConflict(entity);
  v1::ErrorDetails details;
  *details.mutable_version_conflict() = VersionConflictOf(entity, current);
  return Error(ErrorKind::kVersionConflict, ConflictMessage(entity, current), std::move(details));
}

Error VersionRequiredError() {
  v1::ErrorDetails details;
  details.mutable_version_required();
  return Error(ErrorKind::kVersionRequired, "The version the record was loaded at is required.",
               std::move(details));
}

void CountConflict(const std::string& entity) {
  Metrics::Get().version_conflicts.Add({{"entity", entity}}).Increment();
}

void AddFieldError(FieldErrors& errors, std::string_view field, std::string_view message) {
  if (!errors.contains(field)) errors[field] = message;
}

v1::FieldViolations FieldViolationsOf(const FieldErrors& errors) {
  v1::FieldViolations violations;
  for (const auto& [field, message] : errors) {
    v1::FieldViolation& violation = *violations.add_violations();
    violation.set_field(field);
    violation.set_message(message.is_string() ? std::string(message.get_string())
                                              : boost::json::serialize(message));
  }
  return violations;
}

Error InvalidFields(const std::string& message, const FieldErrors& errors) {
  v1::ErrorDetails details;
  *details.mutable_field_violations() = FieldViolationsOf(errors);
  return Error(ErrorKind::kInvalidArgument, message, std::move(details));
}

int64_t RequireVersion(bool has_version, int64_t version, bool named_as_null) {
  if (has_version) return version;
  if (named_as_null) {
    throw InvalidFields("The version must be an integer (the version you loaded), not null.",
                        {{"version", "A valid integer is required."}});
  }
  throw VersionRequiredError();
}

void RunWithRetries(int attempts, const std::function<void()>& attempt,
                    const std::string& exhausted_message) {
  thread_local std::minstd_rand random(std::random_device{}());
  for (int made = 1;; ++made) {
    try {
      attempt();
      return;
    } catch (const pqxx::transaction_rollback& error) {
      // Deadlocks and serialization failures; other rollbacks are not retried.
      if (dynamic_cast<const pqxx::deadlock_detected*>(&error) == nullptr &&
          dynamic_cast<const pqxx::serialization_failure*>(&error) == nullptr) {
        throw;
      }
      log::Warn("transaction aborted",
                {{"attempt", made}, {"of", attempts}, {"error", error.what()}});
      if (made >= attempts) break;
    }
    std::uniform_int_distribution<int> jitter(0, 20);
    std::this_thread::sleep_for(std::chrono::milliseconds(10 * made + jitter(random)));
  }
  throw Error(ErrorKind::kVersionConflict, exhausted_message);
}

}  // namespace sanplane::common
