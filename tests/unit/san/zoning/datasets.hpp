#pragma once
// The datasets of the zoning reference page: D1 (scripts) and D2 (hygiene report), built in code
// so every test starts from the same records.

#include <string>
#include <utility>
#include <vector>

#include "zoning/model.hpp"

namespace sanplane::san::zoning::testing {

inline Alias MakeAlias(std::string name, std::string wwpn, std::optional<Role> use,
                       AliasKind kind = AliasKind::kDeviceAlias) {
  Alias alias;
  alias.name = std::move(name);
  alias.wwpns = {std::move(wwpn)};
  alias.use = use;
  alias.kind = kind;
  alias.create = true;
  return alias;
}

inline Zone MakeZone(std::string name, ZoneType type, std::vector<ZoneMember> members) {
  Zone zone;
  zone.name = std::move(name);
  zone.type = type;
  zone.members = std::move(members);
  zone.create = true;
  return zone;
}

inline Fabric MakeFabric(std::string name, Vendor vendor, std::string zoneset_name) {
  Fabric fabric;
  fabric.name = std::move(name);
  fabric.vendor = vendor;
  fabric.zoneset_name = std::move(zoneset_name);
  return fabric;
}

/// D1, fabric FAB_A: Cisco, VSAN 10, zoneset ZS_A on the switch, enhanced mode, smart zoning on.
inline Fabric D1FabricA() {
  Fabric fabric = MakeFabric("FAB_A", Vendor::kCisco, "ZS_A");
  fabric.vsan = 10;
  fabric.exists = true;
  fabric.zoning_mode = ZoningMode::kEnhanced;
  fabric.smart_zoning = true;
  fabric.aliases = {
      MakeAlias("array_p1", "50:05:07:68:10:00:00:01", Role::kTarget),
      MakeAlias("host1_p0", "10:00:00:90:fa:a1:00:01", Role::kInit),
      MakeAlias("host2_p0", "10:00:00:90:fa:a1:00:02", Role::kInit, AliasKind::kFcAlias),
  };
  fabric.zones = {
      MakeZone("z_h1_arr", ZoneType::kSmart, {{"array_p1", {}}, {"host1_p0", {}}}),
      MakeZone("z_h2_arr", ZoneType::kStandard, {{"array_p1", {}}, {"host2_p0", {}}}),
  };
  return fabric;
}

/// D1, fabric FAB_B: Brocade, cfg cfg_B not yet on the switch.
inline Fabric D1FabricB() {
  Fabric fabric = MakeFabric("FAB_B", Vendor::kBrocade, "cfg_B");
  fabric.exists = false;
  fabric.aliases = {
      MakeAlias("array_p2", "50:05:07:68:10:00:00:02", Role::kTarget),
      MakeAlias("host1_p1", "10:00:00:90:fa:a1:00:11", Role::kInit),
  };
  fabric.zones = {
      MakeZone("z_peer", ZoneType::kSmart, {{"array_p2", {}}, {"host1_p1", {}}}),
      MakeZone("z_std", ZoneType::kStandard, {{"array_p2", {}}, {"host1_p1", {}}}),
  };
  return fabric;
}

/// Marks records of `fabric` for deletion (and no longer for creation).
inline void MarkForDeletion(Fabric& fabric, const std::vector<std::string>& names) {
  for (const std::string& name : names) {
    for (Alias& alias : fabric.aliases) {
      if (alias.name == name) alias.create = false, alias.del = true;
    }
    for (Zone& zone : fabric.zones) {
      if (zone.name == name) zone.create = false, zone.del = true;
    }
  }
}

/// D2: fabric FAB_A (Cisco, zoneset ZS_A) with one instance of every hygiene problem.
inline Fabric D2Fabric() {
  Fabric fabric = MakeFabric("FAB_A", Vendor::kCisco, "ZS_A");
  fabric.vsan = 10;
  fabric.smart_zoning = true;
  fabric.aliases = {
      MakeAlias("host1_p0", "10:00:00:90:fa:a1:00:01", Role::kInit),
      MakeAlias("host2_p0", "10:00:00:90:fa:a1:00:02", Role::kInit),
      MakeAlias("array_p1", "50:05:07:68:10:00:00:01", Role::kTarget),
      MakeAlias("orphan", "10:00:00:90:fa:a1:00:09", Role::kInit),
      MakeAlias("arr_wrong", "50:05:07:68:10:00:00:07", Role::kInit),
      MakeAlias("9lives", "10:00:00:90:fa:a1:00:0b", Role::kInit),
  };
  fabric.zones = {
      MakeZone("z_one", ZoneType::kStandard, {{"host1_p0", {}}}),
      MakeZone("z_noT", ZoneType::kSmart, {{"host1_p0", Role::kInit}, {"host2_p0", Role::kInit}}),
      MakeZone("z_multi", ZoneType::kStandard,
               {{"host1_p0", {}}, {"host2_p0", {}}, {"array_p1", {}}}),
      MakeZone("z_x", ZoneType::kSmart,
               {{"array_p1", Role::kTarget}, {"arr_wrong", Role::kInit}, {"9lives", Role::kInit}}),
      MakeZone("z_loose", ZoneType::kSmart,
               {{"array_p1", Role::kTarget}, {"host2_p0", Role::kInit}}),
  };
  fabric.zones.back().in_zoneset = false;
  return fabric;
}

}  // namespace sanplane::san::zoning::testing
