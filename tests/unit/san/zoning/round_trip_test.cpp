// Import, then script: the create script written for an imported fabric re-creates exactly the
// imported objects. Brocade scripts are replayed by a small interpreter of the commands sanplane
// writes; Cisco scripts are read back by the Cisco importer (their lines are running-config lines).

#include <gtest/gtest.h>

#include <regex>

#include "datasets.hpp"
#include "describe.hpp"
#include "golden.hpp"
#include "zoning/import.hpp"
#include "zoning/script.hpp"

namespace sanplane::san::zoning {
namespace {

using testing::Describe;
using testing::ReadTestFile;

std::vector<std::string> Split(const std::string& list) {
  std::vector<std::string> items;
  size_t start = 0;
  while (start <= list.size()) {
    const size_t end = std::min(list.find(';', start), list.size());
    items.push_back(list.substr(start, end - start));
    start = end + 1;
  }
  return items;
}

bool IsWwpn(const std::string& text) {
  return std::regex_match(text, std::regex("([0-9a-f]{2}:){7}[0-9a-f]{2}"));
}

/// What a Brocade switch holds after running `commands` on an empty zone database.
Fabric ReplayBrocade(const std::vector<std::string>& commands) {
  const std::regex alicreate(R"re(alicreate "([^"]+)", "([^"]+)")re");
  const std::regex zonecreate(R"re(zonecreate "([^"]+)", "([^"]+)")re");
  const std::regex peer(
      R"re(zonecreate --peerzone "([^"]+)" -principal "([^"]+)"(?: -members "([^"]+)")?)re");
  const std::regex cfgcreate(R"re(cfgcreate "([^"]+)", "([^"]+)")re");
  const std::regex cfgenable(R"re(cfgenable "([^"]+)")re");
  Fabric fabric;
  fabric.vendor = Vendor::kBrocade;
  std::vector<std::string> cfg_members;
  auto member = [&](const std::string& token, std::optional<Role> role) {
    if (IsWwpn(token)) {
      const bool known = std::any_of(fabric.aliases.begin(), fabric.aliases.end(),
                                     [&](const Alias& alias) { return alias.name == token; });
      if (!known) fabric.aliases.push_back({token, {token}, {}, AliasKind::kWwpn});
    }
    return ZoneMember{token, role};
  };
  for (const std::string& command : commands) {
    std::smatch match;
    if (std::regex_match(command, match, alicreate)) {
      fabric.aliases.push_back({match[1], Split(match[2]), {}, AliasKind::kFcAlias});
    } else if (std::regex_match(command, match, peer)) {
      Zone zone{match[1], ZoneType::kSmart, {}};
      for (const std::string& token : Split(match[2])) {
        zone.members.push_back(member(token, Role::kTarget));
      }
      if (match[3].matched) {
        for (const std::string& token : Split(match[3])) {
          zone.members.push_back(member(token, Role::kInit));
        }
      }
      fabric.zones.push_back(zone);
    } else if (std::regex_match(command, match, zonecreate)) {
      Zone zone{match[1], ZoneType::kStandard, {}};
      for (const std::string& token : Split(match[2])) zone.members.push_back(member(token, {}));
      fabric.zones.push_back(zone);
    } else if (std::regex_match(command, match, cfgcreate)) {
      fabric.zoneset_name = match[1];
      cfg_members = Split(match[2]);
    } else if (!std::regex_match(command, match, cfgenable)) {
      ADD_FAILURE() << "the replay does not know " << command;
    }
  }
  for (Zone& zone : fabric.zones) {
    zone.in_zoneset =
        std::find(cfg_members.begin(), cfg_members.end(), zone.name) != cfg_members.end();
  }
  return fabric;
}

/// The imported fabric as a script's input: everything to be created on an empty switch.
Fabric ToCreate(Fabric fabric) {
  fabric.exists = false;
  for (Alias& alias : fabric.aliases) alias.create = true;
  for (Zone& zone : fabric.zones) zone.create = true;
  return fabric;
}

TEST(ZoningRoundTrip, BrocadeCfgshowToScriptAndBack) {
  const ImportResult imported = ParseSwitchOutput(ReadTestFile("fixtures/brocade_cfgshow.txt"));
  ASSERT_EQ(imported.fabrics.size(), 1u);
  const Fabric& fabric = imported.fabrics[0];
  const Script script = GenerateCreateScript(ToCreate(fabric));
  ASSERT_TRUE(script.errors.empty()) << script.errors.front().message;
  EXPECT_EQ(Describe(ReplayBrocade(script.commands)), Describe(fabric));
  // zone5 is defined but outside the cfg: created, not added.
  EXPECT_NE(script.Text().find("cfgcreate \"AIS_IDA_SANA\", \"zone1;zone2;zone3\"\n"),
            std::string::npos);
}

TEST(ZoningRoundTrip, BrocadePeerZonesMultiWwpnAliasesAndBareWwpns) {
  const ImportResult imported =
      ParseSwitchOutput(ReadTestFile("fixtures/brocade_cfgshow_peer.txt"));
  ASSERT_EQ(imported.fabrics.size(), 1u);
  Fabric fabric = imported.fabrics[0];
  // z_ports held only port members, which are not imported; a zone without members has no
  // script.
  std::erase_if(fabric.zones, [](const Zone& zone) { return zone.name == "z_ports"; });
  const Script script = GenerateCreateScript(ToCreate(fabric));
  ASSERT_TRUE(script.errors.empty()) << script.errors.front().message;
  EXPECT_EQ(Describe(ReplayBrocade(script.commands)), Describe(fabric));
  EXPECT_NE(script.Text().find("zonecreate --peerzone \"z_peer_db\" -principal "
                               "\"flash_p1;flash_p2\" -members \"db01_hba0;db02_hba0\"\n"),
            std::string::npos)
      << script.Text();
}

TEST(ZoningRoundTrip, CiscoScriptReadBackByTheImporter) {
  const Fabric d1 = testing::D1FabricA();
  const Script script = GenerateCreateScript(d1);
  const ImportResult imported = ParseSwitchOutput(script.Text(), ImportFormat::kAuto);
  ASSERT_EQ(imported.format, ImportFormat::kCisco);
  ASSERT_EQ(imported.fabrics.size(), 1u);
  const Fabric& fabric = imported.fabrics[0];
  EXPECT_EQ(Describe(fabric), Describe(d1));
  EXPECT_EQ(fabric.vsan, 10);
  EXPECT_TRUE(fabric.smart_zoning);
  // The session lines of the script are not zoning; the importer says so.
  std::vector<size_t> warned_lines;
  for (const ImportWarning& warning : imported.warnings) warned_lines.push_back(warning.line);
  EXPECT_EQ(warned_lines, (std::vector<size_t>{1, 19, 20, 0}));
}

}  // namespace
}  // namespace sanplane::san::zoning
