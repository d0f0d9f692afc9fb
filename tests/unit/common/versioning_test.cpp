#include "common/versioning.hpp"

#include <gtest/gtest.h>

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "common/metrics.hpp"
#include "common/time.hpp"

namespace sanplane::common {
namespace {

// 2025-10-23T12:30:00Z
constexpr int64_t kExampleMicros = 1761222600LL * 1'000'000;

TEST(VersioningTest, VersionConflictOfNamesWhoAndWhen) {
  const v1::VersionConflict conflict =
      VersionConflictOf("zone", RecordStamp{6, "john", kExampleMicros + 5});
  EXPECT_EQ(conflict.entity(), "zone");
  EXPECT_EQ(conflict.current_version(), 6);
  ASSERT_TRUE(conflict.has_last_modified_by());
  EXPECT_EQ(conflict.last_modified_by(), "john");
  EXPECT_EQ(MicrosFromTimestamp(conflict.last_modified_at()), kExampleMicros + 5);
}

TEST(VersioningTest, VersionConflictWithoutModifierLeavesItUnset) {
  const v1::VersionConflict conflict =
      VersionConflictOf("alias", RecordStamp{2, std::nullopt, kExampleMicros});
  EXPECT_FALSE(conflict.has_last_modified_by());
}

TEST(VersioningTest, ConflictErrorDetailAndCount) {
  auto& counter = Metrics::Get().version_conflicts.Add({{"entity", "storage system"}});
  const double before = counter.Value();
  const Error error = ConflictError("storage system", RecordStamp{7, "bob", kExampleMicros});
  EXPECT_EQ(counter.Value(), before + 1);
  EXPECT_EQ(error.kind(), ErrorKind::kVersionConflict);
  ASSERT_TRUE(error.details().has_version_conflict());
  EXPECT_EQ(error.details().version_conflict().entity(), "storage system");
  EXPECT_EQ(error.details().version_conflict().current_version(), 7);
  EXPECT_EQ(error.details().version_conflict().last_modified_by(), "bob");
}

TEST(VersioningTest, VersionRequiredDetail) {
  const Error error = VersionRequiredError();
  EXPECT_EQ(error.kind(), ErrorKind::kVersionRequired);
  EXPECT_TRUE(error.details().has_version_required());
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
      EXPECT_TRUE(error.details().has_version_required());
    }
  }
}

TEST(VersioningTest, ANullVersionIsA400UnderErrors) {
  try {
    RequireVersion(FakeUpdate{std::nullopt, {"name", "version"}});
    ADD_FAILURE() << "no error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::kInvalidArgument);
    ASSERT_EQ(error.details().field_violations().violations_size(), 1);
    EXPECT_EQ(error.details().field_violations().violations(0).field(), "version");
    EXPECT_EQ(error.details().field_violations().violations(0).message(),
              "A valid integer is required.");
  }
}

TEST(VersioningTest, InvalidFieldsKeepsTheFirstProblemPerFieldInOrder) {
  FieldErrors errors;
  AddFieldError(errors, "name", "This field is required.");
  AddFieldError(errors, "wwpn", "Not a WWPN.");
  AddFieldError(errors, "name", "A second problem is not named.");
  const Error error = InvalidFields("The fabric could not be saved.", errors);
  EXPECT_EQ(error.kind(), ErrorKind::kInvalidArgument);
  EXPECT_STREQ(error.what(), "The fabric could not be saved.");
  const v1::FieldViolations& violations = error.details().field_violations();
  ASSERT_EQ(violations.violations_size(), 2);
  EXPECT_EQ(violations.violations(0).field(), "name");
  EXPECT_EQ(violations.violations(0).message(), "This field is required.");
  EXPECT_EQ(violations.violations(1).field(), "wwpn");
}

}  // namespace
}  // namespace sanplane::common
