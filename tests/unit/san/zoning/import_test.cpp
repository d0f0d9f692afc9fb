#include "zoning/import.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>

#include "datasets.hpp"
#include "describe.hpp"
#include "golden.hpp"
#include "zoning/script.hpp"

namespace sanplane::san::zoning {
namespace {

using testing::Describe;
using testing::ReadTestFile;

ImportResult ParseFixture(const std::string& name, ImportFormat format = ImportFormat::kAuto) {
  return ParseSwitchOutput(ReadTestFile("fixtures/" + name), format);
}

std::vector<std::string> WarningTexts(const ImportResult& result) {
  std::vector<std::string> out;
  for (const ImportWarning& warning : result.warnings) {
    out.push_back(std::to_string(warning.line) + ": " + warning.message);
  }
  return out;
}

const Alias& AliasNamed(const Fabric& fabric, const std::string& name) {
  for (const Alias& alias : fabric.aliases) {
    if (alias.name == name) return alias;
  }
  throw std::runtime_error("no alias " + name);
}

TEST(ZoningImportCisco, ShowZonesetActive) {
  const ImportResult result = ParseFixture("cisco_zoneset_active.txt");
  ASSERT_TRUE(result.error.empty()) << result.error;
  EXPECT_EQ(result.format, ImportFormat::kCisco);
  ASSERT_EQ(result.fabrics.size(), 1u);
  const Fabric& fabric = result.fabrics[0];
  EXPECT_EQ(fabric.vendor, Vendor::kCisco);
  EXPECT_EQ(fabric.vsan, 221);
  EXPECT_EQ(fabric.zoneset_name, "zs_lab");
  EXPECT_TRUE(fabric.exists);
  ASSERT_EQ(fabric.zones.size(), 1u);
  EXPECT_EQ(fabric.zones[0].name, "z_lab_hosts");
  EXPECT_EQ(fabric.zones[0].members.size(), 5u);
  EXPECT_TRUE(fabric.zones[0].in_zoneset);
  EXPECT_EQ(fabric.zones[0].type, ZoneType::kStandard);
  ASSERT_EQ(fabric.aliases.size(), 5u);
  size_t logged_in = 0;
  for (const Alias& alias : fabric.aliases) {
    EXPECT_EQ(alias.kind, AliasKind::kDeviceAlias) << alias.name;
    EXPECT_EQ(alias.wwpns.size(), 1u) << alias.name;
    logged_in += alias.logged_in ? 1 : 0;
  }
  EXPECT_EQ(logged_in, 4u);
  EXPECT_FALSE(AliasNamed(fabric, "lab-win-e-p2").logged_in);
  EXPECT_EQ(AliasNamed(fabric, "lab-esx-b-p2").wwpns[0], "10:00:00:90:fa:0b:00:02");
  EXPECT_EQ(AliasNamed(fabric, "LAB_ARRAY_SPB-1-2").use, Role::kTarget);
  EXPECT_EQ(AliasNamed(fabric, "lab-linux-a-p2").use, Role::kInit);
  EXPECT_EQ(AliasNamed(fabric, "lab-esx-b-p2").use, Role::kInit);
  EXPECT_EQ(WarningTexts(result),
            std::vector<std::string>{
                "0: VSAN 221: the text does not say the zoning mode; enhanced is assumed."});
}

TEST(ZoningImportCisco, ZonesetActiveOverTwoVsansWithTabsBareWwpnsAndDeviceAliasMembers) {
  const ImportResult result = ParseFixture("cisco_zoneset_active_two_vsans.txt");
  ASSERT_EQ(result.fabrics.size(), 2u);
  EXPECT_EQ(Describe(result.fabrics[0]),
            "zoneset zs_prod\n"
            "alias 10:00:00:90:fa:00:00:07 wwpn 10:00:00:90:fa:00:00:07\n"
            "alias 50:05:07:68:10:00:00:02 wwpn 50:05:07:68:10:00:00:02\n"
            "alias arr_n1_p1 device-alias 50:05:07:68:10:00:00:01\n"
            "alias db1_fcs0 device-alias c0:50:76:0a:00:00:00:01\n"
            "alias db2_fcs0 device-alias c0:50:76:0a:00:00:00:02\n"
            "zone z_bare standard in-zoneset: 10:00:00:90:fa:00:00:07 50:05:07:68:10:00:00:02\n"
            "zone z_db1_arr standard in-zoneset: arr_n1_p1 db1_fcs0\n"
            "zone z_db2_arr standard in-zoneset: arr_n1_p1 db2_fcs0\n");
  EXPECT_TRUE(AliasNamed(result.fabrics[0], "50:05:07:68:10:00:00:02").logged_in);
  EXPECT_FALSE(AliasNamed(result.fabrics[0], "10:00:00:90:fa:00:00:07").logged_in);
  EXPECT_FALSE(result.fabrics[0].smart_zoning);
  EXPECT_EQ(result.fabrics[1].vsan, 31);
  EXPECT_TRUE(result.fabrics[1].smart_zoning);
  EXPECT_EQ(Describe(result.fabrics[1]),
            "zoneset zs_test\n"
            "alias t1_array device-alias\n"
            "alias t1_host device-alias\n"
            "zone z_t1 smart in-zoneset: t1_array=target t1_host=init\n");
  EXPECT_EQ(WarningTexts(result),
            (std::vector<std::string>{
                "0: VSAN 30: the text does not say the zoning mode; enhanced is assumed.",
                "0: VSAN 31: the text gives no WWPN for device-alias t1_array.",
                "0: VSAN 31: the text gives no WWPN for device-alias t1_host.",
                "0: VSAN 31: the text does not say the zoning mode; enhanced is assumed."}));
}

TEST(ZoningImportCisco, ShowZoneWithSmartRolesAndNestedFcaliases) {
  const ImportResult result = ParseFixture("cisco_show_zone.txt");
  ASSERT_EQ(result.fabrics.size(), 1u);
  const Fabric& fabric = result.fabrics[0];
  EXPECT_EQ(Describe(fabric),
            "zoneset \n"
            "alias nas_c01_0a fcalias 20:12:00:a0:98:fa:42:6e 20:12:00:a0:98:fa:42:6f\n"
            "alias nas_host_07 fcalias 10:00:00:90:fa:07:07:07\n"
            "alias ucs-esx01-a device-alias 20:00:00:25:b5:10:a0:00\n"
            "alias ucs-esx02-a device-alias 20:00:00:25:b5:10:a0:01\n"
            "alias ucs-esx03-a device-alias 20:00:00:25:b5:10:a0:02\n"
            "alias ucs-esx04-a device-alias 20:00:00:25:b5:10:a0:03\n"
            "zone z_nas_fc standard in-zoneset: nas_c01_0a nas_host_07\n"
            "zone z_ucs_smart smart in-zoneset: ucs-esx01-a=init ucs-esx02-a=init "
            "ucs-esx03-a=init ucs-esx04-a=init\n");
  for (const ZoneMember& member : fabric.zones[1].members) EXPECT_EQ(member.role, Role::kInit);
  EXPECT_EQ(WarningTexts(result),
            (std::vector<std::string>{
                "0: VSAN 50: the text lists no zoneset's members; its zones are taken as members "
                "of the fabric's zoneset.",
                "0: VSAN 50: the text does not say the zoning mode; enhanced is assumed."}));
}

TEST(ZoningImportCisco, RunningConfigZoningParts) {
  const ImportResult result = ParseFixture("cisco_running_config.txt");
  ASSERT_EQ(result.fabrics.size(), 1u);
  const Fabric& fabric = result.fabrics[0];
  EXPECT_EQ(fabric.vsan, 75);
  EXPECT_EQ(fabric.zoning_mode, ZoningMode::kEnhanced);
  EXPECT_TRUE(fabric.smart_zoning);
  EXPECT_EQ(Describe(fabric),
            "zoneset zs_site1\n"
            "alias c0:50:76:09:aa:00:00:12 wwpn c0:50:76:09:aa:00:00:12\n"
            "alias dbhost_a device-alias c0:50:76:09:aa:00:00:10\n"
            "alias dbhost_b device-alias c0:50:76:09:aa:00:00:11\n"
            "alias flash_n1_p1 device-alias 50:05:07:68:13:11:00:01\n"
            "alias spare_port device-alias 10:00:00:90:fa:99:00:01\n"
            "alias tape_lib fcalias 50:01:10:a0:00:11:22:01 50:01:10:a0:00:11:22:02\n"
            "zone z_backup standard defined-only: c0:50:76:09:aa:00:00:12 tape_lib\n"
            "zone z_dbhost_a smart in-zoneset: dbhost_a=init flash_n1_p1=target\n"
            "zone z_dbhost_b smart in-zoneset: dbhost_b=init flash_n1_p1=target\n");
  // The member roles come from the switch, not from the aliases' uses.
  for (const Zone& zone : fabric.zones) {
    if (zone.type != ZoneType::kSmart) continue;
    for (const ZoneMember& member : zone.members) EXPECT_TRUE(member.role) << member.alias;
  }
  EXPECT_EQ(WarningTexts(result),
            (std::vector<std::string>{"4: not a zoning line: \"version 9.3(8)\"",
                                      "38: not a zoning line: \"do clear zone database vsan 75\"",
                                      "49: not a zoning line: \"interface fc1/1\"",
                                      "50: not a zoning line: \"port-license acquire\"",
                                      "51: not a zoning line: \"no shutdown\""}));
}

/// The WWPN `n` of a numbered series: its first five bytes (`head`, e.g. "21:01:00:1B:32"), then
/// `n` in three bytes, lower- or upper-case hex.
std::string NumberedWwpn(const std::string& head, size_t n, bool upper = false) {
  char tail[16];
  std::snprintf(tail, sizeof tail, upper ? ":%02zX:%02zX:%02zX" : ":%02zx:%02zx:%02zx",
                (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff);
  return head + tail;
}

/// `show zoneset active` of `zones` zones, each with a logged-in host, an absent host and one of
/// eight array ports (shared between zones).
std::string ZonesetActiveOfSize(size_t zones) {
  // Hosts 21:01:… (QLogic initiators), arrays 50:05:… (IBM targets); case mixed on purpose.
  auto wwpn = [](const char* prefix, size_t n) {
    return NumberedWwpn(std::string(prefix) + ":00:1B:32", n);
  };
  std::string text = "zoneset name zs_big vsan 100\n";
  for (size_t n = 0; n < zones; ++n) {
    const std::string id = std::to_string(n);
    text += "  zone name z_" + id + " vsan 100\n";
    text += "  * fcid 0x01" + id + " [pwwn " + wwpn("21:01", 2 * n) + "] [h" + id + "_a]\n";
    text += "    pwwn " + wwpn("21:01", 2 * n + 1) + " [h" + id + "_b]\n";
    text += "  * fcid 0x02" + id + " [pwwn " + wwpn("50:05", n % 8) + "] [arr_" +
            std::to_string(n % 8) + "]\n";
  }
  return text;
}

TEST(ZoningImportCisco, ZonesetActiveAtSeveralSizes) {
  for (size_t zones : {1, 10, 1000}) {
    const ImportResult result = ParseSwitchOutput(ZonesetActiveOfSize(zones));
    ASSERT_EQ(result.fabrics.size(), 1u);
    const Fabric& fabric = result.fabrics[0];
    EXPECT_EQ(fabric.zones.size(), zones);
    const size_t arrays = std::min<size_t>(zones, 8);
    EXPECT_EQ(fabric.aliases.size(), 2 * zones + arrays);
    size_t logged_in = 0, targets = 0;
    for (const Alias& alias : fabric.aliases) {
      logged_in += alias.logged_in ? 1 : 0;
      targets += alias.use == Role::kTarget ? 1 : 0;
    }
    EXPECT_EQ(logged_in, zones + arrays);
    EXPECT_EQ(targets, arrays);
    for (const Zone& zone : fabric.zones) {
      EXPECT_EQ(zone.members.size(), 3u) << zone.name;
      EXPECT_TRUE(zone.in_zoneset) << zone.name;
    }
    EXPECT_EQ(result.warnings.size(), 1u);  // the zoning mode the output does not show
  }
}

/// `show zone vsan 60` of `zones` smart zones, each a host (init) and one of eight array ports
/// (target), named in brackets after the WWPN.
std::string ShowZoneOfSize(size_t zones) {
  std::string text;
  for (size_t n = 0; n < zones; ++n) {
    const std::string id = std::to_string(n);
    text += "zone name zs_" + id + " vsan 60\n";
    text += "  pwwn " + NumberedWwpn("20:00:00:25:B5", n) + " [esx" + id + "-a]  init\n";
    text += "  pwwn " + NumberedWwpn("50:05:07:68:13", n % 8) + " [flash_p" +
            std::to_string(n % 8) + "]  target\n";
  }
  return text;
}

/// The zoning part of `show running-config` for `zones` zones: a device-alias database of the
/// hosts and eight array ports, zones of device-alias members with roles, the zoneset, smart
/// zoning and basic mode.
std::string RunningConfigOfSize(size_t zones) {
  std::string text = "!Command: show running-config\ndevice-alias database\n";
  for (size_t n = 0; n < zones; ++n) {
    text += "  device-alias name esx" + std::to_string(n) + "-a pwwn " +
            NumberedWwpn("20:00:00:25:b5", n) + "\n";
  }
  for (size_t n = 0; n < std::min<size_t>(zones, 8); ++n) {
    text += "  device-alias name flash_p" + std::to_string(n) + " pwwn " +
            NumberedWwpn("50:05:07:68:13", n) + "\n";
  }
  text += "\ndevice-alias commit\n\n";
  std::string zoneset = "zoneset name zs_run vsan 61\n";
  for (size_t n = 0; n < zones; ++n) {
    const std::string id = std::to_string(n);
    text += "zone name zr_" + id + " vsan 61\n    member device-alias esx" + id +
            "-a init\n    member device-alias flash_p" + std::to_string(n % 8) + " target\n\n";
    zoneset += "    member zr_" + id + "\n";
  }
  text += zoneset + "\nzoneset activate name zs_run vsan 61\nzone smart-zoning enable vsan 61\n";
  text += "zone mode basic vsan 61\n";
  return text;
}

TEST(ZoningImportCisco, ShowZoneAndRunningConfigAtSeveralSizes) {
  for (size_t zones : {1, 10, 1000}) {
    const size_t arrays = std::min<size_t>(zones, 8);
    const ImportResult shown = ParseSwitchOutput(ShowZoneOfSize(zones));
    ASSERT_EQ(shown.fabrics.size(), 1u);
    EXPECT_EQ(shown.fabrics[0].vsan, 60);
    EXPECT_EQ(shown.fabrics[0].zones.size(), zones);
    EXPECT_EQ(shown.fabrics[0].aliases.size(), zones + arrays);
    for (const Zone& zone : shown.fabrics[0].zones) {
      ASSERT_EQ(zone.type, ZoneType::kSmart) << zone.name;
      ASSERT_EQ(zone.members.size(), 2u) << zone.name;
      EXPECT_EQ(zone.members[0].role, Role::kInit) << zone.name;
      EXPECT_EQ(zone.members[1].role, Role::kTarget) << zone.name;
    }
    EXPECT_EQ(AliasNamed(shown.fabrics[0], "esx" + std::to_string(zones - 1) + "-a").wwpns[0],
              NumberedWwpn("20:00:00:25:b5", zones - 1));

    const ImportResult run = ParseSwitchOutput(RunningConfigOfSize(zones));
    ASSERT_EQ(run.fabrics.size(), 1u);
    const Fabric& fabric = run.fabrics[0];
    EXPECT_EQ(fabric.vsan, 61);
    EXPECT_EQ(fabric.zoneset_name, "zs_run");
    EXPECT_TRUE(fabric.smart_zoning);
    EXPECT_EQ(fabric.zoning_mode, ZoningMode::kBasic);
    EXPECT_EQ(fabric.zones.size(), zones);
    EXPECT_EQ(fabric.aliases.size(), zones + arrays);
    for (const Alias& alias : fabric.aliases) EXPECT_EQ(alias.kind, AliasKind::kDeviceAlias);
    for (const Zone& zone : fabric.zones) {
      EXPECT_TRUE(zone.in_zoneset) << zone.name;
      ASSERT_EQ(zone.members.size(), 2u) << zone.name;
    }
    // A `!` line is a comment of the switch's, nothing to warn about.
    EXPECT_TRUE(run.warnings.empty()) << WarningTexts(run).front();
  }
}

TEST(ZoningImportCisco, MalformedLinesAreWarningsWithTheirNumbers) {
  const ImportResult result = ParseSwitchOutput(
      "zone name z1 vsan 10\n"
      "  pwwn 10:00:00:90:fa:00:00:0g [h1]\n"
      "  fcid 0x010101\n"
      "  pwwn 10:00:00:90:fa:00:00:01 [h2] init extra\n"
      "  member interface fc1/1\n"
      "hello world\n"
      "zone name z2 vsan 99999\r\n"
      "!   [orphan]\n");
  ASSERT_EQ(result.fabrics.size(), 1u);
  EXPECT_EQ(Describe(result.fabrics[0]),
            "zoneset \nalias h2 device-alias 10:00:00:90:fa:00:00:01\n"
            "zone z1 standard in-zoneset: h2\n");
  EXPECT_EQ(WarningTexts(result),
            (std::vector<std::string>{
                "2: \"10:00:00:90:fa:00:00:0g\" is not a WWPN; the line is not imported.",
                "3: A member given by FCID alone is not imported (the FCID is not stable; zone by "
                "WWPN or alias).",
                "4: words ignored in a member line: \"pwwn 10:00:00:90:fa:00:00:01 [h2] init "
                "extra\"",
                "5: member not imported (only pwwn, device-alias and fcalias are): \"member "
                "interface fc1/1\"",
                "6: not a zoning line: \"hello world\"",
                "7: not a zoning line: \"zone name z2 vsan 99999\"",
                "8: A [name] comment that follows no pwwn member is ignored.",
                "0: VSAN 10: the text lists no zoneset's members; its zones are taken as members "
                "of the fabric's zoneset.",
                "0: VSAN 10: the text does not say the zoning mode; enhanced is assumed."}));
}

TEST(ZoningImportBrocade, CfgshowWithTabsSeparatorsAndContinuations) {
  const ImportResult result = ParseFixture("brocade_cfgshow.txt");
  ASSERT_TRUE(result.error.empty()) << result.error;
  EXPECT_EQ(result.format, ImportFormat::kBrocade);
  ASSERT_EQ(result.fabrics.size(), 1u);
  const Fabric& fabric = result.fabrics[0];
  EXPECT_EQ(fabric.vendor, Vendor::kBrocade);
  EXPECT_TRUE(fabric.exists);
  EXPECT_EQ(Describe(fabric),
            "zoneset AIS_IDA_SANA\n"
            "alias alias1 fcalias 50:01:43:80:03:bc:68:00\n"
            "alias alias2 fcalias 10:00:00:90:fa:11:22:33\n"
            "alias alias3 fcalias 50:01:43:80:03:bc:68:02\n"
            "alias alias4 fcalias 21:00:00:24:ff:40:50:60\n"
            "zone zone1 standard in-zoneset: alias1 alias2\n"
            "zone zone2 standard in-zoneset: alias3\n"
            "zone zone3 standard in-zoneset: alias3 alias4\n"
            "zone zone5 standard defined-only: alias1 alias4\n");
  EXPECT_TRUE(result.warnings.empty()) << WarningTexts(result).front();
}

/// A cfgshow as FOS prints it for `zones` zones: each zone of two host aliases and one of eight
/// array ports, written over a continuation line; the cfg lists every zone but the last (of more
/// than one), three to a line; WWPNs upper-case with "; " separators; the effective
/// configuration after it.
size_t ListedInCfg(size_t zones) { return zones > 1 ? zones - 1 : 1; }

std::string CfgshowOfSize(size_t zones) {
  auto wwpn = [](const char* prefix, size_t n) {
    return NumberedWwpn(std::string(prefix) + ":00:90:FA", n, true);
  };
  std::string text = "Defined configuration:\n cfg:\tCFG_BIG\t";
  const size_t listed = ListedInCfg(zones);
  for (size_t n = 0; n < listed; ++n) {
    text += "z_" + std::to_string(n) + ((n + 1 < listed) ? "; " : " ");
    if (n % 3 == 2 && n + 1 < listed) text += "\n\t\t";
  }
  text += "\n";
  for (size_t n = 0; n < zones; ++n) {
    const std::string id = std::to_string(n);
    text += " zone:\tz_" + id + "\th" + id + "_a; h" + id + "_b; \n\t\tarr_" +
            std::to_string(n % 8) + " \n";
  }
  for (size_t n = 0; n < std::min<size_t>(zones, 8); ++n) {
    text += " alias:\tarr_" + std::to_string(n) + "\t" + wwpn("50:05", n) + " \n";
  }
  for (size_t n = 0; n < zones; ++n) {
    const std::string id = std::to_string(n);
    text += " alias:\th" + id + "_a\t" + wwpn("10:00", 2 * n) + " \n";
    text += " alias:\th" + id + "_b\t" + wwpn("10:00", 2 * n + 1) + " \n";
  }
  text += "\nEffective configuration:\n cfg:\tCFG_BIG\t\n";
  return text;
}

TEST(ZoningImportBrocade, CfgshowAtSeveralSizes) {
  for (size_t zones : {1, 10, 1000}) {
    const ImportResult result = ParseSwitchOutput(CfgshowOfSize(zones));
    ASSERT_TRUE(result.error.empty()) << result.error;
    EXPECT_EQ(result.format, ImportFormat::kBrocade);
    ASSERT_EQ(result.fabrics.size(), 1u);
    const Fabric& fabric = result.fabrics[0];
    EXPECT_EQ(fabric.zoneset_name, "CFG_BIG");
    EXPECT_EQ(fabric.zones.size(), zones);
    EXPECT_EQ(fabric.aliases.size(), 2 * zones + std::min<size_t>(zones, 8));
    size_t in_cfg = 0;
    for (const Zone& zone : fabric.zones) {
      EXPECT_EQ(zone.members.size(), 3u) << zone.name;
      in_cfg += zone.in_zoneset ? 1 : 0;
    }
    EXPECT_EQ(in_cfg, ListedInCfg(zones)) << "the last of several zones is defined, not in the cfg";
    for (const Alias& alias : fabric.aliases) {
      ASSERT_EQ(alias.wwpns.size(), 1u) << alias.name;
      EXPECT_EQ(alias.wwpns[0].find_first_of("ABCDEF"), std::string::npos) << alias.wwpns[0];
    }
    const Alias& last = AliasNamed(fabric, "h" + std::to_string(zones - 1) + "_b");
    EXPECT_EQ(last.wwpns[0], NumberedWwpn("10:00:00:90:fa", 2 * (zones - 1) + 1));
    EXPECT_TRUE(result.warnings.empty()) << WarningTexts(result).front();
  }
}

TEST(ZoningImportBrocade, PeerZonesPortMembersAndSeveralCfgs) {
  const ImportResult result = ParseFixture("brocade_cfgshow_peer.txt");
  ASSERT_EQ(result.fabrics.size(), 1u);
  const Fabric& fabric = result.fabrics[0];
  EXPECT_EQ(Describe(fabric),
            "zoneset PROD_A\n"
            "alias 10:00:00:90:fa:5a:5a:01 wwpn 10:00:00:90:fa:5a:5a:01\n"
            "alias 50:05:07:68:10:00:00:3a wwpn 50:05:07:68:10:00:00:3a\n"
            "alias db01_hba0 fcalias c0:50:76:0b:00:00:00:01 c0:50:76:0b:00:00:00:02\n"
            "alias db02_hba0 fcalias c0:50:76:0b:00:00:00:03\n"
            "alias flash_p1 fcalias 50:05:07:68:10:00:00:31\n"
            "alias flash_p2 fcalias 50:05:07:68:10:00:00:32\n"
            "alias web_hba0 fcalias 10:00:00:90:fa:5a:5a:02\n"
            "zone z_bare standard in-zoneset: 10:00:00:90:fa:5a:5a:01 50:05:07:68:10:00:00:3a\n"
            "zone z_peer_db smart in-zoneset: db01_hba0=init db02_hba0=init flash_p1=target "
            "flash_p2=target\n"
            "zone z_ports standard defined-only:\n"
            "zone z_std_web standard in-zoneset: flash_p1 web_hba0\n");
  EXPECT_EQ(WarningTexts(result),
            (std::vector<std::string>{
                "14: not a zoning line: \"garbage line\"",
                "8: Zone z_ports: port member 1,5 is not imported.",
                "8: Zone z_ports: port member 1,6 is not imported.",
                "0: 2 cfgs are defined; only the membership of the effective cfg PROD_A is "
                "imported."}));
}

TEST(ZoningImportBrocade, APropertyMemberThatDoesNotFitLeavesRolesToTheAliases) {
  const ImportResult result = ParseSwitchOutput(
      "Defined configuration:\n"
      " zone:\tz_peer\t00:02:00:00:00:03:05:01; arr; host\n"
      " alias:\tarr\t50:05:07:68:10:00:00:01\n"
      " alias:\thost\t10:00:00:90:fa:00:00:01\n"
      "Effective configuration:\n"
      " alias: x 10:00:00:90:fa:00:00:09\n");
  ASSERT_EQ(result.fabrics.size(), 1u);
  EXPECT_EQ(Describe(result.fabrics[0]),
            "zoneset \nalias arr fcalias 50:05:07:68:10:00:00:01\n"
            "alias host fcalias 10:00:00:90:fa:00:00:01\n"
            "zone z_peer smart in-zoneset: arr=target host=init\n");
  EXPECT_EQ(WarningTexts(result),
            (std::vector<std::string>{"6: alias in the effective configuration: \"alias: x "
                                      "10:00:00:90:fa:00:00:09\"",
                                      "2: Peer zone z_peer: its property member "
                                      "00:02:00:00:00:03:05:01 announces 5 principal members of "
                                      "2; members get no role.",
                                      "0: The text names no cfg; its zones are taken as members "
                                      "of the fabric's cfg."}));
}

TEST(ZoningImport, AutoDetectionAndRefusals) {
  EXPECT_EQ(DetectFormat("switch# show zone\nzone name a vsan 1\n"), ImportFormat::kCisco);
  EXPECT_EQ(DetectFormat("fab1:admin> cfgshow\nDefined configuration:\n"), ImportFormat::kBrocade);
  EXPECT_EQ(DetectFormat("hello\n"), ImportFormat::kAuto);
  const ImportResult unknown = ParseSwitchOutput("hello\nworld\n");
  EXPECT_EQ(unknown.error,
            "The text is neither Cisco MDS zoning output (show zoneset active, show zone, show "
            "running-config) nor Brocade cfgshow output.");
  EXPECT_TRUE(unknown.fabrics.empty());
  // An explicit format is obeyed: Cisco text read as cfgshow is all warnings.
  const ImportResult forced = ParseSwitchOutput("zone name a vsan 1\n", ImportFormat::kBrocade);
  EXPECT_EQ(forced.format, ImportFormat::kBrocade);
  EXPECT_EQ(WarningTexts(forced),
            std::vector<std::string>{"1: not a zoning line: \"zone name a vsan 1\""});
}

TEST(ZoningImport, InputIsBoundedInBytesAndLines) {
  const std::string line = " alias:\ta\t10:00:00:90:fa:00:00:01\n";
  std::string at_limit = "Defined configuration:\n";
  for (size_t lines = 1; lines < kMaxImportLines; ++lines) at_limit += line;
  EXPECT_TRUE(ParseSwitchOutput(at_limit).error.empty());

  std::string too_long;
  for (size_t i = 0; i < kMaxImportLines; ++i) too_long += "\n";
  EXPECT_TRUE(
      ParseSwitchOutput(too_long + "Defined configuration:").error.find("more than 50000 lines") !=
      std::string::npos);
  EXPECT_TRUE(ParseSwitchOutput(too_long).error.find("neither") != std::string::npos);

  const std::string too_big(kMaxImportBytes + 1, ' ');
  EXPECT_EQ(ParseSwitchOutput(too_big).error,
            "The text has 10485761 bytes; an import takes at most 10485760 (10 MB).");
}

TEST(ZoningImport, WarningsBeyondTheCapAreCounted) {
  std::string text = "Defined configuration:\n";
  for (size_t i = 0; i < kMaxImportWarnings + 25; ++i) text += "junk\n";
  const ImportResult result = ParseSwitchOutput(text);
  ASSERT_EQ(result.warnings.size(), kMaxImportWarnings + 1);
  EXPECT_EQ(result.warnings.back(),
            (ImportWarning{0, "25 more warnings are not listed (at most 500 are)."}));
}

}  // namespace
}  // namespace sanplane::san::zoning
