#include "common/errors.hpp"

#include <exception>
#include <pqxx/except>
#include <utility>

#include "common/log.hpp"
#include "common/metrics.hpp"
#include "sanplane/common/v1/common.pb.h"

namespace sanplane::common {
namespace {

// SQLSTATE query_canceled: what Postgres reports when statement_timeout fires.
constexpr char kQueryCanceledState[] = "57014";
constexpr char kSerializationFailureState[] = "40001";
constexpr char kDeadlockState[] = "40P01";

// Every status a sanplane service returns carries ErrorDetails, so a receiver can tell it from a
// status the gRPC library produced (none): only the former has words meant for a person.
grpc::Status StatusWithDetails(grpc::StatusCode code, const std::string& message,
                               v1::ErrorDetails details) {
  if (details.detail_case() == v1::ErrorDetails::DETAIL_NOT_SET) details.mutable_plain();
  return grpc::Status(code, message, details.SerializeAsString());
}

grpc::Status LoggedStatus(grpc::StatusCode code, std::string message, std::string_view request_id,
                          std::string_view internal_text) {
  log::Error("rpc failed",
             {{"request_id", request_id}, {"code", GrpcCodeName(code)}, {"detail", internal_text}});
  return StatusWithDetails(code, message, {});
}

}  // namespace

Error::Error(ErrorKind kind, std::string message)
    : std::runtime_error(std::move(message)), kind_(kind) {}

Error::Error(ErrorKind kind, std::string message, v1::ErrorDetails details)
    : std::runtime_error(std::move(message)), kind_(kind), details_(std::move(details)) {}

grpc::StatusCode ToGrpcCode(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::kInvalidArgument:
      return grpc::StatusCode::INVALID_ARGUMENT;
    case ErrorKind::kUnauthenticated:
      return grpc::StatusCode::UNAUTHENTICATED;
    case ErrorKind::kPermissionDenied:
      return grpc::StatusCode::PERMISSION_DENIED;
    case ErrorKind::kNotFound:
      return grpc::StatusCode::NOT_FOUND;
    case ErrorKind::kVersionConflict:
      return grpc::StatusCode::ABORTED;
    case ErrorKind::kAlreadyExists:
      return grpc::StatusCode::ALREADY_EXISTS;
    case ErrorKind::kVersionRequired:
      return grpc::StatusCode::FAILED_PRECONDITION;
    case ErrorKind::kResourceExhausted:
      return grpc::StatusCode::RESOURCE_EXHAUSTED;
    case ErrorKind::kUnavailable:
      return grpc::StatusCode::UNAVAILABLE;
    case ErrorKind::kDeadlineExceeded:
      return grpc::StatusCode::DEADLINE_EXCEEDED;
    case ErrorKind::kInternal:
      return grpc::StatusCode::INTERNAL;
  }
  return grpc::StatusCode::INTERNAL;  // not reached: the switch covers every kind
}

ErrorKind FromGrpcCode(grpc::StatusCode code) {
  // Two codes of the gRPC library mean to our caller what one of ours does.
  if (code == grpc::StatusCode::OUT_OF_RANGE) {
    return ErrorKind::kInvalidArgument;
  }
  // A call we made was cancelled: for our caller the request took too long.
  if (code == grpc::StatusCode::CANCELLED) {
    return ErrorKind::kDeadlineExceeded;
  }
  // Every other code reads back as the kind ToGrpcCode sends it for, so the two directions
  // cannot disagree. ErrorKind::kInternal is the last kind.
  for (int kind = 0; kind <= static_cast<int>(ErrorKind::kInternal); ++kind) {
    if (ToGrpcCode(static_cast<ErrorKind>(kind)) == code) {
      return static_cast<ErrorKind>(kind);
    }
  }
  // OK is never an error (converting it means a bug in the caller); UNKNOWN, UNIMPLEMENTED,
  // DATA_LOSS and values outside the enum are ours to fix.
  return ErrorKind::kInternal;
}

std::string_view GrpcCodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK:
      return "OK";
    case grpc::StatusCode::CANCELLED:
      return "CANCELLED";
    case grpc::StatusCode::UNKNOWN:
      return "UNKNOWN";
    case grpc::StatusCode::INVALID_ARGUMENT:
      return "INVALID_ARGUMENT";
    case grpc::StatusCode::DEADLINE_EXCEEDED:
      return "DEADLINE_EXCEEDED";
    case grpc::StatusCode::NOT_FOUND:
      return "NOT_FOUND";
    case grpc::StatusCode::ALREADY_EXISTS:
      return "ALREADY_EXISTS";
    case grpc::StatusCode::PERMISSION_DENIED:
      return "PERMISSION_DENIED";
    case grpc::StatusCode::UNAUTHENTICATED:
      return "UNAUTHENTICATED";
    case grpc::StatusCode::RESOURCE_EXHAUSTED:
      return "RESOURCE_EXHAUSTED";
    case grpc::StatusCode::FAILED_PRECONDITION:
      return "FAILED_PRECONDITION";
    case grpc::StatusCode::ABORTED:
      return "ABORTED";
    case grpc::StatusCode::OUT_OF_RANGE:
      return "OUT_OF_RANGE";
    case grpc::StatusCode::UNIMPLEMENTED:
      return "UNIMPLEMENTED";
    case grpc::StatusCode::INTERNAL:
      return "INTERNAL";
    case grpc::StatusCode::UNAVAILABLE:
      return "UNAVAILABLE";
    case grpc::StatusCode::DATA_LOSS:
      return "DATA_LOSS";
    case grpc::StatusCode::DO_NOT_USE:
      return "DO_NOT_USE";
  }
  return "UNKNOWN";
}

