#include "common/versioning.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/metrics.hpp"

namespace sanplane::common {
namespace {

// 2025-10-23T12:30:00Z
constexpr int64_t kExampleMicros = 1761222600LL * 1'000'000;

TEST(VersioningTest, BatchConflictErrorsText) {
  const boost::json::object errors =
      BatchConflictErrors("zone", RecordStamp{6, "john", kExampleMicros});
  EXPECT_EQ(errors, boost::json::parse(R"({
      "version": "Conflict: This zone was modified by john at 2025-10-23 12:30:00. Please refresh and try again.",
      "current_version": 6,
      "last_modified_by": "john",
      "last_modified_at": "2025-10-23T12:30:00.000000Z"})"));
}

TEST(VersioningTest, BatchConflictWithoutModifier) {
  const boost::json::object errors =
      BatchConflictErrors("alias", RecordStamp{2, std::nullopt, kExampleMicros + 5});
  EXPECT_EQ(errors.at("version").as_string(),
            "Conflict: This alias was modified by another user at 2025-10-23 12:30:00. Please "
            "refresh and try again.");
  EXPECT_TRUE(errors.at("last_modified_by").is_null());
  EXPECT_EQ(errors.at("last_modified_at").as_string(), "2025-10-23T12:30:00.000005Z");
}

TEST(VersioningTest, ConflictErrorBodyAndCount) {
  auto& counter = Metrics::Get().version_conflicts.Add({{"entity", "storage system"}});
  const double before = counter.Value();
  const Error error = ConflictError("storage system", RecordStamp{7, "bob", kExampleMicros});
  EXPECT_EQ(counter.Value(), before + 1);
  EXPECT_EQ(error.kind(), ErrorKind::kVersionConflict);
  ASSERT_TRUE(error.body().has_value());
  EXPECT_EQ(*error.body(), boost::json::parse(R"({
      "error": "Conflict",
      "message": "This storage system was modified by bob. Please reload and try again.",
      "current_version": 7,
      "last_modified_by": "bob",
      "last_modified_at": "2025-10-23T12:30:00.000000Z"})"));
}

TEST(VersioningTest, ConflictErrorWithoutModifier) {
  const Error error = ConflictError("fabric", RecordStamp{1, std::nullopt, kExampleMicros});
  EXPECT_EQ(error.body()->at("message").as_string(),
            "This fabric was modified by another user. Please reload and try again.");
  EXPECT_TRUE(error.body()->at("last_modified_by").is_null());
}

TEST(VersioningTest, VersionRequiredBody) {
  const Error error = VersionRequiredError();
  EXPECT_EQ(error.kind(), ErrorKind::kVersionRequired);
  EXPECT_EQ(*error.body(), boost::json::parse(R"({
      "error": "Precondition Required",
      "message": "Send the version you loaded (field version or header If-Match)."})"));
}

// A request with `version` and `json_fields`, as the update messages of every service have.
struct FakeUpdate {
  std::optional<int64_t> sent;
  std::vector<std::string> keys;
  bool has_version() const { return sent.has_value(); }
  int64_t version() const { return sent.value_or(0); }
  const std::vector<std::string>& json_fields() const { return keys; }
};

// A delete: a version, no json_fields.
struct FakeDelete {
  std::optional<int64_t> sent;
  bool has_version() const { return sent.has_value(); }
  int64_t version() const { return sent.value_or(0); }
};

TEST(VersioningTest, RequireVersionReturnsTheSentVersion) {
  EXPECT_EQ(RequireVersion(FakeUpdate{7, {"version"}}), 7);
  EXPECT_EQ(RequireVersion(FakeDelete{0}), 0);
}

TEST(VersioningTest, AMissingVersionIs428) {
  for (const auto& call : {std::function<void()>([] { RequireVersion(FakeUpdate{}); }),
                           std::function<void()>([] { RequireVersion(FakeDelete{}); })}) {
    try {
      call();
      ADD_FAILURE() << "no error";
    } catch (const Error& error) {
      EXPECT_EQ(error.kind(), ErrorKind::kVersionRequired);
      EXPECT_EQ(error.body()->at("error").as_string(), "Precondition Required");
    }
  }
}

TEST(VersioningTest, ANullVersionIsA400UnderErrors) {
  try {
    RequireVersion(FakeUpdate{std::nullopt, {"name", "version"}});
    ADD_FAILURE() << "no error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::kInvalidArgument);
    EXPECT_EQ(error.body()->at(kFieldErrorsKey).at("version").as_string(),
              "A valid integer is required.");
  }
}

TEST(VersioningTest, InvalidFieldsBody) {
  FieldErrors errors;
  AddFieldError(errors, "name", "This field is required.");
  AddFieldError(errors, "name", "A second problem is not named.");
  const Error error = InvalidFields("The fabric could not be saved.", errors);
  EXPECT_EQ(error.kind(), ErrorKind::kInvalidArgument);
  EXPECT_EQ(*error.body(), boost::json::parse(R"({"error": "The fabric could not be saved.",
      "errors": {"name": "This field is required."}})"));
}

}  // namespace
}  // namespace sanplane::common
