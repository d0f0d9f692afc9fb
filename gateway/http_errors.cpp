#include "http_errors.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/json/array.hpp>
#include <boost/json/parse.hpp>
#include <string>

#include "common/errors.hpp"
#include "common/json_struct.hpp"
#include "common/log.hpp"
#include "common/time.hpp"
#include "json_codec.hpp"

namespace sanplane::gateway {
namespace {

using common::v1::BatchFailure;
using common::v1::ErrorDetails;
using common::v1::FieldViolations;
using common::v1::VersionConflict;

// The key of field errors in every 400 that names fields; the web UI reads it.
constexpr char kFieldErrorsKey[] = "errors";

std::string ModifierName(const VersionConflict& conflict) {
  return conflict.has_last_modified_by() ? conflict.last_modified_by() : "another user";
}

boost::json::value ModifierValue(const VersionConflict& conflict) {
  if (conflict.has_last_modified_by()) return boost::json::string(conflict.last_modified_by());
  return nullptr;
}

int64_t ModifiedAtMicros(const VersionConflict& conflict) {
  return common::MicrosFromTimestamp(conflict.last_modified_at());
}

boost::json::object FieldErrorsBody(const FieldViolations& violations) {
  boost::json::object errors;
  for (const auto& violation : violations.violations()) {
    // The first problem named for a field is the one the client sees.
    if (!errors.contains(violation.field())) errors[violation.field()] = violation.message();
  }
  return errors;
}

boost::json::object SingleConflictBody(const VersionConflict& conflict) {
  return {
      {"error", "Conflict"},
      {"message", "This " + conflict.entity() + " was modified by " + ModifierName(conflict) +
                      ". Please reload and try again."},
      {"current_version", conflict.current_version()},
      {"last_modified_by", ModifierValue(conflict)},
      {"last_modified_at", common::FormatRfc3339(ModifiedAtMicros(conflict))},
  };
}

// A merge's conflicts: per field its base, theirs and mine, who changed it and when.
boost::json::object MergeConflictsBody(const common::v1::MergeConflicts& merge,
                                       std::string_view message) {
  boost::json::array conflicts;
  for (const common::v1::MergeConflict& conflict : merge.conflicts()) {
    conflicts.push_back({
        {"field", conflict.field()},
        {"base", common::FromProtoValue(conflict.base())},
        {"theirs", common::FromProtoValue(conflict.theirs())},
        {"mine", common::FromProtoValue(conflict.mine())},
        {"changed_by", conflict.has_changed_by() ? boost::json::value(conflict.changed_by())
                                                 : boost::json::value(nullptr)},
        {"changed_at", common::FormatRfc3339(common::MicrosFromTimestamp(conflict.changed_at()))},
        {"id", conflict.id()},
    });
  }
  return {{"error", boost::json::string(message)}, {"conflicts", std::move(conflicts)}};
}

// A batch item's conflict says when, too: the seed's wording, to the second in UTC.
boost::json::object ItemConflictErrors(const VersionConflict& conflict) {
  return {
      {"version", "Conflict: This " + conflict.entity() + " was modified by " +
                      ModifierName(conflict) + " at " +
                      common::FormatHumanUtc(ModifiedAtMicros(conflict)) +
                      ". Please refresh and try again."},
      {"current_version", conflict.current_version()},
      {"last_modified_by", ModifierValue(conflict)},
      {"last_modified_at", common::FormatRfc3339(ModifiedAtMicros(conflict))},
  };
}

boost::json::object ItemErrors(const std::string& item_key, const BatchFailure::Item& item) {
  switch (item.problem_case()) {
    case BatchFailure::Item::kInvalid:
      return FieldErrorsBody(item.invalid());
    case BatchFailure::Item::kConflict:
      return ItemConflictErrors(item.conflict());
    case BatchFailure::Item::kDeleted:
      return {{"id", "This " + item_key +
                         " no longer exists (it was deleted by another user). Please refresh."}};
    case BatchFailure::Item::PROBLEM_NOT_SET:
      break;
  }
  return {};
}

boost::json::object BatchFailureBody(const BatchFailure& failure, std::string_view message) {
  boost::json::array details;
  for (const BatchFailure::Item& item : failure.items()) {
    const std::string& key = item.item_key().empty() ? failure.item_key() : item.item_key();
    boost::json::object detail;
    // A CSV import's item names its line first: {"line": 4, "alias": "bad", "errors": {…}}.
    if (item.has_line()) detail["line"] = item.line();
    detail[key] = item.label();
    detail["errors"] = ItemErrors(key, item);
    details.push_back(std::move(detail));
  }
  return {{"error", boost::json::string(message)}, {"details", std::move(details)}};
}

// A body the service wrote itself; unreadable text falls back to the message alone.
boost::json::object StillInUseBody(const common::v1::StillInUse& still, std::string_view message) {
  boost::json::object body{{"error", "Conflict"}, {"message", boost::json::string(message)}};
  if (still.has_owned()) body["owned"] = MessageToJson(still.owned());
  if (still.has_references()) body["references"] = MessageToJson(still.references());
  if (still.has_members()) body["members"] = MessageToJson(still.members());
  return body;
}

boost::json::object ProblemsBody(const common::v1::Problems& problems, std::string_view message) {
  return {{"error", boost::json::string(message)},
          {"details", boost::json::array(problems.problems().begin(), problems.problems().end())}};
}

}  // namespace

unsigned HttpStatusFor(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return 200;
    case grpc::StatusCode::INVALID_ARGUMENT:
    case grpc::StatusCode::OUT_OF_RANGE:
      return 400;
    case grpc::StatusCode::UNAUTHENTICATED:
      return 401;
    case grpc::StatusCode::PERMISSION_DENIED:
      return 403;
    case grpc::StatusCode::NOT_FOUND:
      return 404;
    case grpc::StatusCode::ABORTED:
    case grpc::StatusCode::ALREADY_EXISTS:
      return 409;
    case grpc::StatusCode::FAILED_PRECONDITION:
      return 428;
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return 429;
    case grpc::StatusCode::CANCELLED:
      return 499;
    case grpc::StatusCode::UNIMPLEMENTED:
      return 501;
    case grpc::StatusCode::UNAVAILABLE:
      return 503;
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return 504;
    case grpc::StatusCode::UNKNOWN:
    case grpc::StatusCode::INTERNAL:
    case grpc::StatusCode::DATA_LOSS:
    case grpc::StatusCode::DO_NOT_USE:
      return 500;
  }
  return 500;
}

