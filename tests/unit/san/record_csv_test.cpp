#include "record_csv.hpp"

#include <gtest/gtest.h>

#include "common/errors.hpp"

namespace sanplane::san {
namespace {

AliasRow Alias(int64_t id, int64_t fabric, std::string name, std::string wwpn) {
  AliasRow row;
  row.id = id;
  row.values.fabric_id = fabric;
  row.values.name = std::move(name);
  row.values.wwpn = std::move(wwpn);
  row.stamp.version = 3;
  return row;
}

/// Fabric "FAB_A" (id 7) holding esx01 (id 1, version 3) and zone z1 (id 10, version 2).
CsvFabrics OneFabric() {
  FabricZoning zoning;
  zoning.fabric.id = 7;
  zoning.fabric.values.name = "FAB_A";
  zoning.aliases.push_back(Alias(1, 7, "esx01", "10:00:00:00:00:00:00:01"));
  ZoneRow zone;
  zone.id = 10;
  zone.values.fabric_id = 7;
  zone.values.name = "z1";
  zoning.zones.push_back(zone);
  CsvFabrics fabrics;
  fabrics["FAB_A"] = zoning;
  return fabrics;
}

TEST(RecordCsv, AliasLinesNameTheFabricAndJoinTheWwpns) {
  AliasRow alias = Alias(1, 7, "esx01", "10:00:00:00:00:00:00:01");
  alias.values.more_wwpns = {"10:00:00:00:00:00:00:02"};
  alias.values.use = "init";
  alias.values.notes = "a, \"b\"";
  CsvNames names;
  names.fabrics[7] = "FAB_A";
  EXPECT_EQ(AliasesCsv({alias}, names, true),
            "fabric,name,wwpns,use,cisco_alias,create,delete,include_in_zoning,logged_in,host,"
            "storage,notes,version\r\n"
            "FAB_A,esx01,10:00:00:00:00:00:00:01;10:00:00:00:00:00:00:02,init,device-alias,false,"
            "false,false,false,,,\"a, \"\"b\"\"\",3\r\n");
  EXPECT_EQ(AliasesCsv({}, names, false), "");
}

TEST(RecordCsv, ZoneMembersByNameWithTheirOwnRoles) {
  ZoneRow zone;
  zone.values.fabric_id = 7;
  zone.values.name = "z1";
  zone.members = {1, 2};
  zone.member_roles = {{2, "target"}};
  zone.stamp.version = 4;
  CsvNames names;
  names.fabrics[7] = "FAB_A";
  names.aliases = {{1, "esx01"}, {2, "v7k"}};
  EXPECT_EQ(ZonesCsv({zone}, names, false),
            "FAB_A,z1,standard,esx01;v7k:target,false,false,false,true,,4\r\n");
}

TEST(RecordCsv, LinesBecomeItemsMatchedByFabricAndName) {
  const CsvTable table = ReadCsvTable(
      "Fabric,name,wwpns,use,create,version\n"
      "FAB_A,esx01,10:00:00:00:00:00:00:01,,yes,3\n"
      "FAB_A,esx02,10:00:00:00:00:00:00:02; 10:00:00:00:00:00:00:03,init,,9\n"
      "FAB_X,esx03,10:00:00:00:00:00:00:04,,maybe,\n",
      kAliasCsvColumns);
  const CsvItems<v1::AliasItem> items = AliasItemsOfCsv(table, OneFabric());
  ASSERT_EQ(items.items.size(), 3u);
  EXPECT_EQ(items.lines, (std::vector<int32_t>{2, 3, 4}));
  const v1::AliasItem& update = items.items[0];
  EXPECT_EQ(update.id(), 1);
  EXPECT_EQ(update.version(), 3);
  EXPECT_TRUE(update.create());
  EXPECT_FALSE(update.has_use());  // empty: cleared, named in json_fields
  EXPECT_TRUE(items.errors[0].empty());
  const v1::AliasItem& create = items.items[1];
  EXPECT_FALSE(create.has_id());
  EXPECT_FALSE(create.has_version());  // only an update carries the line's version
  EXPECT_EQ(create.fabric(), 7);
  EXPECT_EQ(create.wwpns_size(), 2);
  EXPECT_EQ(create.use(), "init");
  EXPECT_EQ(items.errors[2].at("fabric").as_string(), "Fabric 'FAB_X' does not exist.");
  EXPECT_EQ(items.errors[2].at("create").as_string(), "Expected true or false, not 'maybe'.");
}

TEST(RecordCsv, ZoneMembersAreLookedUpInTheZonesFabric) {
  const CsvTable table = ReadCsvTable(
      "fabric,name,members\nFAB_A,z1,esx01:target\nFAB_A,z2,esx01;ghost;nobody\n", kZoneCsvColumns);
  const CsvItems<v1::ZoneItem> items = ZoneItemsOfCsv(table, OneFabric());
  EXPECT_EQ(items.items[0].id(), 10);
  ASSERT_EQ(items.items[0].members_size(), 1);
  EXPECT_EQ(items.items[0].members(0).alias(), 1);
  EXPECT_EQ(items.items[0].members(0).role(), "target");
  EXPECT_EQ(items.errors[1].at("members").as_string(),
            "No aliases named ghost, nobody in fabric 'FAB_A'.");
}

TEST(RecordCsv, AHeaderItCannotReadRefusesTheWholeText) {
  const auto refused = [](std::string_view text) {
    try {
      ReadCsvTable(text, kAliasCsvColumns);
    } catch (const common::Error& error) {
      return std::string(error.what());
    }
    return std::string("accepted");
  };
  EXPECT_EQ(refused("fabric,name,colour\nA,b,c\n"),
            "Line 1: unknown column 'colour'. The columns are fabric, name, wwpns, use, "
            "cisco_alias, create, delete, include_in_zoning, logged_in, host, storage, notes, "
            "version.");
  EXPECT_EQ(refused("fabric,name,name\nA,b,c\n"), "Line 1: column 'name' appears twice.");
  EXPECT_EQ(refused("name,wwpns\nb,c\n"), "Line 1: the header needs the column 'fabric'.");
  EXPECT_EQ(refused("fabric,name\n"), "The CSV has a header but no lines to import.");
  EXPECT_EQ(refused(""), "The CSV is empty.");
}

}  // namespace
}  // namespace sanplane::san
