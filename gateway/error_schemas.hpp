#pragma once
// The error bodies of the REST API (DESIGN.md §6, API.md) as JSON Schemas and OpenAPI responses.
// Written by hand: they come from the error table and services/common/common/versioning.cpp, not
// from proto messages. Every error body is an object with "error"; the schemas stay open to
// further keys, because each service adds its own (`errors`, `details`, `current_version`, …).

#include <boost/json/object.hpp>
#include <string>

namespace sanplane::gateway {

/// The error responses an operation can give, named by HTTP status ("400") or "default".
enum class ErrorResponse {
  kBadRequest,            // 400: invalid input, field errors under `errors` or `details`
  kUnauthorized,          // 401: no valid session
  kForbidden,             // 403: CSRF header missing or wrong, or not allowed
  kNotFound,              // 404: no such record, or one the caller may not see
  kConflict,              // 409: stale version (conflict body) or a duplicate name
  kPayloadTooLarge,       // 413: body over the limit
  kUnsupportedMediaType,  // 415: a body that is not application/json
  kPreconditionRequired,  // 428: an update or delete without the version
  kTooManyRequests,       // 429: sign-in throttled, or a pool exhausted
  kInternal,              // 500: {"error":"Internal error","request_id":…}
  kServiceUnavailable,    // 503: the service behind the route is down
  kGatewayTimeout,        // 504: the service did not answer in time
  kOther,                 // default: any other status, {"error": …}
};

/// "400", …, or "default": the key of the response in an operation's `responses`.
std::string ResponseKey(ErrorResponse response);

/// `{"$ref": "#/components/responses/…"}`.
boost::json::object ResponseRef(ErrorResponse response);

/// The components the references above point at: `schemas` and `responses` to merge into the
/// document's components.
boost::json::object ErrorSchemaComponents();
boost::json::object ErrorResponseComponents();

}  // namespace sanplane::gateway
