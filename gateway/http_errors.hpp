#pragma once
// gRPC status -> HTTP status and JSON body: the gateway's half of the error table (DESIGN.md §6).

#include <grpcpp/support/status.h>

#include <boost/json/object.hpp>
#include <string_view>

namespace sanplane::gateway {

/// Exhaustive over every gRPC code (no default: a new code fails to compile until mapped).
unsigned HttpStatusFor(grpc::StatusCode code);

struct ErrorReply {
  unsigned status;
  boost::json::object body;
};

/// The reply for a failed upstream call. A status from a sanplane service carries its JSON body in
/// sanplane.common.v1.ErrorDetails; a status without it was produced by the gRPC library (service
/// down, deadline), so the client gets our own words for it, never the library's text.
ErrorReply ErrorReplyFor(const grpc::Status& status, std::string_view upstream,
                         std::string_view request_id);

/// {"error": message}
boost::json::object ErrorBody(std::string_view message);

}  // namespace sanplane::gateway
