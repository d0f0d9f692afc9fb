#include "common/errors.hpp"

#include <gtest/gtest.h>

#include <map>
#include <pqxx/except>

#include "common/json_struct.hpp"
#include "sanplane/common/v1/common.pb.h"

namespace sanplane::common {
namespace {

using grpc::StatusCode;

// The code each kind travels as between services.
const std::map<ErrorKind, StatusCode> kCodeOfKind{
    {ErrorKind::kInvalidArgument, StatusCode::INVALID_ARGUMENT},
    {ErrorKind::kUnauthenticated, StatusCode::UNAUTHENTICATED},
    {ErrorKind::kPermissionDenied, StatusCode::PERMISSION_DENIED},
    {ErrorKind::kNotFound, StatusCode::NOT_FOUND},
    {ErrorKind::kVersionConflict, StatusCode::ABORTED},
    {ErrorKind::kAlreadyExists, StatusCode::ALREADY_EXISTS},
    {ErrorKind::kVersionRequired, StatusCode::FAILED_PRECONDITION},
    {ErrorKind::kResourceExhausted, StatusCode::RESOURCE_EXHAUSTED},
    {ErrorKind::kUnavailable, StatusCode::UNAVAILABLE},
    {ErrorKind::kDeadlineExceeded, StatusCode::DEADLINE_EXCEEDED},
    {ErrorKind::kInternal, StatusCode::INTERNAL},
};

TEST(ErrorsTest, EveryErrorKindMapsToItsGrpcCode) {
  // kInternal is the last enumerator: the table must name every kind.
  ASSERT_EQ(kCodeOfKind.size(), static_cast<size_t>(ErrorKind::kInternal) + 1);
  for (const auto& [kind, code] : kCodeOfKind) {
    EXPECT_EQ(ToGrpcCode(kind), code) << "kind " << static_cast<int>(kind);
    // A code we produce comes back as the same kind.
    EXPECT_EQ(FromGrpcCode(code), kind) << "kind " << static_cast<int>(kind);
  }
}

TEST(ErrorsTest, EveryGrpcCodeMapsToAnErrorKind) {
  // The codes of kCodeOfKind come back as their kind; the codes no kind travels as are read as
  // the nearest kind, internal where there is none.
  std::map<StatusCode, ErrorKind> expected;
  for (const auto& [kind, code] : kCodeOfKind) expected.emplace(code, kind);
  for (const StatusCode code :
       {StatusCode::OK, StatusCode::UNKNOWN, StatusCode::UNIMPLEMENTED, StatusCode::DATA_LOSS}) {
    expected.emplace(code, ErrorKind::kInternal);
  }
  expected.emplace(StatusCode::CANCELLED, ErrorKind::kDeadlineExceeded);
  expected.emplace(StatusCode::OUT_OF_RANGE, ErrorKind::kInvalidArgument);
  ASSERT_EQ(expected.size(), 17u);
  for (const auto& [code, kind] : expected) {
    EXPECT_EQ(FromGrpcCode(code), kind) << GrpcCodeName(code);
  }
}

TEST(ErrorsTest, CodeNamesAreTheCanonicalOnes) {
  EXPECT_EQ(GrpcCodeName(StatusCode::OK), "OK");
  EXPECT_EQ(GrpcCodeName(StatusCode::ABORTED), "ABORTED");
  EXPECT_EQ(GrpcCodeName(StatusCode::UNAUTHENTICATED), "UNAUTHENTICATED");
  EXPECT_EQ(GrpcCodeName(StatusCode::DEADLINE_EXCEEDED), "DEADLINE_EXCEEDED");
}

TEST(ErrorsTest, StatusWithoutDetailCarriesAPlainOne) {
  const grpc::Status status = ToGrpcStatus(Error(ErrorKind::kNotFound, "Zone not found."));
  EXPECT_EQ(status.error_code(), StatusCode::NOT_FOUND);
  EXPECT_EQ(status.error_message(), "Zone not found.");
  v1::ErrorDetails details;
  ASSERT_TRUE(details.ParseFromString(status.error_details()));
  // Present even with nothing to add: it tells a service's status from the gRPC library's.
  EXPECT_TRUE(details.has_plain());
  ASSERT_TRUE(DetailsOf(status).has_value());
  const Error back = FromGrpcStatus(status);
  EXPECT_EQ(back.kind(), ErrorKind::kNotFound);
  EXPECT_STREQ(back.what(), "Zone not found.");
  EXPECT_EQ(back.details().detail_case(), v1::ErrorDetails::DETAIL_NOT_SET);
}

TEST(ErrorsTest, TypedDetailRoundTrips) {
  v1::ErrorDetails sent;
  v1::FieldViolation& violation = *sent.mutable_field_violations()->add_violations();
  violation.set_field("name");
  violation.set_message("This field is required.");
  const grpc::Status status =
      ToGrpcStatus(Error(ErrorKind::kInvalidArgument, "The fabric could not be saved.", sent));
  EXPECT_EQ(status.error_code(), StatusCode::INVALID_ARGUMENT);
  const Error back = FromGrpcStatus(status);
  EXPECT_EQ(back.kind(), ErrorKind::kInvalidArgument);
  EXPECT_STREQ(back.what(), "The fabric could not be saved.");
  EXPECT_EQ(back.details().SerializeAsString(), sent.SerializeAsString());
}

TEST(ErrorsTest, LibraryStatusesGetOurWords) {
  const grpc::Status down(StatusCode::UNAVAILABLE, "failed to connect to all addresses; 10.0.0.7");
  const Error unavailable = FromGrpcStatus(down, "storage");
  EXPECT_EQ(unavailable.kind(), ErrorKind::kUnavailable);
  EXPECT_STREQ(unavailable.what(), "The storage service is unavailable. Try again shortly.");
  const Error slow =
      FromGrpcStatus(grpc::Status(StatusCode::DEADLINE_EXCEEDED, "Deadline Exceeded"), "identity");
  EXPECT_STREQ(slow.what(), "The identity service did not answer in time.");
  const Error odd = FromGrpcStatus(grpc::Status(StatusCode::UNIMPLEMENTED, "method not found"));
  EXPECT_EQ(odd.kind(), ErrorKind::kInternal);
}

TEST(ErrorsTest, StillInUseRoundTripsThroughErrorDetails) {
  v1::ErrorDetails sent;
  auto& references = *sent.mutable_still_in_use()->mutable_references();
  references.set_aliases(2);
  references.add_alias_names("host_a");
  references.add_alias_names("host_b");
  const grpc::Status status = ToGrpcStatus(Error(ErrorKind::kVersionConflict, "in use", sent));
  EXPECT_EQ(status.error_code(), StatusCode::ABORTED);
  const Error back = FromGrpcStatus(status);
  EXPECT_EQ(back.kind(), ErrorKind::kVersionConflict);
  EXPECT_STREQ(back.what(), "in use");
  EXPECT_EQ(back.details().SerializeAsString(), sent.SerializeAsString());
}

TEST(ErrorsTest, GarbageDetailsAreIgnored) {
  const Error back =
      FromGrpcStatus(grpc::Status(StatusCode::UNAVAILABLE, "down", std::string("\xff\xff", 2)));
  EXPECT_EQ(back.kind(), ErrorKind::kUnavailable);
  EXPECT_TRUE(back.details().has_plain() ||
              back.details().detail_case() == v1::ErrorDetails::DETAIL_NOT_SET);
}

template <class Exception>
grpc::Status StatusOf(const Exception& exception) {
  try {
    throw exception;
  } catch (...) {
    return StatusFromCurrentException("req-1");
  }
}

TEST(ErrorsTest, CurrentExceptionIsClassified) {
  EXPECT_EQ(StatusOf(Error(ErrorKind::kPermissionDenied, "no")).error_code(),
            StatusCode::PERMISSION_DENIED);

  const grpc::Status broken = StatusOf(pqxx::broken_connection("server closed the connection"));
  EXPECT_EQ(broken.error_code(), StatusCode::UNAVAILABLE);
  EXPECT_EQ(broken.error_message(), "The database is unavailable.");

  const grpc::Status cancelled =
      StatusOf(pqxx::sql_error("canceling statement due to statement timeout", "SELECT", "57014"));
  EXPECT_EQ(cancelled.error_code(), StatusCode::DEADLINE_EXCEEDED);

  const grpc::Status duplicate = StatusOf(pqxx::unique_violation(
      "duplicate key value violates \"zones_name_key\"", "INSERT INTO zones", "23505"));
  EXPECT_EQ(duplicate.error_code(), StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(duplicate.error_message().find("zones_name_key"), std::string::npos);

  const grpc::Status other_sql =
      StatusOf(pqxx::sql_error("syntax error at SELEC", "SELEC", "42601"));
  EXPECT_EQ(other_sql.error_code(), StatusCode::INTERNAL);
  EXPECT_EQ(other_sql.error_message(), "Internal error");

  const grpc::Status bug = StatusOf(std::out_of_range("vector::at"));
  EXPECT_EQ(bug.error_code(), StatusCode::INTERNAL);
  EXPECT_EQ(bug.error_message(), "Internal error");

  EXPECT_EQ(StatusOf(42).error_code(), StatusCode::INTERNAL);
}

}  // namespace
}  // namespace sanplane::common
