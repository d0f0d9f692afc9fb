#pragma once
// Every error answer of the gateway, in one place: gRPC status -> HTTP status (the gateway's half
// of the error table, DESIGN.md §6), the REST body of each typed error detail a service sends, and
// the errors the gateway finds itself (unknown path, wrong method, bad JSON, CSRF, limits).

#include <grpcpp/support/status.h>

#include <boost/json/object.hpp>
#include <cstddef>
#include <string>
#include <string_view>

#include "http_types.hpp"
#include "sanplane/common/v1/common.pb.h"

namespace sanplane::gateway {

/// Exhaustive over every gRPC code (no default: a new code fails to compile until mapped).
unsigned HttpStatusFor(grpc::StatusCode code);

struct ErrorReply {
  unsigned status;
  boost::json::object body;
  /// The Allow header of a 405; empty otherwise.
  std::string allow;
};

/// The REST body of a service's error: `details` rendered in the seed's shape, with `message` (the
/// status message) where the body carries the service's own sentence:
///   none / plain       {"error": message}
///   field violations   {"error": message, "errors": {field: message, …}}
///   version conflict   {"error":"Conflict","message":"This storage system was modified by bob.
///                       Please reload and try again.","current_version":7,"last_modified_by":
///                       "bob","last_modified_at":"…Z"}
///   version required   {"error":"Precondition Required","message":"Send the version you loaded
///                       (field version or header If-Match)."}
///   batch failure      {"error": message, "details":[{"zone": label, "errors": {…}}, …]}
///   still in use       {"error":"Conflict","message": message, "owned"|"references"|"members":
///   {…}} problems           {"error": message, "details": [problem, …]} retry after {"error":
///   message, "retry_after": seconds}
boost::json::object ErrorBodyOf(const common::v1::ErrorDetails& details, std::string_view message);

/// The reply for a failed upstream call. A status from a sanplane service carries ErrorDetails; a
/// status without it was produced by the gRPC library (service down, deadline), so the client gets
/// our own words for it, never the library's text. A 500 says only "Internal error" and the
/// request id.
ErrorReply ErrorReplyFor(const grpc::Status& status, std::string_view upstream,
                         std::string_view request_id);

/// The JSON response of `reply` to `request` (with Allow when the reply names it).
HttpResponse ErrorResponse(const HttpRequest& request, const ErrorReply& reply);

/// {"error": message}
boost::json::object ErrorBody(std::string_view message);

/// The errors the gateway answers without asking a service.
namespace http_errors {

ErrorReply NotFound();
/// `allow`: the methods the path does take, "GET, HEAD".
ErrorReply MethodNotAllowed(std::string allow);
ErrorReply AuthenticationRequired();
ErrorReply CsrfRejected();
ErrorReply UnsupportedMediaType();
/// `parser_message`: what the JSON parser said, "syntax error".
ErrorReply MalformedJson(std::string_view parser_message);
ErrorReply BodyNotAnObject();
/// A request value of the wrong type; `message` names the field.
ErrorReply InvalidField(std::string_view message);
ErrorReply MalformedRequest();
ErrorReply BodyTooLarge(size_t limit_bytes);
ErrorReply HeadersTooLarge();
/// 414: the request target is longer than `limit_bytes`.
ErrorReply TargetTooLong(size_t limit_bytes);
/// 400: the header frames the message ambiguously (RFC 9112 §6.3); `why` says how.
ErrorReply AmbiguousFraming(std::string_view why);
/// 429 from the per-address request rate; `retry_after_seconds` also goes in Retry-After.
ErrorReply TooManyRequests(int64_t retry_after_seconds);
ErrorReply Internal(std::string_view request_id);

}  // namespace http_errors
}  // namespace sanplane::gateway
