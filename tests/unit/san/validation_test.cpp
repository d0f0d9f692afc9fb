#include "validation.hpp"

#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>

namespace sanplane::san {
namespace {

std::string Message(const FieldErrors& errors, std::string_view field) {
  const auto* value = errors.if_contains(field);
  return value == nullptr ? std::string() : std::string(value->as_string());
}

v1::AliasItem NewAlias() {
  v1::AliasItem item;
  item.set_fabric(3);
  item.set_name("host1_hba0");
  item.set_wwpn("10:00:00:00:C9:AA:BB:01");
  return item;
}

// ---- aliases ----------------------------------------------------------------------------------

TEST(AliasItem, AppliesPresentFieldsAndNormalizesTheWwpn) {
  v1::AliasItem item = NewAlias();
  item.set_use("init");
  item.set_cisco_alias("fcalias");
  item.set_create(true);
  item.set_host(5);
  item.set_notes("rack 4");
  AliasValues values;
  FieldErrors errors;
  ApplyAliasItem(item, values, errors);
  EXPECT_TRUE(errors.empty()) << boost::json::serialize(errors);
  EXPECT_EQ(values.fabric_id, 3);
  EXPECT_EQ(values.name, "host1_hba0");
  EXPECT_EQ(values.wwpn, "10:00:00:00:c9:aa:bb:01");
  EXPECT_EQ(values.use, "init");
  EXPECT_EQ(values.cisco_alias, "fcalias");
  EXPECT_TRUE(values.create);
  EXPECT_EQ(values.host_id, 5);
  EXPECT_EQ(values.notes, "rack 4");
}

TEST(AliasItem, AbsentFieldsKeepTheStoredValues) {
  AliasValues stored;
  stored.fabric_id = 3;
  stored.name = "a";
  stored.wwpn = "50:05:07:68:10:00:00:01";
  stored.use = "target";
  stored.host_id = 9;
  stored.notes = "keep";
  v1::AliasItem item;
  item.set_logged_in(true);
  AliasValues values = stored;
  FieldErrors errors;
  ApplyAliasItem(item, values, errors);
  EXPECT_TRUE(errors.empty());
  stored.logged_in = true;
  EXPECT_EQ(values, stored);
}

TEST(AliasItem, ExplicitNullClearsNullableFieldsAndIsRefusedForOthers) {
  AliasValues values;
  values.use.emplace("init");
  values.host_id = 4;
  values.storage_id = 2;
  values.notes = "x";
  v1::AliasItem item;
  for (const char* field : {"use", "host", "storage", "notes", "name", "wwpn", "create"}) {
    item.add_json_fields(field);
  }
  FieldErrors errors;
  ApplyAliasItem(item, values, errors);
  EXPECT_FALSE(values.use);
  EXPECT_FALSE(values.host_id);
  EXPECT_FALSE(values.storage_id);
  EXPECT_EQ(values.notes, "");
  EXPECT_EQ(Message(errors, "name"), kNotNull);
  EXPECT_EQ(Message(errors, "wwpn"), kNotNull);
  EXPECT_EQ(Message(errors, "create"), kNotNull);
  EXPECT_EQ(errors.size(), 3u);
}

TEST(AliasItem, EmptyUseMeansNone) {
  AliasValues values;
  values.use = "init";
  v1::AliasItem item;
  item.set_use("");
  FieldErrors errors;
  ApplyAliasItem(item, values, errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_FALSE(values.use);
}

TEST(AliasItem, RejectsBadChoicesWwpnsAndNames) {
  v1::AliasItem item = NewAlias();
  item.set_use("initiator");
  item.set_cisco_alias("alias");
  item.set_wwpn("10:00:00:00:c9:aa:bb");
  item.set_name("host 1");
  item.set_host(-2);
  AliasValues values;
  FieldErrors errors;
  ApplyAliasItem(item, values, errors);
  EXPECT_EQ(Message(errors, "use"),
            "\"initiator\" is not a valid choice. Use init, target or both.");
  EXPECT_EQ(Message(errors, "cisco_alias"),
            "\"alias\" is not a valid choice. Use device-alias, fcalias or wwpn.");
  EXPECT_NE(Message(errors, "wwpn").find("WWPN has 14 hex digits."), std::string::npos);
  EXPECT_EQ(Message(errors, "name"), "Names may not contain spaces or control characters.");
  EXPECT_EQ(Message(errors, "host"), "Invalid id -2.");
  EXPECT_EQ(values.wwpn, "");  // invalid values are not applied
}

TEST(AliasItem, CreateNeedsFabricNameAndWwpn) {
  FieldErrors errors;
  CheckAliasCreate(v1::AliasItem(), errors);
  EXPECT_EQ(Message(errors, "fabric"), kRequired);
  EXPECT_EQ(Message(errors, "name"), kRequired);
  EXPECT_EQ(Message(errors, "wwpn"), kRequired);
  FieldErrors none;
  CheckAliasCreate(NewAlias(), none);
  EXPECT_TRUE(none.empty());
}

TEST(AliasItem, FabricZeroOrNegativeDoesNotExist) {
  v1::AliasItem item = NewAlias();
  item.set_fabric(0);
  AliasValues values;
  FieldErrors errors;
  ApplyAliasItem(item, values, errors);
  EXPECT_EQ(Message(errors, "fabric"), "Fabric 0 does not exist.");
}

TEST(AddError, FirstMessageWins) {
  FieldErrors errors;
  AddError(errors, "name", "first");
  AddError(errors, "name", "second");
  EXPECT_EQ(Message(errors, "name"), "first");
}

// ---- zones ------------------------------------------------------------------------------------

TEST(ZoneItem, AppliesAndValidates) {
  v1::ZoneItem item;
  item.set_fabric(1);
  item.set_name("z_host1_v7k");
  item.set_zone_type("smart");
  item.set_exists(true);
  ZoneValues values;
  FieldErrors errors;
  ApplyZoneItem(item, values, errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(values.zone_type, "smart");
  EXPECT_TRUE(values.exists);

  item.set_zone_type("peer");
  item.set_name("");
  FieldErrors bad;
  ApplyZoneItem(item, values, bad);
  EXPECT_EQ(Message(bad, "zone_type"), "\"peer\" is not a valid choice. Use standard or smart.");
  EXPECT_EQ(Message(bad, "name"), "This field may not be blank.");
}

TEST(ZoneItem, CreateNeedsFabricAndName) {
  FieldErrors errors;
  CheckZoneCreate(v1::ZoneItem(), errors);
  EXPECT_EQ(Message(errors, "fabric"), kRequired);
  EXPECT_EQ(Message(errors, "name"), kRequired);
  EXPECT_EQ(errors.size(), 2u);
}

TEST(ZoneMembers, AbsentIsNotEmpty) {
  FieldErrors errors;
  EXPECT_FALSE(RequestedMembers(v1::ZoneItem(), errors));
  v1::ZoneItem cleared;
  cleared.add_json_fields("members");
  const auto members = RequestedMembers(cleared, errors);
  ASSERT_TRUE(members);
  EXPECT_TRUE(members->empty());
  EXPECT_TRUE(errors.empty());
}

TEST(ZoneMembers, DeduplicatesInRequestOrderAndRejectsMissingAliasIds) {
  v1::ZoneItem item;
  for (int64_t alias : {7, 3, 7, 0, 3}) item.add_members()->set_alias(alias);
  FieldErrors errors;
  const auto members = RequestedMembers(item, errors);
  ASSERT_TRUE(members);
  EXPECT_EQ(*members, (std::vector<int64_t>{7, 3}));
  EXPECT_EQ(Message(errors, "members"), "Each member needs the id of an alias: {\"alias\": <id>}.");
}

TEST(Projects, PresentListsAreDeduplicated) {
  v1::AliasItem item;
  FieldErrors errors;
  EXPECT_FALSE(RequestedProjects(item.projects(), Presence(item.json_fields()), errors));
  item.add_projects(4);
  item.add_projects(4);
  item.add_projects(-1);
  const auto projects = RequestedProjects(item.projects(), Presence(item.json_fields()), errors);
  ASSERT_TRUE(projects);
  EXPECT_EQ(*projects, (std::vector<int64_t>{4}));
  EXPECT_EQ(Message(errors, "projects"), "Project -1 does not exist.");
}

TEST(IsUpdate, IdZeroOrAbsentCreates) {
  EXPECT_FALSE(IsUpdate(std::nullopt));
  EXPECT_FALSE(IsUpdate(0));
  EXPECT_TRUE(IsUpdate(12));
  EXPECT_TRUE(IsUpdate(-1));  // refused later, never created
}

// ---- member-set diffs -------------------------------------------------------------------------

TEST(DiffIdSets, SameSetInAnotherOrderIsNoChange) {
  EXPECT_TRUE(DiffIdSets({1, 2, 3}, {3, 1, 2}).empty());
  EXPECT_TRUE(DiffIdSets({1, 2, 2}, {2, 1}).empty());
  EXPECT_TRUE(DiffIdSets({}, {}).empty());
}

TEST(DiffIdSets, ReportsAddedAndRemovedAscending) {
  const IdSetDiff diff = DiffIdSets({5, 1, 3}, {9, 3, 2, 9});
  EXPECT_EQ(diff.added, (std::vector<int64_t>{2, 9}));
  EXPECT_EQ(diff.removed, (std::vector<int64_t>{1, 5}));
  EXPECT_FALSE(diff.empty());
}

TEST(DiffIdSets, ClearingAndFilling) {
  EXPECT_EQ(DiffIdSets({1, 2}, {}).removed, (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(DiffIdSets({}, {4}).added, (std::vector<int64_t>{4}));
}

// ---- fabrics ----------------------------------------------------------------------------------

TEST(Fabric, CreateDefaultsAndChecks) {
  v1::CreateFabricRequest request;
  request.set_name("FabA");
  request.set_zoneset_name("cfg_a");
  FieldErrors errors;
  const FabricValues values = FabricFromCreate(request, errors);
  EXPECT_TRUE(errors.empty());
  EXPECT_EQ(values.san_vendor, "BR");
  EXPECT_FALSE(values.vsan);

  v1::CreateFabricRequest bad;
  bad.set_san_vendor("XX");
  bad.set_vsan(5000);
  bad.set_domain_id(0);
  FieldErrors bad_errors;
  FabricFromCreate(bad, bad_errors);
  EXPECT_EQ(Message(bad_errors, "name"), kRequired);
  EXPECT_EQ(Message(bad_errors, "zoneset_name"), kRequired);
  EXPECT_EQ(Message(bad_errors, "san_vendor"), "\"XX\" is not a valid choice. Use BR or CI.");
  EXPECT_EQ(Message(bad_errors, "vsan"), "Ensure this value is between 1 and 4094.");
  EXPECT_EQ(Message(bad_errors, "domain_id"), "Ensure this value is between 1 and 239.");
}

FabricValues StoredFabric() {
  FabricValues stored;
  stored.name = "FabA";
  stored.zoneset_name = "cfg_a";
  stored.san_vendor = "CI";
  stored.vsan = 10;
  stored.domain_id = 2;
  stored.exists = true;
  stored.notes = "n";
  return stored;
}

TEST(Fabric, PatchChangesOnlyPresentFields) {
  v1::UpdateFabricRequest request;
  request.set_partial(true);
  request.set_notes("new");
  request.add_json_fields("notes");
  request.add_json_fields("domain_id");  // explicit null
  FabricValues values = StoredFabric();
  FieldErrors errors;
  ApplyFabricUpdate(request, values, errors);
  EXPECT_TRUE(errors.empty());
  FabricValues expected = StoredFabric();
  expected.notes = "new";
  expected.domain_id.reset();
  EXPECT_EQ(values, expected);
}

TEST(Fabric, PutReplacesEverythingAndNeedsTheRequiredFields) {
  v1::UpdateFabricRequest request;
  request.set_name("FabB");
  request.set_zoneset_name("cfg_b");
  FabricValues values = StoredFabric();
  FieldErrors errors;
  ApplyFabricUpdate(request, values, errors);
  EXPECT_TRUE(errors.empty());
  FabricValues expected;
  expected.name = "FabB";
  expected.zoneset_name = "cfg_b";
  EXPECT_EQ(values, expected);

  v1::UpdateFabricRequest empty;
  FieldErrors missing;
  FabricValues untouched = StoredFabric();
  ApplyFabricUpdate(empty, untouched, missing);
  EXPECT_EQ(Message(missing, "name"), kRequired);
  EXPECT_EQ(Message(missing, "zoneset_name"), kRequired);
}

// ---- names and SQL helpers --------------------------------------------------------------------

TEST(Names, ObjectNamesRefuseBlanksSpacesControlsAndLength) {
  EXPECT_FALSE(CheckObjectName("z_host1_v7k", 100));
  EXPECT_TRUE(CheckObjectName("  ", 100));
  EXPECT_TRUE(CheckObjectName("a b", 100));
  EXPECT_TRUE(CheckObjectName("a\tb", 100));
  EXPECT_TRUE(CheckObjectName(std::string(101, 'a'), 100));
  EXPECT_FALSE(CheckObjectName(std::string(100, 'a'), 100));
  // Characters, not bytes.
  EXPECT_FALSE(CheckObjectName("\xc3\xa9\xc3\xa9", 2));
}

TEST(Names, LabelsMayHaveSpacesButNoControls) {
  EXPECT_FALSE(CheckLabel("Fabric A", 64));
  EXPECT_TRUE(CheckLabel("Fabric\nA", 64));
  EXPECT_TRUE(CheckText(std::string("a\0b", 3)));
  EXPECT_FALSE(CheckText("multi\nline"));
}

}  // namespace
}  // namespace sanplane::san
