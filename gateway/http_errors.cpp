#include "http_errors.hpp"

#include <string>

#include "common/errors.hpp"

namespace sanplane::gateway {

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

ErrorReply ErrorReplyFor(const grpc::Status& status, std::string_view upstream,
                         std::string_view request_id) {
  const unsigned http_status = HttpStatusFor(status.error_code());
  if (http_status == 500) {
    return {500, boost::json::object{{"error", "Internal error"},
                                     {"request_id", boost::json::string(request_id)}}};
  }
  if (std::optional<boost::json::object> body = common::BodyOf(status)) {
    return {http_status, std::move(*body)};
  }
  const std::string service(upstream);
  switch (status.error_code()) {
    case grpc::StatusCode::UNAVAILABLE:
      return {http_status,
              ErrorBody("The " + service + " service is unavailable. Try again shortly.")};
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return {http_status, ErrorBody("The " + service + " service did not answer in time.")};
    case grpc::StatusCode::CANCELLED:
      return {http_status, ErrorBody("The request was cancelled.")};
    default:
      return {http_status, ErrorBody(status.error_message())};
  }
}

}  // namespace sanplane::gateway