grpc::Status ToGrpcStatus(const Error& error) {
  return StatusWithDetails(ToGrpcCode(error.kind()), error.what(), error.details());
}

std::optional<v1::ErrorDetails> DetailsOf(const grpc::Status& status) {
  v1::ErrorDetails details;
  if (status.error_details().empty() || !details.ParseFromString(status.error_details()) ||
      details.detail_case() == v1::ErrorDetails::DETAIL_NOT_SET) {
    return std::nullopt;
  }
  return details;
}

v1::ItemStatus ItemStatusOf(const grpc::Status& status) {
  v1::ItemStatus item;
  item.set_code(static_cast<int32_t>(status.error_code()));
  item.set_message(status.error_message());
  item.set_details(status.error_details());
  return item;
}

grpc::Status StatusOfItem(const v1::ItemStatus& item) {
  constexpr int32_t kLastCode = grpc::StatusCode::UNAUTHENTICATED;
  if (item.code() == 0) return grpc::Status::OK;
  const auto code = item.code() > 0 && item.code() <= kLastCode
                        ? static_cast<grpc::StatusCode>(item.code())
                        : grpc::StatusCode::UNKNOWN;
  return grpc::Status(code, item.message(), item.details());
}

Error FromGrpcStatus(const grpc::Status& status, std::string_view peer) {
  const ErrorKind kind = FromGrpcCode(status.error_code());
  if (std::optional<v1::ErrorDetails> details = DetailsOf(status)) {
    if (details->has_plain()) return Error(kind, status.error_message());
    return Error(kind, status.error_message(), std::move(*details));
  }
  // Produced by the gRPC library (peer down, deadline): its text may name hosts and ports, so the
  // person gets our words instead.
  const std::string name = peer.empty() ? "upstream" : std::string(peer);
  switch (kind) {
    case ErrorKind::kUnavailable:
      return Error(kind, "The " + name + " service is unavailable. Try again shortly.");
    case ErrorKind::kDeadlineExceeded:
      return Error(kind, "The " + name + " service did not answer in time.");
    default:
      return Error(ErrorKind::kInternal, "Internal error");
  }
}

grpc::Status StatusFromCurrentException(std::string_view request_id) {
  const std::exception_ptr current = std::current_exception();
  if (!current) {
    return LoggedStatus(grpc::StatusCode::INTERNAL, "Internal error", request_id,
                        "no exception in flight");
  }
  try {
    std::rethrow_exception(current);
  } catch (const Error& error) {
    return ToGrpcStatus(error);
  } catch (const pqxx::broken_connection& error) {
    Metrics::Get().dependency_errors.Add({{"dependency", "postgres"}}).Increment();
    return LoggedStatus(grpc::StatusCode::UNAVAILABLE, "The database is unavailable.", request_id,
                        error.what());
  } catch (const pqxx::unique_violation& error) {
    return LoggedStatus(grpc::StatusCode::ALREADY_EXISTS,
                        "A record with the same unique value already exists.", request_id,
                        error.what());
  } catch (const pqxx::sql_error& error) {
    if (error.sqlstate() == kQueryCanceledState) {
      return LoggedStatus(grpc::StatusCode::DEADLINE_EXCEEDED,
                          "The request took too long; try again.", request_id, error.what());
    }
    // Two transactions collided (serialization failure, deadlock): nothing was written, and the
    // caller may simply try again.
    if (error.sqlstate() == kSerializationFailureState || error.sqlstate() == kDeadlockState) {
      return LoggedStatus(
          grpc::StatusCode::ABORTED,
          "The save collided with another one; nothing was saved. Please try again.", request_id,
          error.what());
    }
    return LoggedStatus(grpc::StatusCode::INTERNAL, "Internal error", request_id, error.what());
  } catch (const std::exception& error) {
    return LoggedStatus(grpc::StatusCode::INTERNAL, "Internal error", request_id, error.what());
  } catch (...) {
    return LoggedStatus(grpc::StatusCode::INTERNAL, "Internal error", request_id,
                        "non-standard exception");
  }
}

}  // namespace sanplane::common
