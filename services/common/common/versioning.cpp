#include "common/versioning.hpp"

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

}  // namespace sanplane::common
