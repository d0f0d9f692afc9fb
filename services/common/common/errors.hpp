#pragma once
// The domain error every service throws, and its one mapping onto gRPC status codes
// (DESIGN.md §6). The gateway owns the other direction (gRPC -> HTTP).

#include <grpcpp/support/status.h>

#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include "sanplane/common/v1/common.pb.h"

namespace sanplane::common {

enum class ErrorKind {
  kInvalidArgument,    // bad input
  kUnauthenticated,    // not signed in
  kPermissionDenied,   // forbidden
  kNotFound,           // missing or not visible to the caller
  kVersionConflict,    // compare-and-set lost: the record moved on
  kAlreadyExists,      // duplicate name / WWPN
  kVersionRequired,    // update or delete without the caller's version
  kResourceExhausted,  // throttled, pool exhausted
  kUnavailable,        // a dependency (Postgres, Redis, another service) is down
  kDeadlineExceeded,   // too slow
  kInternal,           // a bug; the last kind (FromGrpcCode counts on it)
};

/// A failure with a message written for the person who made the request, and optionally a typed
/// detail (sanplane.common.v1.ErrorDetails: field violations, a version conflict, a batch failure)
/// from which the gateway renders the REST body. Without one the client sees {"error": message}.
/// Internal detail (SQL, exception text) never goes in here; log it.
class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, std::string message);
  Error(ErrorKind kind, std::string message, v1::ErrorDetails details);
  ErrorKind kind() const { return kind_; }
  /// The typed detail; `detail_case()` is DETAIL_NOT_SET for a plain error.
  const v1::ErrorDetails& details() const { return details_; }

 private:
  ErrorKind kind_;
  v1::ErrorDetails details_;
};

/// Domain -> gRPC. Exhaustive switch, no default: a new ErrorKind fails to compile until mapped.
grpc::StatusCode ToGrpcCode(ErrorKind kind);

/// gRPC -> domain, for errors coming back from another service (e.g. presence calling identity).
/// Library-generated codes map to what they mean for our caller: CANCELLED/DEADLINE_EXCEEDED ->
/// kDeadlineExceeded, UNAVAILABLE -> kUnavailable, UNKNOWN/INTERNAL/DATA_LOSS/UNIMPLEMENTED ->
/// kInternal, OUT_OF_RANGE -> kInvalidArgument, ABORTED -> kVersionConflict, and so on.
ErrorKind FromGrpcCode(grpc::StatusCode code);

/// Builds the status a service returns: code, message, and the error's detail as
/// sanplane.common.v1.ErrorDetails in Status::error_details (PlainError when it has none). Every
/// sanplane status carries it; see DetailsOf.
grpc::Status ToGrpcStatus(const Error& error);

/// The ErrorDetails a sanplane service attached to `status`, or nullopt when there are none (the
/// status came from the gRPC library).
std::optional<v1::ErrorDetails> DetailsOf(const grpc::Status& status);

/// The inverse of ToGrpcStatus: rebuilds an Error (kind, message, detail) from a status received
/// from another service, so it can be rethrown unchanged to our own caller. A status without
/// ErrorDetails was made by the gRPC library, not by a sanplane service: its text is replaced by
/// ours, naming `peer` ("identity") — "The identity service is unavailable. Try again shortly."
Error FromGrpcStatus(const grpc::Status& status, std::string_view peer = {});

/// Maps the exception currently being handled (inside a catch block) to a status: Error as above;
/// pqxx::broken_connection -> UNAVAILABLE "The database is unavailable."; a statement cancelled by
/// statement_timeout (SQLSTATE 57014; libpqxx 6 has no class of its own for it, it throws
/// pqxx::sql_error) -> DEADLINE_EXCEEDED; pqxx::unique_violation -> ALREADY_EXISTS; anything else
/// -> INTERNAL with message "Internal error". Logs the internal text with the request id.
grpc::Status StatusFromCurrentException(std::string_view request_id);

/// The status of one item of a call that answers several items separately (an ItemStatus in its
/// answer), and back: code, message and details as the item's own call would have returned them.
/// A code outside gRPC's is read back as UNKNOWN.
v1::ItemStatus ItemStatusOf(const grpc::Status& status);
grpc::Status StatusOfItem(const v1::ItemStatus& item);

/// The canonical upper-case name of a code ("OK", "ABORTED", …), as used in logs and metrics.
std::string_view GrpcCodeName(grpc::StatusCode code);

}  // namespace sanplane::common
