#include "common/three_way_merge.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace sanplane::common {
namespace {

boost::json::object Json(const char* text) { return boost::json::parse(text).as_object(); }

const MergeRules kZoneRules{.keyed_lists = {{"members", "alias"}}, .additive = {"projects"}};

const std::map<std::string, FieldAuthor> kAlice{{"notes", {"alice", 100}},
                                                {"members", {"alice", 200}}};

TEST(ThreeWayMerge, DisjointFieldsApplyOntoTheRecordAsItStands) {
  const auto base = Json(R"({"name":"z","notes":"","members":[{"alias":1},{"alias":2}]})");
  const auto current = Json(R"({"name":"z","notes":"x","members":[{"alias":1},{"alias":2}]})");
  const auto mine = Json(R"({"members":[{"alias":1},{"alias":2},{"alias":3}]})");
  const MergeOutcome outcome = ThreeWayMerge(base, current, mine, kAlice, kZoneRules);
  EXPECT_TRUE(outcome.conflicts.empty());
  EXPECT_EQ(boost::json::serialize(outcome.fields),
            R"({"members":[{"alias":1},{"alias":2},{"alias":3}]})");
  EXPECT_EQ(outcome.mine, std::vector<std::string>{"members"});
  ASSERT_EQ(outcome.theirs.size(), 1u);
  EXPECT_EQ(outcome.theirs[0].first, "notes");
  EXPECT_EQ(outcome.theirs[0].second.by, "alice");
}

TEST(ThreeWayMerge, TheSameFieldChangedDifferentlyIsOneConflictWithBaseTheirsAndMine) {
  const auto base = Json(R"({"notes":"","name":"z"})");
  const auto current = Json(R"({"notes":"x","name":"z"})");
  const MergeOutcome outcome =
      ThreeWayMerge(base, current, Json(R"({"notes":"y","name":"z"})"), kAlice, kZoneRules);
  ASSERT_EQ(outcome.conflicts.size(), 1u);
  const MergeConflict& conflict = outcome.conflicts[0];
  EXPECT_EQ(conflict.field, "notes");
  EXPECT_EQ(conflict.base, "");
  EXPECT_EQ(conflict.theirs, "x");
  EXPECT_EQ(conflict.mine, "y");
  EXPECT_EQ(conflict.author.by, "alice");
  EXPECT_EQ(conflict.author.at_micros, 100);
  EXPECT_TRUE(outcome.fields.empty());  // nothing to write
}

TEST(ThreeWayMerge, TheSameChangeOnBothSidesIsNoConflict) {
  const MergeOutcome outcome = ThreeWayMerge(Json(R"({"notes":""})"), Json(R"({"notes":"x"})"),
                                             Json(R"({"notes":"x"})"), kAlice, kZoneRules);
  EXPECT_TRUE(outcome.conflicts.empty());
  EXPECT_EQ(boost::json::serialize(outcome.fields), R"({"notes":"x"})");
}

TEST(ThreeWayMerge, AFieldSentAsLoadedDoesNotUndoTheirChange) {
  const MergeOutcome outcome =
      ThreeWayMerge(Json(R"({"notes":"","name":"a"})"), Json(R"({"notes":"x","name":"a"})"),
                    Json(R"({"notes":"","name":"b"})"), kAlice, kZoneRules);
  EXPECT_TRUE(outcome.conflicts.empty());
  EXPECT_EQ(boost::json::serialize(outcome.fields), R"({"name":"b"})");
  EXPECT_EQ(outcome.mine, std::vector<std::string>{"name"});
}

TEST(ThreeWayMerge, MembersMergeAsSets) {
  // alice added 3 meanwhile; bob removes 1: both apply.
  const auto base = Json(R"({"members":[{"alias":1},{"alias":2}]})");
  const auto current = Json(R"({"members":[{"alias":1},{"alias":2},{"alias":3}]})");
  const MergeOutcome outcome =
      ThreeWayMerge(base, current, Json(R"({"members":[{"alias":2}]})"), kAlice, kZoneRules);
  EXPECT_TRUE(outcome.conflicts.empty());
  EXPECT_EQ(boost::json::serialize(outcome.fields), R"({"members":[{"alias":2},{"alias":3}]})");
}

TEST(ThreeWayMerge, TheSameMembersRoleEditedOnBothSidesIsAConflictOnThatMember) {
  const auto base = Json(R"({"members":[{"alias":1,"role":"init"},{"alias":2}]})");
  const auto current = Json(R"({"members":[{"alias":1,"role":"target"},{"alias":2}]})");
  const auto mine = Json(R"({"members":[{"alias":1,"role":"both"},{"alias":2}]})");
  const MergeOutcome outcome = ThreeWayMerge(base, current, mine, kAlice, kZoneRules);
  ASSERT_EQ(outcome.conflicts.size(), 1u);
  EXPECT_EQ(outcome.conflicts[0].field, "members");
  EXPECT_EQ(boost::json::serialize(outcome.conflicts[0].base), R"({"alias":1,"role":"init"})");
  EXPECT_EQ(boost::json::serialize(outcome.conflicts[0].theirs), R"({"alias":1,"role":"target"})");
  EXPECT_EQ(boost::json::serialize(outcome.conflicts[0].mine), R"({"alias":1,"role":"both"})");
}

TEST(ThreeWayMerge, DifferentMembersEditedOnBothSidesMerge) {
  const auto base = Json(R"({"members":[{"alias":1},{"alias":2}]})");
  const auto current = Json(R"({"members":[{"alias":1,"role":"init"},{"alias":2}]})");
  const auto mine = Json(R"({"members":[{"alias":1},{"alias":2,"role":"target"}]})");
  const MergeOutcome outcome = ThreeWayMerge(base, current, mine, kAlice, kZoneRules);
  EXPECT_TRUE(outcome.conflicts.empty());
  EXPECT_EQ(boost::json::serialize(outcome.fields),
            R"({"members":[{"alias":1,"role":"init"},{"alias":2,"role":"target"}]})");
}

TEST(ThreeWayMerge, AMemberRemovedBySomeoneWhileEditedHereIsAConflict) {
  const auto base = Json(R"({"members":[{"alias":1},{"alias":2}]})");
  const auto current = Json(R"({"members":[{"alias":2}]})");
  const auto mine = Json(R"({"members":[{"alias":1,"role":"init"},{"alias":2}]})");
  const MergeOutcome outcome = ThreeWayMerge(base, current, mine, kAlice, kZoneRules);
  ASSERT_EQ(outcome.conflicts.size(), 1u);
  EXPECT_TRUE(outcome.conflicts[0].theirs.is_null());
}

TEST(ThreeWayMerge, AdditiveFieldsApplyAsSent) {
  const MergeOutcome outcome =
      ThreeWayMerge(Json(R"({"projects":[1]})"), Json(R"({"projects":[1,2]})"),
                    Json(R"({"projects":[3]})"), kAlice, kZoneRules);
  EXPECT_TRUE(outcome.conflicts.empty());
  EXPECT_EQ(boost::json::serialize(outcome.fields), R"({"projects":[3]})");
}

TEST(ThreeWayMerge, AnUnchangedRecordTakesMineWhole) {
  const auto base = Json(R"({"notes":"","wwpns":["a"]})");
  const MergeOutcome outcome =
      ThreeWayMerge(base, base, Json(R"({"wwpns":["a","b"]})"), {}, kZoneRules);
  EXPECT_TRUE(outcome.conflicts.empty());
  EXPECT_TRUE(outcome.theirs.empty());
  EXPECT_EQ(boost::json::serialize(outcome.fields), R"({"wwpns":["a","b"]})");
}

}  // namespace
}  // namespace sanplane::common
