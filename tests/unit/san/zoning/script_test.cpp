#include "zoning/script.hpp"

#include <gtest/gtest.h>

#include <algorithm>

#include "datasets.hpp"
#include "golden.hpp"

namespace sanplane::san::zoning {
namespace {

using testing::D1FabricA;
using testing::D1FabricB;
using testing::Golden;
using testing::MakeAlias;
using testing::MakeZone;
using testing::MarkForDeletion;

/// The script's text when it has no errors; the errors otherwise, so a failure shows them.
std::string TextOf(const Script& script) {
  std::string text = script.Text();
  for (const RecordError& error : script.errors) {
    text += "ERROR " + error.record + " " + error.name + " " + error.field + ": " + error.message +
            "\n";
  }
  return text;
}

TEST(ZoningScripts, D1CiscoCreate) {
  const Script script = GenerateCreateScript(D1FabricA());
  EXPECT_EQ(TextOf(script), Golden("d1_fab_a_create.txt"));
  EXPECT_TRUE(script.warnings.empty());
}

TEST(ZoningScripts, D1BrocadeCreate) {
  const Script script = GenerateCreateScript(D1FabricB());
  EXPECT_EQ(TextOf(script), Golden("d1_fab_b_create.txt"));
  EXPECT_TRUE(script.warnings.empty());
}

TEST(ZoningScripts, D1CiscoDelete) {
  Fabric fabric = D1FabricA();
  MarkForDeletion(fabric, {"z_h2_arr", "host2_p0"});
  EXPECT_EQ(TextOf(GenerateDeleteScript(fabric)), Golden("d1_fab_a_delete.txt"));
}

TEST(ZoningScripts, D1BrocadeDelete) {
  Fabric fabric = D1FabricB();
  MarkForDeletion(fabric, {"z_std"});
  EXPECT_EQ(TextOf(GenerateDeleteScript(fabric)), Golden("d1_fab_b_delete.txt"));
}

TEST(ZoningScripts, OutputDoesNotDependOnInputOrder) {
  for (Fabric fabric : {D1FabricA(), D1FabricB()}) {
    const std::string expected = GenerateCreateScript(fabric).Text();
    std::reverse(fabric.aliases.begin(), fabric.aliases.end());
    std::reverse(fabric.zones.begin(), fabric.zones.end());
    for (Zone& zone : fabric.zones) std::reverse(zone.members.begin(), zone.members.end());
    EXPECT_EQ(GenerateCreateScript(fabric).Text(), expected);
  }
}

TEST(ZoningScripts, BrocadeAliasWithTwoWwpnsKeepsBothInOrder) {
  Fabric fabric = D1FabricB();
  fabric.aliases[0].wwpns = {"50:05:07:68:10:00:00:02", "50-05-07-68-10-00-00-0A"};
  EXPECT_EQ(TextOf(GenerateCreateScript(fabric)), Golden("brocade_alias_two_wwpns.txt"));
}

TEST(ZoningScripts, CiscoFcaliasAndBareWwpnMembersCarryEveryWwpn) {
  Fabric fabric = D1FabricA();
  fabric.aliases[2].wwpns = {"10:00:00:90:fa:a1:00:02", "10000090FAA10003"};
  Alias bare = MakeAlias("bare_pair", "c0:50:76:00:00:00:00:01", Role::kInit, AliasKind::kWwpn);
  bare.wwpns.push_back("c0:50:76:00:00:00:00:02");
  fabric.aliases.push_back(bare);
  fabric.zones[0].members.push_back({"bare_pair", {}});
  EXPECT_EQ(TextOf(GenerateCreateScript(fabric)), Golden("cisco_fcalias_and_bare_wwpns.txt"));
}

TEST(ZoningScripts, BrocadePeerZoneWritesBothAsPrincipalWithAWarning) {
  Fabric fabric = D1FabricB();
  fabric.aliases.push_back(MakeAlias("repl_p0", "50:05:07:68:10:00:00:03", Role::kBoth));
  fabric.zones[0].members.push_back({"repl_p0", {}});
  const Script script = GenerateCreateScript(fabric);
  EXPECT_EQ(TextOf(script), Golden("brocade_peer_zone_both.txt"));
  ASSERT_EQ(script.warnings.size(), 1u);
  EXPECT_EQ(script.warnings[0],
            "Zone z_peer: member repl_p0 has the role both, which a Brocade peer zone cannot "
            "express; it is written as a principal member.");
}

TEST(ZoningScripts, MemberRoleOverridesTheAliasUse) {
  Fabric fabric = D1FabricA();
  fabric.zones[0].members = {{"array_p1", {}}, {"host1_p0", Role::kBoth}};
  const Script script = GenerateCreateScript(fabric);
  EXPECT_NE(script.Text().find("  member device-alias host1_p0 both\n"), std::string::npos)
      << TextOf(script);
}

TEST(ZoningScripts, SmartZoneWithoutTargetIsAnErrorNamingIt) {
  for (Fabric fabric : {D1FabricA(), D1FabricB()}) {
    Zone& smart = fabric.zones[0];
    smart.members = {{smart.members[1].alias, Role::kInit}};
    const Script script = GenerateCreateScript(fabric);
    EXPECT_TRUE(script.commands.empty());
    ASSERT_EQ(script.errors.size(), 1u) << TextOf(script);
    EXPECT_EQ(script.errors[0], (RecordError{"zone", smart.name, "members",
                                             "A smart zone needs at least one target"}));
  }
}

TEST(ZoningScripts, SmartZoneMemberWithoutRoleIsAnError) {
  Fabric fabric = D1FabricB();
  fabric.aliases[1].use.reset();
  const Script script = GenerateCreateScript(fabric);
  ASSERT_EQ(script.errors.size(), 1u) << TextOf(script);
  EXPECT_EQ(script.errors[0].name, "z_peer");
  EXPECT_EQ(script.errors[0].message,
            "Member host1_p1 has no role: give the member one or set the alias's use.");
}

TEST(ZoningScripts, CiscoSmartZoneNeedsSmartZoningOnTheVsan) {
  Fabric fabric = D1FabricA();
  fabric.smart_zoning = false;
  const Script script = GenerateCreateScript(fabric);
  ASSERT_EQ(script.errors.size(), 1u) << TextOf(script);
  EXPECT_EQ(script.errors[0].name, "z_h1_arr");
  EXPECT_EQ(script.errors[0].field, "zone_type");
}

TEST(ZoningScripts, DeletingAnAliasASurvivingZoneUsesIsAnErrorNamingTheZone) {
  Fabric fabric = D1FabricA();
  MarkForDeletion(fabric, {"array_p1", "z_h2_arr"});
  const Script script = GenerateDeleteScript(fabric);
  EXPECT_TRUE(script.commands.empty());
  ASSERT_EQ(script.errors.size(), 1u) << TextOf(script);
  EXPECT_EQ(script.errors[0],
            (RecordError{"alias", "array_p1", "delete",
                         "Alias array_p1 is still a member of zone z_h1_arr, which is not marked "
                         "for deletion."}));
}

TEST(ZoningScripts, DeleteRemovesZonesFromTheZonesetFirstAndDeviceAliasesLast) {
  Fabric fabric = D1FabricA();
  MarkForDeletion(fabric, {"z_h1_arr", "z_h2_arr", "host1_p0", "host2_p0", "array_p1"});
  EXPECT_EQ(TextOf(GenerateDeleteScript(fabric)), Golden("cisco_delete_all.txt"));
  Fabric brocade = D1FabricB();
  MarkForDeletion(brocade, {"z_peer", "z_std", "host1_p1"});
  const Script script = GenerateDeleteScript(brocade);
  EXPECT_EQ(TextOf(script), Golden("brocade_delete_all.txt"));
  ASSERT_EQ(script.warnings.size(), 1u);
  EXPECT_EQ(script.warnings[0],
            "Zoneset / cfg cfg_B is left without zones; the switch will not activate it empty.");
}

TEST(ZoningScripts, LegacyFosRefusesANameThatBeginsWithADigit) {
  Fabric fabric = D1FabricB();
  fabric.fos_name_rules = FosNameRules::kLegacy;
  fabric.zones[1].name = "1bad-name";
  const Script script = GenerateCreateScript(fabric);
  EXPECT_TRUE(script.commands.empty());
  ASSERT_EQ(script.errors.size(), 1u) << TextOf(script);
  EXPECT_EQ(
      script.errors[0],
      (RecordError{"zone", "1bad-name", "name",
                   "The name begins with a digit. Brocade names before FOS 8.1 have at most "
                   "64 characters, begin with a letter and use only letters, digits and _."}));
  fabric.fos_name_rules = FosNameRules::kFos81OrLater;
  EXPECT_EQ(TextOf(GenerateCreateScript(fabric)), Golden("brocade_fos81_digit_name.txt"));
}

TEST(ZoningScripts, CiscoNameRuleCoversAliasesZonesAndTheZoneset) {
  Fabric fabric = D1FabricA();
  fabric.aliases[0].name = "array.p1";
  fabric.zones[0].members[0].alias = "array.p1";
  fabric.zones[1].members[0].alias = "array.p1";
  fabric.zones[1].name = std::string(65, 'z');
  fabric.zoneset_name = "_ZS";
  const Script script = GenerateCreateScript(fabric);
  EXPECT_TRUE(script.commands.empty());
  std::vector<std::string> failing;
  for (const RecordError& error : script.errors) {
    if (error.field == "name" || error.field == "zoneset_name") {
      failing.push_back(error.record + ":" + error.message.substr(0, error.message.find('.')));
    }
  }
  EXPECT_EQ(failing, (std::vector<std::string>{"alias:The name contains '",
                                               "zone:The name has 65 "
                                               "characters",
                                               "fabric:The name begins with '_'"}));
}

TEST(ZoningScripts, UnrenderableRecordsAreErrorsNamingThem) {
  Fabric fabric = D1FabricB();
  fabric.aliases[0].wwpns = {"50:05:07:68:10:00:00"};
  fabric.aliases[1].wwpns.clear();
  fabric.zones[1].members.push_back({"ghost", {}});
  const Script script = GenerateCreateScript(fabric);
  EXPECT_TRUE(script.commands.empty());
  std::vector<std::string> named;
  for (const RecordError& error : script.errors) named.push_back(error.record + " " + error.name);
  EXPECT_NE(std::find(named.begin(), named.end(), "alias array_p2"), named.end());
  EXPECT_NE(std::find(named.begin(), named.end(), "alias host1_p1"), named.end());
  EXPECT_NE(std::find(named.begin(), named.end(), "zone z_std"), named.end());
  for (const RecordError& error : script.errors) {
    EXPECT_EQ(error.message.find("None"), std::string::npos) << error.message;
    EXPECT_FALSE(error.message.empty());
  }
}

TEST(ZoningScripts, CiscoDeviceAliasNamesOneWwpn) {
  Fabric fabric = D1FabricA();
  fabric.aliases[0].wwpns.push_back("50:05:07:68:10:00:00:09");
  const Script script = GenerateCreateScript(fabric);
  ASSERT_FALSE(script.errors.empty());
  EXPECT_EQ(script.errors[0].name, "array_p1");
  EXPECT_EQ(script.errors[0].field, "wwpns");
}

TEST(ZoningScripts, CiscoFabricNeedsAVsan) {
  Fabric fabric = D1FabricA();
  fabric.vsan.reset();
  const Script script = GenerateCreateScript(fabric);
  ASSERT_EQ(script.errors.size(), 1u);
  EXPECT_EQ(script.errors[0], (RecordError{"fabric", "FAB_A", "vsan",
                                           "A Cisco fabric needs a VSAN between 1 and 4094."}));
}

TEST(ZoningScripts, BasicModeHasNoZoneCommitAndExistingCfgIsAddedTo) {
  Fabric cisco = D1FabricA();
  cisco.zoning_mode = ZoningMode::kBasic;
  EXPECT_EQ(GenerateCreateScript(cisco).Text().find("zone commit"), std::string::npos);
  Fabric brocade = D1FabricB();
  brocade.exists = true;
  EXPECT_NE(GenerateCreateScript(brocade).Text().find("cfgadd \"cfg_B\", \"z_peer;z_std\"\n"),
            std::string::npos);
}

TEST(ZoningScripts, ZoneOutsideTheZonesetIsCreatedButNotAdded) {
  Fabric fabric = D1FabricB();
  fabric.zones[1].in_zoneset = false;
  const std::string text = GenerateCreateScript(fabric).Text();
  EXPECT_NE(text.find("zonecreate \"z_std\""), std::string::npos);
  EXPECT_NE(text.find("cfgcreate \"cfg_B\", \"z_peer\"\n"), std::string::npos);
}

TEST(ZoningScripts, AliasesAloneAreSavedWithoutTouchingTheCfg) {
  Fabric fabric = D1FabricB();
  for (Zone& zone : fabric.zones) zone.create = false;
  EXPECT_EQ(GenerateCreateScript(fabric).Text(),
            "alicreate \"array_p2\", \"50:05:07:68:10:00:00:02\"\n"
            "alicreate \"host1_p1\", \"10:00:00:90:fa:a1:00:11\"\n"
            "cfgsave\n");
}

TEST(ZoningScripts, NothingFlaggedGivesNoCommandsAndSaysSo) {
  Fabric fabric = D1FabricA();
  const Script script = GenerateDeleteScript(fabric);
  EXPECT_TRUE(script.commands.empty());
  EXPECT_TRUE(script.errors.empty());
  EXPECT_EQ(script.warnings, std::vector<std::string>{"Fabric FAB_A has nothing to delete."});
}

TEST(ZoningScripts, ARecordBothCreatedAndDeletedIsAnError) {
  Fabric fabric = D1FabricB();
  fabric.zones[1].del = true;
  const Script script = GenerateCreateScript(fabric);
  ASSERT_EQ(script.errors.size(), 1u);
  EXPECT_EQ(script.errors[0].name, "z_std");
  EXPECT_EQ(script.errors[0].field, "delete");
}

TEST(ZoningScripts, TwoZonesWithOneNameAreAnError) {
  Fabric fabric = D1FabricB();
  fabric.zones[1].name = "z_peer";
  const Script script = GenerateCreateScript(fabric);
  ASSERT_EQ(script.errors.size(), 1u);
  EXPECT_EQ(script.errors[0],
            (RecordError{"zone", "z_peer", "name", "Two zones of the fabric have this name."}));
}

}  // namespace
}  // namespace sanplane::san::zoning
