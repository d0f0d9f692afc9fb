#include "http_errors.hpp"

#include <gtest/gtest.h>

#include "common/errors.hpp"

namespace sanplane::gateway {
namespace {

TEST(HttpStatusFor, MapsEveryGrpcCode) {
  const std::vector<std::pair<grpc::StatusCode, unsigned>> table = {
      {grpc::StatusCode::OK, 200},
      {grpc::StatusCode::CANCELLED, 499},
      {grpc::StatusCode::UNKNOWN, 500},
      {grpc::StatusCode::INVALID_ARGUMENT, 400},
      {grpc::StatusCode::DEADLINE_EXCEEDED, 504},
      {grpc::StatusCode::NOT_FOUND, 404},
      {grpc::StatusCode::ALREADY_EXISTS, 409},
      {grpc::StatusCode::PERMISSION_DENIED, 403},
      {grpc::StatusCode::RESOURCE_EXHAUSTED, 429},
      {grpc::StatusCode::FAILED_PRECONDITION, 428},
      {grpc::StatusCode::ABORTED, 409},
      {grpc::StatusCode::OUT_OF_RANGE, 400},
      {grpc::StatusCode::UNIMPLEMENTED, 501},
      {grpc::StatusCode::INTERNAL, 500},
      {grpc::StatusCode::UNAVAILABLE, 503},
      {grpc::StatusCode::DATA_LOSS, 500},
      {grpc::StatusCode::UNAUTHENTICATED, 401},
  };
  EXPECT_EQ(table.size(), 17u);
  for (const auto& [code, http] : table) {
    EXPECT_EQ(HttpStatusFor(code), http) << "grpc code " << code;
  }
}

TEST(ErrorReplyFor, RendersTheServiceBody) {
  boost::json::object body{{"error", "Conflict"}, {"current_version", 7}};
  const grpc::Status status =
      common::ToGrpcStatus(common::Error(common::ErrorKind::kVersionConflict, "Conflict", body));
  const ErrorReply reply = ErrorReplyFor(status, "storage", "rid");
  EXPECT_EQ(reply.status, 409u);
  EXPECT_EQ(reply.body, body);
}

TEST(ErrorReplyFor, NeverShowsLibraryTextOrInternals) {
  const ErrorReply down = ErrorReplyFor(
      grpc::Status(grpc::StatusCode::UNAVAILABLE, "failed to connect to all addresses"), "san",
      "rid");
  EXPECT_EQ(down.status, 503u);
  EXPECT_EQ(down.body.at("error"), "The san service is unavailable. Try again shortly.");
  const ErrorReply bug = ErrorReplyFor(
      grpc::Status(grpc::StatusCode::INTERNAL, "null pointer at x.cpp:12"), "san", "abc123");
  EXPECT_EQ(bug.status, 500u);
  EXPECT_EQ(bug.body, (boost::json::object{{"error", "Internal error"}, {"request_id", "abc123"}}));
}

}  // namespace
}  // namespace sanplane::gateway