boost::json::object ErrorBody(std::string_view message) {
  return boost::json::object{{"error", boost::json::string(message)}};
}

boost::json::object ErrorBodyOf(const ErrorDetails& details, std::string_view message) {
  switch (details.detail_case()) {
    case ErrorDetails::kFieldViolations:
      return {{"error", boost::json::string(message)},
              {kFieldErrorsKey, FieldErrorsBody(details.field_violations())}};
    case ErrorDetails::kVersionConflict:
      return SingleConflictBody(details.version_conflict());
    case ErrorDetails::kVersionRequired:
      return {{"error", "Precondition Required"},
              {"message", "Send the version you loaded (field version or header If-Match)."}};
    case ErrorDetails::kBatchFailure:
      return BatchFailureBody(details.batch_failure(), message);
    case ErrorDetails::kStillInUse:
      return StillInUseBody(details.still_in_use(), message);
    case ErrorDetails::kProblems:
      return ProblemsBody(details.problems(), message);
    case ErrorDetails::kMergeConflicts:
      return MergeConflictsBody(details.merge_conflicts(), message);
    case ErrorDetails::kRetryAfter:
      return {{"error", boost::json::string(message)},
              {"retry_after", details.retry_after().seconds()}};
    case ErrorDetails::kPlain:
    case ErrorDetails::DETAIL_NOT_SET:
      break;
  }
  return ErrorBody(message);
}

