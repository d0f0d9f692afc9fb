// The import planner without Postgres: what a cfgshow creates in a new fabric, that the same text
// again changes nothing, how conflicts are found and resolved, and what the digest covers.
#include "import_plan.hpp"

#include <gtest/gtest.h>

#include "common/errors.hpp"
#include "zoning/import.hpp"

namespace sanplane::san {
namespace {

constexpr char kCfgshow[] =
    "Defined configuration:\n"
    " cfg:\tPROD\tz_db; z_web\n"
    " zone:\tz_db\tdb_p0; arr_a\n"
    " zone:\tz_web\tweb_p0; arr_a\n"
    " alias:\tarr_a\t50:06:01:6A:47:E4:6E:59\n"
    " alias:\tdb_p0\t10:00:00:90:FA:C7:DA:42\n"
    " alias:\tweb_p0\t21:01:00:1B:32:A1:C0:A8; 21:01:00:1B:32:A1:C0:A9\n";

zoning::Fabric Parsed(const std::string& text) {
  const zoning::ImportResult result = zoning::ParseSwitchOutput(text);
  return ImportedFabric(result, std::nullopt);
}

std::vector<std::string> Actions(const ImportPlan& plan) {
  std::vector<std::string> actions;
  for (const PlannedAlias& alias : plan.aliases) {
    actions.push_back(alias.name + " " + std::string(ImportActionName(alias.action)));
  }
  for (const PlannedZone& zone : plan.zones) {
    actions.push_back(zone.name + " " + std::string(ImportActionName(zone.action)));
  }
  return actions;
}

/// The stored fabric a plan for a new fabric would have written, each record at version 0.
FabricZoning Written(const ImportPlan& plan) {
  FabricZoning stored;
  stored.fabric.id = 1;
  stored.fabric.customer_id = 9;
  stored.fabric.values = plan.fabric_values;
  std::map<std::string, int64_t> ids;
  int64_t next = 10;
  for (const PlannedAlias& alias : plan.aliases) {
    AliasRow row;
    row.id = ids[alias.name] = next++;
    row.values = alias.values;
    stored.aliases.push_back(row);
  }
  for (const PlannedZone& zone : plan.zones) {
    ZoneRow row;
    row.id = next++;
    row.values = zone.values;
    for (const std::string& name : zone.members) row.members.push_back(ids.at(name));
    stored.zones.push_back(row);
  }
  return stored;
}

TEST(ImportPlan, NewFabricCreatesEverythingTheTextDefines) {
  ImportTarget target;
  target.new_fabric.name = "IMPORTED";
  const ImportPlan plan = PlanImport(Parsed(kCfgshow), target, nullptr);
  EXPECT_EQ(plan.fabric_action, ImportAction::kCreate);
  EXPECT_EQ(plan.fabric_values.san_vendor, "BR");
  EXPECT_EQ(plan.fabric_values.zoneset_name, "PROD");
  EXPECT_TRUE(plan.fabric_values.exists);
  EXPECT_EQ(Actions(plan),
            (std::vector<std::string>{"arr_a create", "db_p0 create", "web_p0 create",
                                      "z_db create", "z_web create"}));
  EXPECT_EQ(plan.aliases[2].values.Wwpns(),
            (std::vector<std::string>{"21:01:00:1b:32:a1:c0:a8", "21:01:00:1b:32:a1:c0:a9"}));
  EXPECT_EQ(plan.zones[0].members, (std::vector<std::string>{"arr_a", "db_p0"}));
  EXPECT_TRUE(plan.conflicts.empty());
}

TEST(ImportPlan, TheSameTextAgainIsAllUnchanged) {
  ImportTarget fresh;
  fresh.new_fabric.name = "IMPORTED";
  ImportTarget target;
  target.stored = Written(PlanImport(Parsed(kCfgshow), fresh, nullptr));
  const ImportPlan again = PlanImport(Parsed(kCfgshow), target, nullptr);
  EXPECT_EQ(again.fabric_action, ImportAction::kUnchanged);
  for (const std::string& action : Actions(again)) {
    EXPECT_TRUE(action.ends_with(" unchanged")) << action;
  }
  v1::ImportPreview preview;
  FillPreview(again, preview);
  EXPECT_EQ(preview.created(), 0);
  EXPECT_EQ(preview.updated(), 0);
  EXPECT_EQ(preview.unchanged(), 6);
}

class StoredFabric : public ::testing::Test {
 protected:
  void SetUp() override {
    ImportTarget fresh;
    fresh.new_fabric.name = "IMPORTED";
    target_.stored = Written(PlanImport(Parsed(kCfgshow), fresh, nullptr));
  }
  ImportTarget target_;
};

TEST_F(StoredFabric, AnAliasWithOtherWwpnsIsAConflictThatTakesItsResolution) {
  std::string text = kCfgshow;
  text.replace(text.find("DA:42"), 5, "DA:43");
  const zoning::Fabric imported = Parsed(text);
  const ImportPlan preview = PlanImport(imported, target_, nullptr);
  ASSERT_EQ(preview.conflicts.size(), 1u);
  EXPECT_EQ(preview.conflicts[0].reason, "alias_wwpns");
  EXPECT_EQ(preview.conflicts[0].resolutions,
            (std::vector<std::string>{"skip", "replace", "rename"}));

  // No resolution at apply: refused, naming the conflict.
  const ImportResolutions none;
  EXPECT_THROW(PlanImport(imported, target_, &none), common::Error);

  const ImportResolutions replace{{{"alias", "db_p0"}, "replace"}};
  const ImportPlan replaced = PlanImport(imported, target_, &replace);
  EXPECT_EQ(replaced.aliases[1].action, ImportAction::kUpdate);
  EXPECT_EQ(replaced.aliases[1].values.wwpn, "10:00:00:90:fa:c7:da:43");
  EXPECT_EQ(replaced.zones[0].action, ImportAction::kUnchanged);

  const ImportResolutions skip{{{"alias", "db_p0"}, "skip"}};
  EXPECT_EQ(PlanImport(imported, target_, &skip).aliases[1].action, ImportAction::kSkip);

  // Renamed, the zone naming it differs from the stored one and needs a resolution too.
  const ImportResolutions rename{{{"alias", "db_p0"}, "rename"}, {{"zone", "z_db"}, "skip"}};
  const ImportPlan renamed = PlanImport(imported, target_, &rename);
  EXPECT_EQ(renamed.aliases[1].name, "db_p0_copy");
  EXPECT_EQ(renamed.aliases[1].action, ImportAction::kCreate);
  EXPECT_EQ(renamed.zones[0].action, ImportAction::kSkip);
}

TEST_F(StoredFabric, ANewAliasWithATakenWwpnCanOnlyBeSkippedAndItsZonesGetTheHolder) {
  std::string text = kCfgshow;
  text += " zone:\tz_new\tdb_twin\n alias:\tdb_twin\t10:00:00:90:FA:C7:DA:42\n";
  const zoning::Fabric imported = Parsed(text);
  const ImportPlan preview = PlanImport(imported, target_, nullptr);
  ASSERT_EQ(preview.conflicts.size(), 1u);
  EXPECT_EQ(preview.conflicts[0].reason, "wwpn_in_use");
  EXPECT_EQ(preview.conflicts[0].stored, (std::vector<std::string>{"db_p0"}));
  EXPECT_EQ(preview.conflicts[0].resolutions, (std::vector<std::string>{"skip"}));

  const ImportResolutions skip{{{"alias", "db_twin"}, "skip"}};
  const ImportPlan applied = PlanImport(imported, target_, &skip);
  const PlannedZone& created = applied.zones[1];
  EXPECT_EQ(created.name, "z_new");
  EXPECT_EQ(created.members, (std::vector<std::string>{"db_p0"}));
}

TEST_F(StoredFabric, ZoneMembersThatDifferAreAConflictAndOtherZoneChangesAnUpdate) {
  std::string text = kCfgshow;
  text.replace(text.find("web_p0; arr_a"), 13, "web_p0");
  text.replace(text.find("z_db; z_web"), 11, "z_db");
  const ImportPlan plan = PlanImport(Parsed(text), target_, nullptr);
  ASSERT_EQ(plan.conflicts.size(), 1u);
  EXPECT_EQ(plan.conflicts[0].kind, "zone");
  EXPECT_EQ(plan.conflicts[0].name, "z_web");
  EXPECT_EQ(plan.conflicts[0].stored, (std::vector<std::string>{"arr_a", "web_p0"}));

  std::string out_of_cfg = kCfgshow;
  out_of_cfg.replace(out_of_cfg.find("z_db; z_web"), 11, "z_db");
  const ImportPlan moved = PlanImport(Parsed(out_of_cfg), target_, nullptr);
  EXPECT_EQ(moved.zones[1].action, ImportAction::kUpdate);
  EXPECT_EQ(moved.zones[1].changes, (std::vector<std::string>{"in_zoneset"}));
}

TEST_F(StoredFabric, TheDigestCoversTheTextAndTheVersionsOfTouchedRecords) {
  const zoning::Fabric imported = Parsed(kCfgshow);
  const std::string digest =
      ImportDigest(kCfgshow, target_, PlanImport(imported, target_, nullptr));
  EXPECT_EQ(digest, ImportDigest(kCfgshow, target_, PlanImport(imported, target_, nullptr)));
  EXPECT_NE(digest, ImportDigest(std::string(kCfgshow) + "\n", target_,
                                 PlanImport(imported, target_, nullptr)));
  ImportTarget moved = target_;
  moved.stored->zones[0].stamp.version = 1;
  EXPECT_NE(digest, ImportDigest(kCfgshow, moved, PlanImport(imported, moved, nullptr)));
}

TEST(ImportPlan, AnotherVendorsFabricIsRefused) {
  ImportTarget target;
  target.stored = FabricZoning{};
  target.stored->fabric.values.san_vendor = "CI";
  EXPECT_THROW(PlanImport(Parsed(kCfgshow), target, nullptr), common::Error);
}

TEST(ImportPlan, TextWithoutZoningIsRefused) {
  EXPECT_THROW(ImportedFabric(zoning::ParseSwitchOutput("hello\nworld\n"), std::nullopt),
               common::Error);
}

}  // namespace
}  // namespace sanplane::san
