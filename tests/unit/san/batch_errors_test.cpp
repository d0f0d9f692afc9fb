#include "batch_errors.hpp"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

#include "common/time.hpp"
#include "http_errors.hpp"

namespace sanplane::san {
namespace {

// 2025-10-23T12:30:00Z
constexpr int64_t kSeedMicros = 1761222600LL * 1000000;

common::RecordStamp JohnsStamp() {
  common::RecordStamp stamp;
  stamp.version = 6;
  stamp.last_modified_by = "john";
  stamp.last_modified_at_micros = kSeedMicros;
  return stamp;
}

using common::v1::BatchFailure;

common::RecordStamp NobodysStamp() {
  common::RecordStamp stamp = JohnsStamp();
  stamp.version = 2;
  stamp.last_modified_by.reset();
  return stamp;
}

// What a REST client receives for the error a batch save throws: through the gRPC status and the
// gateway, as bytes.
std::string ClientBytes(const common::Error& error, unsigned expected_status) {
  const gateway::ErrorReply reply =
      gateway::ErrorReplyFor(common::ToGrpcStatus(error), "san", "rid");
  EXPECT_EQ(reply.status, expected_status);
  return boost::json::serialize(reply.body);
}

TEST(BatchErrors, AStaleItemCarriesWhoMovedItOn) {
  BatchFailures failures(kZoneNames);
  failures.AddStale(0, "Zone_A", JohnsStamp());
  EXPECT_TRUE(failures.has_conflict());
  const common::Error error = failures.ToError();
  EXPECT_EQ(error.kind(), common::ErrorKind::kVersionConflict);
  EXPECT_STREQ(error.what(), "Some zones could not be saved.");
  ASSERT_TRUE(error.details().has_batch_failure());
  const BatchFailure& failure = error.details().batch_failure();
  EXPECT_EQ(failure.item_key(), "zone");
  ASSERT_EQ(failure.items_size(), 1);
  EXPECT_EQ(failure.items(0).label(), "Zone_A");
  ASSERT_TRUE(failure.items(0).has_conflict());
  EXPECT_EQ(failure.items(0).conflict().entity(), "zone");
  EXPECT_EQ(failure.items(0).conflict().current_version(), 6);
  EXPECT_EQ(failure.items(0).conflict().last_modified_by(), "john");
  EXPECT_EQ(common::MicrosFromTimestamp(failure.items(0).conflict().last_modified_at()),
            kSeedMicros);
}

TEST(BatchErrors, InvalidOnlyIsABadRequestListingEveryItemInRequestOrder) {
  BatchFailures failures(kAliasNames);
  failures.AddInvalid(2, "c", {{"wwpn", "bad"}});
  failures.AddInvalid(0, "a", {{"name", "taken"}});
  failures.AddInvalid(0, "a", {{"name", "second"}, {"use", "bad"}});
  failures.AddInvalid(1, "b", {});  // no errors: not a failure
  EXPECT_FALSE(failures.Failed(1));
  const BatchFailure failure = failures.Detail();
  EXPECT_EQ(failure.item_key(), "alias");
  ASSERT_EQ(failure.items_size(), 2);
  EXPECT_EQ(failure.items(0).label(), "a");
  const auto& first = failure.items(0).invalid().violations();
  ASSERT_EQ(first.size(), 2);
  EXPECT_EQ(first[0].field(), "name");
  EXPECT_EQ(first[0].message(), "taken");
  EXPECT_EQ(first[1].field(), "use");
  EXPECT_EQ(failure.items(1).label(), "c");
  EXPECT_EQ(failure.items(1).index(), 2);  // its position in the request, for a CSV import's line
  EXPECT_EQ(failure.items(1).invalid().violations(0).field(), "wwpn");
  EXPECT_EQ(failures.ToError().kind(), common::ErrorKind::kInvalidArgument);
  EXPECT_STREQ(failures.ToError().what(), "Some aliases could not be saved.");
}

TEST(BatchErrors, AConflictReplacesFieldErrorsAndMakesTheAnswerAConflict) {
  BatchFailures failures(kZoneNames);
  failures.AddInvalid(0, "z1", {{"name", "bad"}});
  failures.AddInvalid(1, "z2", {{"version", "x"}});
  failures.AddDeleted(1, "z2");
  failures.AddInvalid(1, "z2", {{"name", "ignored after a conflict"}});
  failures.AddStale(1, "z2", JohnsStamp());  // the first conflict stays
  const BatchFailure failure = failures.Detail();
  ASSERT_EQ(failure.items_size(), 2);
  EXPECT_TRUE(failure.items(0).has_invalid());
  EXPECT_EQ(failure.items(1).label(), "z2");
  EXPECT_TRUE(failure.items(1).has_deleted());
  EXPECT_EQ(failures.ToError().kind(), common::ErrorKind::kVersionConflict);
}

TEST(BatchErrorBodies, BatchConflictIsTheSeedPayload) {
  BatchFailures failures(kZoneNames);
  failures.AddStale(0, "Zone_A", JohnsStamp());
  EXPECT_EQ(
      ClientBytes(failures.ToError(), 409),
      R"({"error":"Some zones could not be saved.","details":[{"zone":"Zone_A","errors":{"version":"Conflict: This zone was modified by john at 2025-10-23 12:30:00. Please refresh and try again.","current_version":6,"last_modified_by":"john","last_modified_at":"2025-10-23T12:30:00.000000Z"}}]})");
}

TEST(BatchErrorBodies, BatchAliasConflictByNobodyRecorded) {
  BatchFailures failures(kAliasNames);
  failures.AddStale(0, "a1", NobodysStamp());
  EXPECT_EQ(
      ClientBytes(failures.ToError(), 409),
      R"({"error":"Some aliases could not be saved.","details":[{"alias":"a1","errors":{"version":"Conflict: This alias was modified by another user at 2025-10-23 12:30:00. Please refresh and try again.","current_version":2,"last_modified_by":null,"last_modified_at":"2025-10-23T12:30:00.000000Z"}}]})");
}

TEST(BatchErrorBodies, BatchListsEveryFailingItemInRequestOrder) {
  BatchFailures failures(kZoneNames);
  failures.AddInvalid(2, "z3", VersionMissingErrors(kZoneNames));
  failures.AddInvalid(0, "z1", {{"name", "taken"}, {"members", "bad"}});
  failures.AddDeleted(1, "z2");
  EXPECT_EQ(
      ClientBytes(failures.ToError(), 409),
      R"({"error":"Some zones could not be saved.","details":[{"zone":"z1","errors":{"name":"taken","members":"bad"}},{"zone":"z2","errors":{"id":"This zone no longer exists (it was deleted by another user). Please refresh."}},{"zone":"z3","errors":{"version":"The current version is required to update a zone."}}]})");
}

TEST(BatchErrorBodies, BatchWithFieldErrorsOnlyIsA400) {
  BatchFailures failures(kAliasNames);
  failures.AddInvalid(0, "a", {{"wwpn", "bad"}});
  EXPECT_EQ(
      ClientBytes(failures.ToError(), 400),
      R"({"error":"Some aliases could not be saved.","details":[{"alias":"a","errors":{"wwpn":"bad"}}]})");
}

TEST(BatchErrors, Texts) {
  EXPECT_EQ(boost::json::serialize(VersionMissingErrors(kZoneNames)),
            R"({"version":"The current version is required to update a zone."})");
  EXPECT_EQ(boost::json::serialize(VersionMissingErrors(kAliasNames)),
            R"({"version":"The current version is required to update an alias."})");
}

TEST(BatchErrors, ItemLabels) {
  const std::string sent = "Zone_A", stored = "Zone_Old", empty;
  EXPECT_EQ(ItemLabel(&sent, &stored), "Zone_A");
  EXPECT_EQ(ItemLabel(&empty, &stored), "Zone_Old");
  EXPECT_EQ(ItemLabel(nullptr, nullptr), "Unknown");
}

}  // namespace
}  // namespace sanplane::san
