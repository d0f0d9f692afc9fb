#include "http_errors.hpp"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <optional>
#include <string>
#include <tuple>
#include <vector>

#include "common/errors.hpp"
#include "common/versioning.hpp"

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

// 2025-10-23T12:30:00Z, the time the API's examples quote.
constexpr int64_t kSeedMicros = 1761222600LL * 1'000'000;

common::RecordStamp Stamp(int64_t version, std::optional<std::string> who) {
  return common::RecordStamp{version, std::move(who), kSeedMicros};
}

// What the client receives for an error a service threw: through the gRPC status and back, as
// the bytes the gateway writes.
std::string ClientBytes(const common::Error& error, unsigned expected_status) {
  const ErrorReply reply = ErrorReplyFor(common::ToGrpcStatus(error), "san", "rid");
  EXPECT_EQ(reply.status, expected_status);
  return boost::json::serialize(reply.body);
}

TEST(ErrorBodies, SingleRecordConflictIsTheSeedBody) {
  EXPECT_EQ(
      ClientBytes(common::ConflictError("storage system", Stamp(7, "bob")), 409),
      R"({"error":"Conflict","message":"This storage system was modified by bob. Please reload and try again.","current_version":7,"last_modified_by":"bob","last_modified_at":"2025-10-23T12:30:00.000000Z"})");
}

TEST(ErrorBodies, ConflictWithoutModifierSaysAnotherUser) {
  EXPECT_EQ(
      ClientBytes(common::ConflictError("fabric", Stamp(1, std::nullopt)), 409),
      R"({"error":"Conflict","message":"This fabric was modified by another user. Please reload and try again.","current_version":1,"last_modified_by":null,"last_modified_at":"2025-10-23T12:30:00.000000Z"})");
}

TEST(ErrorBodies, VersionRequiredIsTheSeed428) {
  EXPECT_EQ(
      ClientBytes(common::VersionRequiredError(), 428),
      R"({"error":"Precondition Required","message":"Send the version you loaded (field version or header If-Match)."})");
}

TEST(ErrorBodies, FieldErrorsGoUnderErrorsInTheOrderFound) {
  common::FieldErrors errors;
  common::AddFieldError(errors, "name", "This field is required.");
  common::AddFieldError(errors, "wwpn", "Not a WWPN.");
  EXPECT_EQ(
      ClientBytes(common::InvalidFields("The fabric could not be saved.", errors), 400),
      R"({"error":"The fabric could not be saved.","errors":{"name":"This field is required.","wwpn":"Not a WWPN."}})");
  // A null version names the field too.
  try {
    common::RequireVersion(false, 0, true);
    ADD_FAILURE() << "no error";
  } catch (const common::Error& error) {
    EXPECT_EQ(
        ClientBytes(error, 400),
        R"({"error":"The version must be an integer (the version you loaded), not null.","errors":{"version":"A valid integer is required."}})");
  }
}

TEST(ErrorBodies, PlainErrorIsTheMessage) {
  EXPECT_EQ(ClientBytes(common::Error(common::ErrorKind::kAlreadyExists,
                                      "A fabric with this name already exists."),
                        409),
            R"({"error":"A fabric with this name already exists."})");
}

TEST(ErrorBodies, ProblemsAreListedUnderDetails) {
  common::v1::ErrorDetails details;
  details.mutable_problems()->add_problems("row 1: bad");
  details.mutable_problems()->add_problems("row 2: worse");
  EXPECT_EQ(
      ClientBytes(common::Error(common::ErrorKind::kInvalidArgument, "Import rejected.", details),
                  400),
      R"({"error":"Import rejected.","details":["row 1: bad","row 2: worse"]})");
}

