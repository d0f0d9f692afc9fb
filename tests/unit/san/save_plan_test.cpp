// The planning steps of the batch saves, without Postgres: what each item becomes (create,
// update, unchanged, conflict, invalid) from the request and the state a transaction loaded.

#include <gtest/gtest.h>

#include "alias_plan.hpp"
#include "common/errors.hpp"
#include "http_errors.hpp"
#include "zone_plan.hpp"

namespace sanplane::san {
namespace {

/// The body a REST client would get for the batch's failure.
boost::json::object BodyOf(const BatchFailures& failures) {
  return gateway::ErrorReplyFor(common::ToGrpcStatus(failures.ToError()), "san", "test").body;
}

constexpr int64_t kCustomer = 7;
constexpr int64_t kProject = 70;
constexpr int64_t kFabric = 1;
constexpr int64_t kOtherFabric = 2;

ZoneRow StoredZone(int64_t id, const std::string& name, int64_t version,
                   std::vector<int64_t> members = {}) {
  ZoneRow row;
  row.id = id;
  row.customer_id = kCustomer;
  row.values.fabric_id = kFabric;
  row.values.name = name;
  row.projects = {kProject};
  row.members = std::move(members);
  row.stamp = common::RecordStamp{version, "bob", 1'700'000'000'000'000};
  return row;
}

/// The fabric of the batches: kFabric, of kCustomer.
FabricRow OurFabric() {
  FabricRow fabric;
  fabric.id = kFabric;
  fabric.customer_id = kCustomer;
  return fabric;
}

/// A new alias on kFabric whose WWPN no stored alias has.
v1::AliasItem AliasCreateItem() {
  v1::AliasItem item;
  item.set_fabric(kFabric);
  item.set_name("a_new");
  item.set_wwpn("50:05:07:68:10:00:00:09");
  return item;
}

v1::ZoneItem ZoneUpdateItem(const ZoneRow& row) {
  v1::ZoneItem item;
  item.set_id(row.id);
  item.set_version(row.stamp.version);
  return item;
}

v1::ZoneItem ZoneCreateItem(const std::string& name) {
  v1::ZoneItem item;
  item.set_fabric(kFabric);
  item.set_name(name);
  return item;
}

/// Plans a zone batch over `state` the way SaveZoneBatch does, name checks included.
struct ZonePlanRun {
  google::protobuf::RepeatedPtrField<v1::ZoneItem> items;
  ZoneState state;
  std::map<int64_t, bool> project_verdicts{{kProject, true}};
  BatchFailures failures{kZoneNames};
  std::vector<ZoneKey> stored_keys;

  ZoneSavePlan Plan() {
    const ZoneRequestCheck check = CheckZoneRequest(items);
    const ZoneBatch batch{items, check, kProject, kCustomer, project_verdicts, false};
    ZoneSavePlan plan = PlanZoneSave(batch, state, failures);
    CheckZoneNames(plan, stored_keys, failures);
    return plan;
  }
};

ZoneState WithFabric() {
  ZoneState state;
  state.fabrics[kFabric] = OurFabric();
  state.aliases[11] = {11, kFabric, kCustomer, "host_a"};
  state.aliases[12] = {12, kFabric, kCustomer, "host_b"};
  state.aliases[13] = {13, kFabric, kCustomer, "array_a"};
  state.aliases[21] = {21, kOtherFabric, kCustomer, "elsewhere"};
  return state;
}

TEST(ZonePlan, AnItemEqualToItsZoneChangesNothing) {
  ZonePlanRun run;
  run.state = WithFabric();
  const ZoneRow stored = StoredZone(5, "z1", 3, {11, 12});
  run.state.rows[5] = stored;
  v1::ZoneItem item = ZoneUpdateItem(stored);
  item.set_name("z1");
  item.add_members()->set_alias(12);
  item.add_members()->set_alias(11);
  *run.items.Add() = item;
  const ZoneSavePlan plan = run.Plan();
  EXPECT_TRUE(run.failures.empty());
  EXPECT_TRUE(plan.updates.empty());
  EXPECT_TRUE(plan.creates.empty());
  EXPECT_EQ(plan.unchanged, (std::vector<size_t>{0}));
  EXPECT_EQ(plan.ids, (std::vector<int64_t>{5}));
  EXPECT_EQ(plan.read_versions, (std::vector<int64_t>{3}));
}

TEST(ZonePlan, LooksUpOnlyTheNamesTheBatchWritesAnew) {
  ZonePlanRun run;
  run.state = WithFabric();
  run.state.rows[5] = StoredZone(5, "z5", 1);
  run.state.rows[6] = StoredZone(6, "z6", 1);
  v1::ZoneItem notes = ZoneUpdateItem(run.state.rows[5]);  // keeps its name
  notes.set_notes("new notes");
  v1::ZoneItem renamed = ZoneUpdateItem(run.state.rows[6]);
  renamed.set_name("z6_renamed");
  *run.items.Add() = notes;
  *run.items.Add() = renamed;
  *run.items.Add() = ZoneCreateItem("z_new");
  const ZoneSavePlan plan = run.Plan();
  ASSERT_TRUE(run.failures.empty());
  const ZoneNames names = NamesToCheck(plan, run.state);
  EXPECT_EQ(names.names, (std::vector<std::string>{"z6_renamed", "z_new"}));
  EXPECT_EQ(names.fabric_ids, (std::vector<int64_t>{kFabric, kFabric}));
}

TEST(ZonePlan, ANameTakenOverFromAZoneThatKeepsItIsStillADuplicate) {
  // z5 keeps its name (not looked up); z6 takes the same name: the batch itself clashes.
  ZonePlanRun run;
  run.state = WithFabric();
  run.state.rows[5] = StoredZone(5, "z5", 1);
  run.state.rows[6] = StoredZone(6, "z6", 1);
  v1::ZoneItem keeps = ZoneUpdateItem(run.state.rows[5]);
  keeps.set_notes("n");
  v1::ZoneItem takes = ZoneUpdateItem(run.state.rows[6]);
  takes.set_name("z5");
  *run.items.Add() = keeps;
  *run.items.Add() = takes;
  run.stored_keys = {{5, kFabric, "z5"}};  // what the lookup of "z5" (z6's new name) finds
  const ZoneSavePlan plan = run.Plan();
  EXPECT_EQ(NamesToCheck(plan, run.state).names, (std::vector<std::string>{"z5"}));
  EXPECT_FALSE(run.failures.empty());
}

TEST(ZonePlan, UpdatesCarryTheirMemberDiffAndComeInIdOrder) {
  ZonePlanRun run;
  run.state = WithFabric();
  run.state.rows[9] = StoredZone(9, "z9", 0, {11, 12});
  run.state.rows[4] = StoredZone(4, "z4", 2);
  v1::ZoneItem members = ZoneUpdateItem(run.state.rows[9]);
  members.add_members()->set_alias(12);
  members.add_members()->set_alias(13);
  v1::ZoneItem notes = ZoneUpdateItem(run.state.rows[4]);
  notes.set_notes("moved to row 5");
  *run.items.Add() = members;
  *run.items.Add() = notes;
  const ZoneSavePlan plan = run.Plan();
  ASSERT_TRUE(run.failures.empty());
  ASSERT_EQ(plan.updates.size(), 2u);
  EXPECT_EQ(plan.updates[0].id, 4);
  EXPECT_EQ(plan.updates[0].index, 1u);
  EXPECT_EQ(plan.updates[0].values.notes, "moved to row 5");
  EXPECT_EQ(plan.updates[0].expected_version, 2);
  EXPECT_EQ(plan.updates[1].id, 9);
  EXPECT_EQ(plan.updates[1].members.added, (std::vector<int64_t>{13}));
  EXPECT_EQ(plan.updates[1].members.removed, (std::vector<int64_t>{11}));
}

TEST(ZonePlan, AStaleVersionIsAConflictAndNothingElseIsPlannedForIt) {
  ZonePlanRun run;
  run.state = WithFabric();
  run.state.rows[5] = StoredZone(5, "z1", 4);
  v1::ZoneItem item = ZoneUpdateItem(run.state.rows[5]);
  item.set_version(3);
  item.set_notes("mine");
  *run.items.Add() = item;
  const ZoneSavePlan plan = run.Plan();
  EXPECT_TRUE(run.failures.has_conflict());
  EXPECT_TRUE(plan.updates.empty());
  const auto body = BodyOf(run.failures);
  EXPECT_EQ(body.at("details").as_array()[0].at("errors").at("current_version").as_int64(), 4);
}

/// What the first read of a zone batch finds of the zones in `rows`.
std::map<int64_t, StoredStamp> StampsOf(const std::map<int64_t, ZoneRow>& rows) {
  std::map<int64_t, StoredStamp> stamps;
  for (const auto& [id, row] : rows) stamps[id] = {row.customer_id, row.values.name, row.stamp};
  return stamps;
}

/// The answer from the first read alone, or nullopt when the batch must run in full.
std::optional<boost::json::object> FirstReadAnswer(ZonePlanRun& run) {
  const ZoneRequestCheck check = CheckZoneRequest(run.items);
  if (!detail::EveryItemUpdates(check.items)) return std::nullopt;
  const auto failures = detail::EveryItemConflicts(run.items, check.items, StampsOf(run.state.rows),
                                                   kCustomer, kZoneNames);
  if (!failures) return std::nullopt;
  EXPECT_TRUE(failures->has_conflict());
  return BodyOf(*failures);
}

TEST(ZonePlan, ABatchOfLostRacesIsAnsweredFromTheFirstReadAsTheFullPlanWould) {
  ZonePlanRun run;
  run.state = WithFabric();
  run.state.rows[5] = StoredZone(5, "z1", 4);
  run.state.rows[6] = StoredZone(6, "z2", 9);
  ZoneRow others = StoredZone(8, "theirs", 1);
  others.customer_id = kCustomer + 1;
  run.state.rows[8] = others;
  v1::ZoneItem stale_named = ZoneUpdateItem(run.state.rows[5]);
  stale_named.set_version(3);
  stale_named.set_name("renamed");
  stale_named.set_zone_type("not a type");  // a field error a conflict replaces
  v1::ZoneItem stale_unnamed = ZoneUpdateItem(run.state.rows[6]);
  stale_unnamed.set_version(1);
  v1::ZoneItem deleted;
  deleted.set_id(7);
  deleted.set_version(2);
  v1::ZoneItem another_customers = ZoneUpdateItem(run.state.rows[8]);
  for (const auto& item : {stale_named, stale_unnamed, deleted, another_customers}) {
    *run.items.Add() = item;
  }
  const std::optional<boost::json::object> first = FirstReadAnswer(run);
  ASSERT_TRUE(first.has_value());
  run.Plan();
  EXPECT_EQ(*first, BodyOf(run.failures));
  const auto& details = first->at("details").as_array();
  ASSERT_EQ(details.size(), 4u);
  EXPECT_EQ(details[0].at("zone").as_string(), "renamed");
  EXPECT_EQ(details[1].at("zone").as_string(), "z2");
  EXPECT_EQ(details[2].at("zone").as_string(), "Unknown");
  EXPECT_EQ(details[3].at("zone").as_string(), "Unknown");
}

TEST(ZonePlan, ABatchWithAnyItemThatMayGetFurtherRunsInFull) {
  const ZoneRow stored = StoredZone(5, "z1", 4);
  v1::ZoneItem stale = ZoneUpdateItem(stored);
  stale.set_version(3);
  v1::ZoneItem current = ZoneUpdateItem(stored);
  current.set_id(6);
  v1::ZoneItem unversioned;
  unversioned.set_id(6);
  v1::ZoneItem bad_id = stale;
  bad_id.set_id(-1);
  for (const auto& other : {current, unversioned, ZoneCreateItem("z_new"), bad_id}) {
    ZonePlanRun run;
    run.state = WithFabric();
    run.state.rows[5] = stored;
    run.state.rows[6] = StoredZone(6, "z6", 4);
    *run.items.Add() = stale;
    *run.items.Add() = other;
    EXPECT_EQ(FirstReadAnswer(run), std::nullopt) << other.DebugString();
  }
}

TEST(ZonePlan, AMemberOfAnotherFabricIsNamed) {
  ZonePlanRun run;
  run.state = WithFabric();
  v1::ZoneItem item = ZoneCreateItem("z_new");
  item.add_members()->set_alias(21);
  item.add_members()->set_alias(99);
  *run.items.Add() = item;
  run.Plan();
  ASSERT_TRUE(run.failures.Failed(0));
  EXPECT_FALSE(run.failures.has_conflict());
  EXPECT_EQ(BodyOf(run.failures).at("details").as_array()[0].at("errors").at("members"),
            "Alias elsewhere belongs to another fabric. Alias 99 does not exist.");
}

TEST(ZonePlan, CreatesGetTheRequestsProjectAndTheirMembers) {
  ZonePlanRun run;
  run.state = WithFabric();
  v1::ZoneItem item = ZoneCreateItem("z_new");
  item.add_members()->set_alias(13);
  *run.items.Add() = item;
  const ZoneSavePlan plan = run.Plan();
  ASSERT_TRUE(run.failures.empty());
  ASSERT_EQ(plan.creates.size(), 1u);
  EXPECT_EQ(plan.creates[0].values.name, "z_new");
  EXPECT_EQ(plan.creates[0].members, (std::vector<int64_t>{13}));
  EXPECT_EQ(plan.creates[0].projects, (std::vector<int64_t>{kProject}));
}

TEST(ZonePlan, NamesAreUniquePerFabricInTheBatchAndAgainstStoredZones) {
  ZonePlanRun run;
  run.state = WithFabric();
  run.state.rows[5] = StoredZone(5, "kept", 1);
  *run.items.Add() = ZoneCreateItem("twice");
  *run.items.Add() = ZoneCreateItem("twice");
  *run.items.Add() = ZoneCreateItem("stored_elsewhere");
  v1::ZoneItem rename = ZoneUpdateItem(run.state.rows[5]);
  rename.set_name("kept");  // its own stored name: no clash with itself
  *run.items.Add() = rename;
  run.stored_keys = {{5, kFabric, "kept"}, {6, kFabric, "stored_elsewhere"}};
  run.Plan();
  EXPECT_FALSE(run.failures.Failed(0));
  EXPECT_TRUE(run.failures.Failed(1));
  EXPECT_TRUE(run.failures.Failed(2));
  EXPECT_FALSE(run.failures.Failed(3));
}

// ---- aliases ----------------------------------------------------------------------------------

AliasRow StoredAlias(int64_t id, const std::string& name, const std::string& wwpn,
                     int64_t version) {
  AliasRow row;
  row.id = id;
  row.customer_id = kCustomer;
  row.values.fabric_id = kFabric;
  row.values.name = name;
  row.values.wwpn = wwpn;
  row.projects = {kProject};
  row.stamp = common::RecordStamp{version, "bob", 1'700'000'000'000'000};
  return row;
}

struct AliasPlanRun {
  google::protobuf::RepeatedPtrField<v1::AliasItem> items;
  AliasState state;
  std::map<int64_t, bool> projects{{kProject, true}};
  std::map<int64_t, bool> hosts;
  std::map<int64_t, bool> storage_systems;
  BatchFailures failures{kAliasNames};
  std::vector<AliasKey> stored_keys;

  AliasSavePlan Plan() {
    const AliasRequestCheck check = CheckAliasRequest(items);
    const AliasBatch batch{items, check, kProject, kCustomer, {projects, hosts, storage_systems},
                           false};
    AliasSavePlan plan = PlanAliasSave(batch, state, failures);
    CheckAliasKeys(plan, stored_keys, failures);
    return plan;
  }
};

TEST(AliasPlan, UnchangedChangedAndCreated) {
  AliasPlanRun run;
  run.state.fabrics[kFabric] = OurFabric();
  run.state.rows[3] = StoredAlias(3, "a3", "50:05:07:68:10:00:00:03", 1);
  run.state.rows[8] = StoredAlias(8, "a8", "50:05:07:68:10:00:00:08", 0);
  v1::AliasItem same;
  same.set_id(3);
  same.set_version(1);
  same.set_wwpn("5005076810000003");  // another spelling of the stored WWPN
  v1::AliasItem changed;
  changed.set_id(8);
  changed.set_version(0);
  changed.set_notes("zoned to FS7300");
  const v1::AliasItem created = AliasCreateItem();
  *run.items.Add() = same;
  *run.items.Add() = changed;
  *run.items.Add() = created;
  const AliasSavePlan plan = run.Plan();
  ASSERT_TRUE(run.failures.empty());
  EXPECT_EQ(plan.unchanged, (std::vector<size_t>{0}));
  ASSERT_EQ(plan.updates.size(), 1u);
  EXPECT_EQ(plan.updates[0].id, 8);
  ASSERT_EQ(plan.creates.size(), 1u);
  EXPECT_EQ(plan.creates[0].index, 2u);
  EXPECT_EQ(plan.creates[0].projects, (std::vector<int64_t>{kProject}));
}

TEST(AliasPlan, AWwpnTakenByAStoredAliasIsNamed) {
  AliasPlanRun run;
  run.state.fabrics[kFabric] = OurFabric();
  const v1::AliasItem created = AliasCreateItem();
  *run.items.Add() = created;
  run.stored_keys = {{4, kFabric, "a4", "50:05:07:68:10:00:00:09"}};
  run.Plan();
  ASSERT_TRUE(run.failures.Failed(0));
  EXPECT_EQ(BodyOf(run.failures).at("details").as_array()[0].at("errors").at("wwpn"),
            "WWPN 50:05:07:68:10:00:00:09 is already used by alias a4 in this fabric.");
}

}  // namespace
}  // namespace sanplane::san
