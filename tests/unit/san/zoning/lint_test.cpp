#include "zoning/lint.hpp"

#include <gtest/gtest.h>

#include "datasets.hpp"

namespace sanplane::san::zoning {
namespace {

using testing::D2Fabric;
using testing::MakeAlias;
using testing::MakeFabric;
using testing::MakeZone;

/// "CODE first-record severity" per finding, in the report's order.
std::vector<std::string> Summaries(const std::vector<Finding>& findings) {
  std::vector<std::string> out;
  for (const Finding& finding : findings) {
    out.push_back(finding.code + " " + finding.records.front() + " " +
                  std::string(SeverityName(finding.severity)));
  }
  return out;
}

TEST(ZoningLint, D2GivesExactlyTheSevenFindings) {
  const std::vector<Finding> findings = LintFabric(D2Fabric());
  EXPECT_EQ(Summaries(findings), (std::vector<std::string>{
                                     "MULTI_INITIATOR_STANDARD_ZONE z_multi warning",
                                     "NAME_RULE 9lives error",
                                     "NO_TARGET z_noT error",
                                     "SINGLE_MEMBER_ZONE z_one warning",
                                     "UNUSED_ALIAS orphan info",
                                     "USE_MISMATCH_PREFIX arr_wrong warning",
                                     "ZONE_NOT_IN_ZONESET z_loose info",
                                 }));
}

TEST(ZoningLint, D2FindingsSayWhy) {
  const std::vector<Finding> findings = LintFabric(D2Fabric());
  ASSERT_EQ(findings.size(), 7u);
  EXPECT_EQ(findings[0].records, (std::vector<std::string>{"z_multi", "host1_p0", "host2_p0"}));
  EXPECT_EQ(findings[1].message,
            "Alias 9lives: The name begins with a digit. Cisco names have at most 64 characters, "
            "begin with a letter and use only letters, digits and _ - $ ^.");
  EXPECT_EQ(findings[5].message,
            "Alias arr_wrong is declared init but its WWPN 50:05:07:68:10:00:00:07 has a target "
            "prefix (5005).");
}

TEST(ZoningLint, D2WithAZoneCapOfTwoAddsThreeAliases) {
  LintOptions options;
  options.alias_max_zones = 2;
  const std::vector<std::string> summaries = Summaries(LintFabric(D2Fabric(), options));
  ASSERT_EQ(summaries.size(), 10u);
  EXPECT_EQ(std::vector<std::string>(summaries.begin(), summaries.begin() + 3),
            (std::vector<std::string>{"ALIAS_OVER_ZONE_CAP array_p1 info",
                                      "ALIAS_OVER_ZONE_CAP host1_p0 info",
                                      "ALIAS_OVER_ZONE_CAP host2_p0 info"}));
  options.alias_max_zones = 3;
  EXPECT_EQ(LintFabric(D2Fabric(), options).size(), 7u);
}

TEST(ZoningLint, EmptyZoneSmartZoneWithoutInitiatorAndDuplicateWwpn) {
  Fabric fabric = MakeFabric("F", Vendor::kCisco, "ZS");
  fabric.aliases = {MakeAlias("arr_a", "50:05:07:68:10:00:00:01", Role::kTarget),
                    MakeAlias("arr_b", "50:05:07:68:10:00:00:02", Role::kTarget),
                    MakeAlias("arr_a_again", "50-05-07-68-10-00-00-01", Role::kTarget)};
  fabric.zones = {
      MakeZone("z_empty", ZoneType::kStandard, {}),
      MakeZone("z_targets", ZoneType::kSmart, {{"arr_a", {}}, {"arr_b", {}}, {"arr_a_again", {}}})};
  EXPECT_EQ(Summaries(LintFabric(fabric)),
            (std::vector<std::string>{"DUPLICATE_WWPN arr_a error", "EMPTY_ZONE z_empty warning",
                                      "NO_INITIATOR z_targets warning"}));
  fabric.vendor = Vendor::kBrocade;
  EXPECT_EQ(Summaries(LintFabric(fabric))[0], "DUPLICATE_WWPN arr_a warning");
}

TEST(ZoningLint, BrocadeNameRulesFollowTheFosRelease) {
  Fabric fabric = MakeFabric("F", Vendor::kBrocade, "cfg");
  fabric.aliases = {MakeAlias("1host-a", "10:00:00:90:fa:a1:00:01", Role::kInit),
                    MakeAlias("arr", "50:05:07:68:10:00:00:01", Role::kTarget)};
  fabric.zones = {MakeZone("z", ZoneType::kStandard, {{"1host-a", {}}, {"arr", {}}})};
  EXPECT_TRUE(LintFabric(fabric).empty());
  fabric.fos_name_rules = FosNameRules::kLegacy;
  EXPECT_EQ(Summaries(LintFabric(fabric)), (std::vector<std::string>{"NAME_RULE 1host-a error"}));
}

TEST(ZoningLint, BothNeverContradictsThePrefixAndUnknownPrefixesPass) {
  Fabric fabric = MakeFabric("F", Vendor::kBrocade, "cfg");
  fabric.aliases = {MakeAlias("a", "50:05:07:68:10:00:00:01", Role::kBoth),
                    MakeAlias("b", "ab:cd:00:00:00:00:00:01", Role::kInit)};
  fabric.zones = {MakeZone("z", ZoneType::kStandard, {{"a", {}}, {"b", {}}})};
  EXPECT_TRUE(LintFabric(fabric).empty());
}

TEST(WwpnPrefixTable, SeededTableKnowsTargetsAndInitiators) {
  const WwpnPrefixTable& table = WwpnPrefixTable::Seeded();
  EXPECT_EQ(table.UseOf("50:05:07:68:10:00:00:01"), Role::kTarget);
  EXPECT_EQ(table.UseOf("50:06:01:6a:47:e4:6e:59"), Role::kTarget);
  EXPECT_EQ(table.UseOf("21:01:00:1b:32:a1:c0:a8"), Role::kInit);
  EXPECT_EQ(table.UseOf("10:00:00:90:fa:c7:da:42"), Role::kInit);
  EXPECT_EQ(table.UseOf("c0:50:76:00:00:00:00:01"), Role::kInit);
  EXPECT_EQ(table.UseOf("ab:cd:00:00:00:00:00:01"), std::nullopt);
  EXPECT_EQ(table.UseOf("5005"), std::nullopt);
}

TEST(WwpnPrefixTable, ACustomTableReplacesTheSeed) {
  const WwpnPrefixTable table({{"abcd", Role::kTarget, "lab array"}});
  EXPECT_EQ(table.UseOf("ab:cd:00:00:00:00:00:01"), Role::kTarget);
  EXPECT_EQ(table.UseOf("50:05:07:68:10:00:00:01"), std::nullopt);
}

}  // namespace
}  // namespace sanplane::san::zoning
