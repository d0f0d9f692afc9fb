// The save of one record with base_version (common/merged_update.hpp), on a fabric's messages:
// what the service's own update is handed, what the answer says, and what never reaches it.
#include "common/merged_update.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <boost/json/parse.hpp>
#include <optional>

#include "sanplane/san/v1/san.pb.h"

namespace sanplane::common {
namespace {

using san::v1::Fabric;
using san::v1::UpdateFabricRequest;

constexpr int64_t kCustomer = 3;

Principal MemberOf(int64_t customer) {
  Principal principal;
  principal.set_username("bob");
  principal.add_customer_ids(customer);
  return principal;
}

/// Fabric 7 at version 2: alice changed its notes after version 0, which had none.
MergeBase FabricBase() {
  MergeBase base;
  base.base_found = true;
  base.base = boost::json::parse(R"({"name":"FAB","zoneset_name":"cfg_a","notes":"","vsan":null,
                                     "customer":3})")
                  .as_object();
  base.exists = true;
  base.customer_id = kCustomer;
  base.stamp.version = 2;
  base.current = boost::json::parse(R"({"name":"FAB","zoneset_name":"cfg_a","notes":"alice",
                                        "vsan":null,"customer":3})")
                     .as_object();
  base.authors["notes"] = {"alice", 1000};
  return base;
}

UpdateFabricRequest Request(const char* field, const char* value) {
  UpdateFabricRequest request;
  request.set_id(7);
  request.set_base_version(0);
  if (std::string(field) == "notes") request.set_notes(value);
  if (std::string(field) == "zoneset_name") request.set_zoneset_name(value);
  request.add_json_fields(field);
  request.add_json_fields("base_version");
  return request;
}

/// Runs UpdateMerging on `request` against `base`; what the update was handed, if it ran.
std::optional<UpdateFabricRequest> SaveMerged(const UpdateFabricRequest& request,
                                              const MergeBase& base, Fabric& answer,
                                              const Principal& principal) {
  std::optional<UpdateFabricRequest> handed;
  UpdateMerging(
      principal, request, [&](int64_t, int64_t) { return base; },
      [&](const UpdateFabricRequest& update, Fabric& saved) {
        handed = update;
        saved.set_id(update.id());
        saved.set_version(update.version() + 1);
      },
      answer);
  return handed;
}

bool Names(const UpdateFabricRequest& request, const std::string& key) {
  return std::find(request.json_fields().begin(), request.json_fields().end(), key) !=
         request.json_fields().end();
}

TEST(UpdateMerging, ADisjointFieldBecomesAPatchAtTheCurrentVersionAndTheAnswerSaysWhoseIsWhose) {
  Fabric answer;
  const auto handed =
      SaveMerged(Request("zoneset_name", "cfg_b"), FabricBase(), answer, MemberOf(kCustomer));
  ASSERT_TRUE(handed.has_value());
  EXPECT_EQ(handed->version(), 2);
  EXPECT_TRUE(handed->partial());
  EXPECT_EQ(handed->zoneset_name(), "cfg_b");
  EXPECT_TRUE(Names(*handed, "zoneset_name"));
  EXPECT_FALSE(Names(*handed, "notes")) << "alice's notes are left as they stand";
  EXPECT_FALSE(handed->has_base_version());
  ASSERT_TRUE(answer.has_merge());
  EXPECT_TRUE(answer.merge().merged());
  EXPECT_EQ(answer.merge().mine_size(), 1);
  EXPECT_EQ(answer.merge().mine(0), "zoneset_name");
  ASSERT_EQ(answer.merge().theirs_size(), 1);
  EXPECT_EQ(answer.merge().theirs(0).field(), "notes");
  EXPECT_EQ(answer.merge().theirs(0).changed_by(), "alice");
}

TEST(UpdateMerging, TheSameFieldChangedDifferentlyIsTheConflictAndNothingIsSaved) {
  Fabric answer;
  try {
    SaveMerged(Request("notes", "carol"), FabricBase(), answer, MemberOf(kCustomer));
    FAIL() << "no conflict";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::kVersionConflict);
    ASSERT_EQ(error.details().merge_conflicts().conflicts_size(), 1);
    const auto& conflict = error.details().merge_conflicts().conflicts(0);
    EXPECT_EQ(conflict.field(), "notes");
    EXPECT_EQ(conflict.theirs().string_value(), "alice");
    EXPECT_EQ(conflict.mine().string_value(), "carol");
    EXPECT_EQ(conflict.changed_by(), "alice");
    EXPECT_EQ(conflict.id(), 7);
  }
  EXPECT_FALSE(answer.has_merge());
}

TEST(UpdateMerging, VersionBesideBaseVersionIsA400NamingBaseVersion) {
  UpdateFabricRequest request = Request("notes", "x");
  request.set_version(0);
  Fabric answer;
  try {
    SaveMerged(request, FabricBase(), answer, MemberOf(kCustomer));
    FAIL() << "accepted both";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::kInvalidArgument);
    EXPECT_EQ(error.details().field_violations().violations(0).field(), "base_version");
  }
}

TEST(UpdateMerging, ABaseVersionNotInTheHistoryIsA400) {
  MergeBase base = FabricBase();
  base.base_found = false;
  Fabric answer;
  EXPECT_THROW(SaveMerged(Request("notes", "x"), base, answer, MemberOf(kCustomer)), Error);
}

TEST(UpdateMerging, AnotherCustomersRecordIsLeftToTheUpdateToReportAsMissing) {
  Fabric answer;
  const auto handed =
      SaveMerged(Request("notes", "eve"), FabricBase(), answer, MemberOf(kCustomer + 1));
  ASSERT_TRUE(handed.has_value());
  EXPECT_EQ(handed->version(), 0) << "the base version, as sent: nothing learnt of the record";
}

TEST(UpdateMerging, AVersionSaveRunsAsItIsWithoutAMergeReport) {
  UpdateFabricRequest request;
  request.set_id(7);
  request.set_version(2);
  request.set_notes("x");
  Fabric answer;
  const auto handed = SaveMerged(request, FabricBase(), answer, MemberOf(kCustomer));
  ASSERT_TRUE(handed.has_value());
  EXPECT_EQ(handed->SerializeAsString(), request.SerializeAsString());
  EXPECT_FALSE(answer.has_merge());
}

}  // namespace
}  // namespace sanplane::common
