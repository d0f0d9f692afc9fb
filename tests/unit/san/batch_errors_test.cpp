#include "batch_errors.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include "common/time.hpp"

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

TEST(BatchErrors, TheSeedsConflictPayload) {
  BatchFailures failures(kZoneNames);
  failures.AddConflict(0, "Zone_A", common::BatchConflictErrors("zone", JohnsStamp()));
  EXPECT_TRUE(failures.has_conflict());
  const boost::json::value expected = boost::json::parse(R"({
    "error": "Some zones could not be saved.",
    "details": [{
      "zone": "Zone_A",
      "errors": {
        "version": "Conflict: This zone was modified by john at 2025-10-23 12:30:00. Please refresh and try again.",
        "current_version": 6,
        "last_modified_by": "john",
        "last_modified_at": "2025-10-23T12:30:00.000000Z"
      }
    }]
  })");
  EXPECT_EQ(boost::json::value(failures.Body()), expected)
      << boost::json::serialize(failures.Body());
  const common::Error error = failures.ToError();
  EXPECT_EQ(error.kind(), common::ErrorKind::kVersionConflict);
  ASSERT_TRUE(error.body());
  EXPECT_EQ(boost::json::value(*error.body()), expected);
}

TEST(BatchErrors, AnotherUserWhenNobodyIsRecorded) {
  common::RecordStamp stamp = JohnsStamp();
  stamp.last_modified_by.reset();
  const boost::json::object errors = common::BatchConflictErrors("alias", stamp);
  EXPECT_EQ(errors.at("version").as_string(),
            "Conflict: This alias was modified by another user at 2025-10-23 12:30:00. Please "
            "refresh and try again.");
  EXPECT_TRUE(errors.at("last_modified_by").is_null());
}

TEST(BatchErrors, InvalidOnlyIsABadRequestListingEveryItemInRequestOrder) {
  BatchFailures failures(kAliasNames);
  failures.AddInvalid(2, "c", {{"wwpn", "bad"}});
  failures.AddInvalid(0, "a", {{"name", "taken"}});
  failures.AddInvalid(0, "a", {{"name", "second"}, {"use", "bad"}});
  failures.AddInvalid(1, "b", {});  // no errors: not a failure
  EXPECT_FALSE(failures.Failed(1));
  const boost::json::value expected = boost::json::parse(R"({
    "error": "Some aliases could not be saved.",
    "details": [
      {"alias": "a", "errors": {"name": "taken", "use": "bad"}},
      {"alias": "c", "errors": {"wwpn": "bad"}}
    ]
  })");
  EXPECT_EQ(boost::json::value(failures.Body()), expected)
      << boost::json::serialize(failures.Body());
  EXPECT_EQ(failures.ToError().kind(), common::ErrorKind::kInvalidArgument);
  EXPECT_STREQ(failures.ToError().what(), "Some aliases could not be saved.");
}

TEST(BatchErrors, AConflictReplacesFieldErrorsAndMakesTheAnswerAConflict) {
  BatchFailures failures(kZoneNames);
  failures.AddInvalid(0, "z1", {{"name", "bad"}});
  failures.AddInvalid(1, "z2", {{"version", "x"}});
  failures.AddConflict(1, "z2", DeletedErrors(kZoneNames));
  failures.AddInvalid(1, "z2", {{"name", "ignored after a conflict"}});
  const boost::json::value expected = boost::json::parse(R"({
    "error": "Some zones could not be saved.",
    "details": [
      {"zone": "z1", "errors": {"name": "bad"}},
      {"zone": "z2", "errors": {"id": "This zone no longer exists (it was deleted by another user). Please refresh."}}
    ]
  })");
  EXPECT_EQ(boost::json::value(failures.Body()), expected)
      << boost::json::serialize(failures.Body());
  EXPECT_EQ(failures.ToError().kind(), common::ErrorKind::kVersionConflict);
}

TEST(BatchErrors, Texts) {
  EXPECT_EQ(boost::json::serialize(VersionMissingErrors(kZoneNames)),
            R"({"version":"The current version is required to update a zone."})");
  EXPECT_EQ(boost::json::serialize(VersionMissingErrors(kAliasNames)),
            R"({"version":"The current version is required to update an alias."})");
  EXPECT_EQ(
      boost::json::serialize(DeletedErrors(kAliasNames)),
      R"({"id":"This alias no longer exists (it was deleted by another user). Please refresh."})");
}

TEST(BatchErrors, ItemLabels) {
  const std::string sent = "Zone_A", stored = "Zone_Old", empty;
  EXPECT_EQ(ItemLabel(&sent, &stored), "Zone_A");
  EXPECT_EQ(ItemLabel(&empty, &stored), "Zone_Old");
  EXPECT_EQ(ItemLabel(nullptr, nullptr), "Unknown");
}

}  // namespace
}  // namespace sanplane::san