ErrorReply ErrorReplyFor(const grpc::Status& status, std::string_view upstream,
                         std::string_view request_id) {
  const unsigned http_status = HttpStatusFor(status.error_code());
  if (http_status == 500) return http_errors::Internal(request_id);
  if (std::optional<common::v1::ErrorDetails> details = common::DetailsOf(status)) {
    return {http_status, ErrorBodyOf(*details, status.error_message()), {}};
  }
  const std::string service(upstream);
  switch (status.error_code()) {
    case grpc::StatusCode::UNAVAILABLE:
      return {http_status,
              ErrorBody("The " + service + " service is unavailable. Try again shortly."),
              {}};
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return {http_status, ErrorBody("The " + service + " service did not answer in time."), {}};
    case grpc::StatusCode::CANCELLED:
      return {http_status, ErrorBody("The request was cancelled."), {}};
    default:
      // Any other status without ErrorDetails was made by the gRPC library (a message or
      // metadata limit, a protocol failure): its text names internals and means a limit of ours
      // was wrong, so the person gets a 500 with the request id and the log gets the text.
      common::log::Error("upstream call failed in the gRPC library",
                         {{"upstream", service},
                          {"code", static_cast<int>(status.error_code())},
                          {"detail", status.error_message()},
                          {"request_id", std::string(request_id)}});
      return http_errors::Internal(request_id);
  }
}

HttpResponse ErrorResponse(const HttpRequest& request, const ErrorReply& reply) {
  HttpResponse response = JsonResponse(request, reply.status, reply.body);
  if (!reply.allow.empty()) response.set(boost::beast::http::field::allow, reply.allow);
  return response;
}

namespace http_errors {

ErrorReply NotFound() { return {404, ErrorBody("Not found."), {}}; }

ErrorReply MethodNotAllowed(std::string allow) {
  return {405, ErrorBody("Method not allowed."), std::move(allow)};
}

ErrorReply AuthenticationRequired() { return {401, ErrorBody("Authentication required"), {}}; }

ErrorReply CsrfRejected() { return {403, ErrorBody("CSRF token missing or incorrect"), {}}; }

ErrorReply UnsupportedMediaType() {
  return {415, ErrorBody("Content-Type must be application/json."), {}};
}

ErrorReply MalformedJson(std::string_view parser_message) {
  return {400, ErrorBody("Malformed JSON: " + std::string(parser_message) + "."), {}};
}

ErrorReply BodyNotAnObject() { return {400, ErrorBody("The JSON body must be an object."), {}}; }

ErrorReply InvalidField(std::string_view message) { return {400, ErrorBody(message), {}}; }

ErrorReply MalformedRequest() { return {400, ErrorBody("Malformed HTTP request."), {}}; }

ErrorReply BodyTooLarge(size_t limit_bytes) {
  return {413,
          ErrorBody("Request body too large (limit " + std::to_string(limit_bytes) + " bytes)."),
          {}};
}

ErrorReply HeadersTooLarge() { return {431, ErrorBody("Request headers too large."), {}}; }

ErrorReply TargetTooLong(size_t limit_bytes) {
  return {414,
          ErrorBody("Request target too long (limit " + std::to_string(limit_bytes) + " bytes)."),
          {}};
}

ErrorReply AmbiguousFraming(std::string_view why) { return {400, ErrorBody(why), {}}; }

ErrorReply TooManyRequests(int64_t retry_after_seconds) {
  return {429,
          ErrorBody("Too many requests from this address; retry after " +
                    std::to_string(retry_after_seconds) + " s."),
          {}};
}

ErrorReply Internal(std::string_view request_id) {
  return {500,
          boost::json::object{{"error", "Internal error"},
                              {"request_id", boost::json::string(request_id)}},
          {}};
}

}  // namespace http_errors
}  // namespace sanplane::gateway