TEST(ErrorBodies, StillInUseNamesWhatIsOwnedOrReferenced) {
  common::v1::ErrorDetails owned;
  owned.mutable_still_in_use()->mutable_owned()->set_fabrics(2);
  owned.mutable_still_in_use()->mutable_owned()->set_projects(1);
  EXPECT_EQ(
      ClientBytes(
          common::Error(common::ErrorKind::kVersionConflict, "Customer A still owns…", owned), 409),
      R"({"error":"Conflict","message":"Customer A still owns…","owned":{"fabrics":2,"storage_systems":0,"projects":1}})");
  common::v1::ErrorDetails referenced;
  auto& references = *referenced.mutable_still_in_use()->mutable_references();
  references.set_aliases(1);
  references.add_alias_names("host_a");
  EXPECT_EQ(
      ClientBytes(common::Error(common::ErrorKind::kVersionConflict, "Storage system S is still…",
                                referenced),
                  409),
      R"({"error":"Conflict","message":"Storage system S is still…","references":{"aliases":1,"alias_names":["host_a"]}})");
}

TEST(ErrorBodies, RetryAfterSaysWhenInSeconds) {
  common::v1::ErrorDetails details;
  details.mutable_retry_after()->set_seconds(60);
  EXPECT_EQ(
      ClientBytes(common::Error(common::ErrorKind::kResourceExhausted, "Too many.", details), 429),
      R"({"error":"Too many.","retry_after":60})");
}

TEST(GatewayErrors, EachHasItsStatusAndBody) {
  const std::vector<std::tuple<ErrorReply, unsigned, std::string>> table = {
      {http_errors::NotFound(), 404, R"({"error":"Not found."})"},
      {http_errors::MethodNotAllowed("GET, HEAD"), 405, R"({"error":"Method not allowed."})"},
      {http_errors::AuthenticationRequired(), 401, R"({"error":"Authentication required"})"},
      {http_errors::CsrfRejected(), 403, R"({"error":"CSRF token missing or incorrect"})"},
      {http_errors::UnsupportedMediaType(), 415,
       R"({"error":"Content-Type must be application/json."})"},
      {http_errors::MalformedJson("syntax error"), 400,
       R"({"error":"Malformed JSON: syntax error."})"},
      {http_errors::BodyNotAnObject(), 400, R"({"error":"The JSON body must be an object."})"},
      {http_errors::InvalidField("version: A valid integer is required."), 400,
       R"({"error":"version: A valid integer is required."})"},
      {http_errors::MalformedRequest(), 400, R"({"error":"Malformed HTTP request."})"},
      {http_errors::BodyTooLarge(1024), 413,
       R"({"error":"Request body too large (limit 1024 bytes)."})"},
      {http_errors::HeadersTooLarge(), 431, R"({"error":"Request headers too large."})"},
      {http_errors::TargetTooLong(8192), 414,
       R"({"error":"Request target too long (limit 8192 bytes)."})"},
      {http_errors::AmbiguousFraming("Transfer-Encoding must end in chunked, once."), 400,
       R"({"error":"Transfer-Encoding must end in chunked, once."})"},
      {http_errors::TooManyRequests(2), 429,
       R"({"error":"Too many requests from this address; retry after 2 s."})"},
      {http_errors::Internal("abc"), 500, R"({"error":"Internal error","request_id":"abc"})"},
  };
  for (const auto& [reply, status, body] : table) {
    EXPECT_EQ(reply.status, status) << body;
    EXPECT_EQ(boost::json::serialize(reply.body), body);
  }
}

TEST(GatewayErrors, MethodNotAllowedSendsAllow) {
  HttpRequest request;
  request.version(11);
  const HttpResponse response = ErrorResponse(request, http_errors::MethodNotAllowed("GET, HEAD"));
  EXPECT_EQ(response.result_int(), 405u);
  EXPECT_EQ(response[boost::beast::http::field::allow], "GET, HEAD");
  EXPECT_EQ(response.body(), R"({"error":"Method not allowed."})");
  const HttpResponse not_found = ErrorResponse(request, http_errors::NotFound());
  EXPECT_EQ(not_found.count(boost::beast::http::field::allow), 0u);
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
  // A limit the library enforces is ours to fix, not the person's to read about.
  const ErrorReply too_large =
      ErrorReplyFor(grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                                 "Received message larger than max (5248622 vs. 4194304)"),
                    "storage", "def456");
  EXPECT_EQ(too_large.status, 500u);
  EXPECT_EQ(too_large.body,
            (boost::json::object{{"error", "Internal error"}, {"request_id", "def456"}}));
}

}  // namespace
}  // namespace sanplane::gateway
