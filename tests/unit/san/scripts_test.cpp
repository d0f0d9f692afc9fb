// Scripts and the hygiene report of stored records: the rows as the store reads them become the
// zoning model, the generator's output, or the refusal naming each record (zoning_records.hpp,
// scripts.hpp).
#include "scripts.hpp"

#include <gtest/gtest.h>

#include "common/errors.hpp"

namespace sanplane::san {
namespace {

constexpr int64_t kProject = 7;

AliasRow Alias(int64_t id, const std::string& name, const std::string& wwpn,
               std::optional<std::string> use, bool create = true) {
  AliasRow row;
  row.id = id;
  row.values.name = name;
  row.values.wwpn = wwpn;
  row.values.use = std::move(use);
  row.values.create = create;
  row.projects = {kProject};
  return row;
}

ZoneRow Zone(int64_t id, const std::string& name, const std::string& type,
             std::vector<int64_t> members, bool create = true) {
  ZoneRow row;
  row.id = id;
  row.values.name = name;
  row.values.zone_type = type;
  row.values.create = create;
  row.members = std::move(members);
  row.projects = {kProject};
  return row;
}

/// FAB_B of dataset D1 (zoning reference §2), as stored.
FabricZoning FabB() {
  FabricZoning fabric;
  fabric.fabric.id = 2;
  fabric.fabric.values.name = "FAB_B";
  fabric.fabric.values.san_vendor = "BR";
  fabric.fabric.values.zoneset_name = "cfg_B";
  fabric.aliases = {Alias(21, "array_p2", "50:05:07:68:10:00:00:02", "target"),
                    Alias(22, "host1_p1", "10:00:00:90:fa:a1:00:11", "init")};
  fabric.zones = {Zone(31, "z_peer", "smart", {21, 22}), Zone(32, "z_std", "standard", {21, 22})};
  return fabric;
}

std::vector<std::string> Commands(const v1::FabricScript& script) {
  return {script.commands().begin(), script.commands().end()};
}

common::v1::ErrorDetails DetailsOf(const std::function<void()>& call) {
  try {
    call();
  } catch (const common::Error& error) {
    EXPECT_EQ(error.kind(), common::ErrorKind::kInvalidArgument);
    return error.details();
  }
  ADD_FAILURE() << "no error";
  return {};
}

TEST(Scripts, D1FabBCreateScriptFromStoredRows) {
  const v1::ScriptsResponse scripts = BuildScripts({FabB()}, std::nullopt, ScriptKind::kCreate);
  ASSERT_EQ(scripts.scripts_size(), 1);
  const v1::FabricScript& script = scripts.scripts(0);
  EXPECT_EQ(script.fabric(), "FAB_B");
  EXPECT_EQ(script.vendor(), "BR");
  EXPECT_EQ(script.zoneset_name(), "cfg_B");
  EXPECT_EQ(Commands(script),
            (std::vector<std::string>{
                R"(alicreate "array_p2", "50:05:07:68:10:00:00:02")",
                R"(alicreate "host1_p1", "10:00:00:90:fa:a1:00:11")",
                R"(zonecreate --peerzone "z_peer" -principal "array_p2" -members "host1_p1")",
                R"(zonecreate "z_std", "array_p2;host1_p1")",
                R"(cfgcreate "cfg_B", "z_peer;z_std")", R"(cfgenable "cfg_B")"}));
}

TEST(Scripts, StoredRolesAndWwpnListsReachTheModel) {
  FabricZoning fabric = FabB();
  fabric.aliases[1].values.more_wwpns = {"10:00:00:90:fa:a1:00:12"};
  fabric.zones[0].member_roles = {{22, "both"}};
  fabric.zones[1].values.in_zoneset = false;
  const zoning::Fabric model = ZoningFabricOf(fabric);
  EXPECT_EQ(model.aliases[1].wwpns,
            (std::vector<std::string>{"10:00:00:90:fa:a1:00:11", "10:00:00:90:fa:a1:00:12"}));
  EXPECT_EQ(model.zones[0].members[1].role, zoning::Role::kBoth);
  EXPECT_FALSE(model.zones[0].members[0].role.has_value());
  EXPECT_FALSE(model.zones[1].in_zoneset);
}

TEST(Scripts, AProjectScriptChangesOnlyTheProjectsRecords) {
  FabricZoning fabric = FabB();
  fabric.zones[1].projects = {kProject + 1};
  const v1::ScriptsResponse scripts = BuildScripts({fabric}, kProject, ScriptKind::kCreate);
  for (const std::string& command : Commands(scripts.scripts(0))) {
    EXPECT_EQ(command.find("z_std"), std::string::npos) << command;
  }
}

TEST(Scripts, ARecordThatCannotBeWrittenIsNamedUnderItsKind) {
  FabricZoning fabric = FabB();
  fabric.aliases[0].values.use = "init";  // z_peer is left without a target
  const common::v1::ErrorDetails details =
      DetailsOf([&] { BuildScripts({fabric}, std::nullopt, ScriptKind::kCreate); });
  ASSERT_TRUE(details.has_batch_failure());
  const common::v1::BatchFailure& failure = details.batch_failure();
  EXPECT_EQ(failure.item_key(), "zone");
  ASSERT_EQ(failure.items_size(), 1);
  EXPECT_EQ(failure.items(0).label(), "z_peer");
  EXPECT_EQ(failure.items(0).invalid().violations(0).field(), "members");
  EXPECT_EQ(failure.items(0).invalid().violations(0).message(),
            "A smart zone needs at least one target");
}

TEST(Scripts, HygieneErrorsRefuseACreateScriptButNotADeleteScript) {
  FabricZoning fabric = FabB();
  fabric.aliases[0].values.use = "init";
  fabric.zones[0].values.create = false;  // no script writes it, the report still sees it
  const common::v1::ErrorDetails details =
      DetailsOf([&] { BuildScripts({fabric}, std::nullopt, ScriptKind::kCreate); });
  ASSERT_TRUE(details.has_problems());
  ASSERT_EQ(details.problems().problems_size(), 1);
  EXPECT_TRUE(details.problems().problems(0).starts_with("FAB_B: NO_TARGET z_peer: "));

  fabric.zones[1].values.create = false;  // on the switch already
  fabric.zones[1].values.del = true;
  const v1::ScriptsResponse deleted = BuildScripts({fabric}, std::nullopt, ScriptKind::kDelete);
  EXPECT_EQ(Commands(deleted.scripts(0)).front(), R"(cfgremove "cfg_B", "z_std")");
}

TEST(Scripts, KindAndFormatAreChecked) {
  EXPECT_EQ(ParseScriptKind("delete"), ScriptKind::kDelete);
  EXPECT_THROW(ParseScriptKind(""), common::Error);
  EXPECT_NO_THROW(CheckScriptFormat(""));
  EXPECT_NO_THROW(CheckScriptFormat("zip"));
  EXPECT_THROW(CheckScriptFormat("pdf"), common::Error);
}

TEST(Lint, FindingsInWireForm) {
  FabricZoning fabric = FabB();
  fabric.aliases.push_back(Alias(23, "orphan", "10:00:00:90:fa:a1:00:19", "init"));
  const v1::LintResponse report = LintReport(fabric, std::nullopt);
  ASSERT_EQ(report.findings_size(), 1);
  EXPECT_EQ(report.findings(0).code(), "UNUSED_ALIAS");
  EXPECT_EQ(report.findings(0).severity(), "info");
  EXPECT_EQ(report.findings(0).records(0), "orphan");
  EXPECT_EQ(LintReport(fabric, 1).findings_size(), 3);  // array_p2 and host1_p1 are in 2 zones
}

}  // namespace
}  // namespace sanplane::san
