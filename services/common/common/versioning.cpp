#include "common/versioning.hpp"

#include <chrono>
#include <pqxx/except>
#include <random>
#include <thread>

#include "common/log.hpp"
#include "common/metrics.hpp"
#include "common/time.hpp"

namespace sanplane::common {
namespace {

std::string ModifierName(const RecordStamp& stamp) {
  return stamp.last_modified_by.value_or("another user");
}

boost::json::value ModifierValue(const RecordStamp& stamp) {
  if (stamp.last_modified_by) {
    return boost::json::string(*stamp.last_modified_by);
  }
  return nullptr;
}

}  // namespace

boost::json::object BatchConflictErrors(const std::string& entity, const RecordStamp& current) {
  return {
      {"version", "Conflict: This " + entity + " was modified by " + ModifierName(current) +
                      " at " + FormatHumanUtc(current.last_modified_at_micros) +
                      ". Please refresh and try again."},
      {"current_version", current.version},
      {"last_modified_by", ModifierValue(current)},
      {"last_modified_at", FormatRfc3339(current.last_modified_at_micros)},
  };
}

Error ConflictError(const std::string& entity, const RecordStamp& current) {
  CountConflict(entity);
  std::string message = "This " + entity + " was modified by " + ModifierName(current) +
                        ". Please reload and try again.";
  boost::json::object body{
      {"error", "Conflict"},
      {"message", message},
      {"current_version", current.version},
      {"last_modified_by", ModifierValue(current)},
      {"last_modified_at", FormatRfc3339(current.last_modified_at_micros)},
  };
  return Error(ErrorKind::kVersionConflict, std::move(message), std::move(body));
}

Error VersionRequiredError() {
  std::string message = "Send the version you loaded (field version or header If-Match).";
  boost::json::object body{{"error", "Precondition Required"}, {"message", message}};
  return Error(ErrorKind::kVersionRequired, std::move(message), std::move(body));
}

void CountConflict(const std::string& entity) {
  Metrics::Get().version_conflicts.Add({{"entity", entity}}).Increment();
}

void AddFieldError(FieldErrors& errors, std::string_view field, std::string_view message) {
  if (!errors.contains(field)) errors[field] = message;
}

Error InvalidFields(const std::string& message, FieldErrors errors) {
  return Error(ErrorKind::kInvalidArgument, message,
               boost::json::object{{"error", message}, {kFieldErrorsKey, std::move(errors)}});
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
