#include "zoning_records.hpp"

#include <algorithm>
#include <map>

namespace sanplane::san {
namespace {

template <class Row>
bool Listed(const Row& row, std::optional<int64_t> project_id) {
  return !project_id ||
         std::find(row.projects.begin(), row.projects.end(), *project_id) != row.projects.end();
}

}  // namespace

zoning::Vendor VendorOf(const std::string& san_vendor) {
  return san_vendor == "CI" ? zoning::Vendor::kCisco : zoning::Vendor::kBrocade;
}

std::string SanVendorOf(zoning::Vendor vendor) {
  return vendor == zoning::Vendor::kCisco ? "CI" : "BR";
}

zoning::AliasKind AliasKindOf(const std::string& cisco_alias) {
  if (cisco_alias == "fcalias") return zoning::AliasKind::kFcAlias;
  if (cisco_alias == "wwpn") return zoning::AliasKind::kWwpn;
  return zoning::AliasKind::kDeviceAlias;
}

std::string ZoneTypeOf(zoning::ZoneType type) {
  return type == zoning::ZoneType::kSmart ? "smart" : "standard";
}

zoning::Fabric ZoningFabricOf(const FabricZoning& stored, std::optional<int64_t> project_id) {
  const FabricValues& f = stored.fabric.values;
  zoning::Fabric fabric;
  fabric.name = f.name;
  fabric.vendor = VendorOf(f.san_vendor);
  fabric.vsan = f.vsan;
  fabric.zoneset_name = f.zoneset_name;
  fabric.exists = f.exists;
  fabric.zoning_mode =
      f.zoning_mode == "basic" ? zoning::ZoningMode::kBasic : zoning::ZoningMode::kEnhanced;
  fabric.smart_zoning = f.smart_zoning;
  fabric.fos_name_rules = f.fos_name_rules == "legacy" ? zoning::FosNameRules::kLegacy
                                                       : zoning::FosNameRules::kFos81OrLater;

  std::map<int64_t, std::string> alias_names;
  for (const AliasRow& row : stored.aliases) {
    const AliasValues& v = row.values;
    alias_names[row.id] = v.name;
    zoning::Alias alias;
    alias.name = v.name;
    alias.wwpns = v.Wwpns();
    if (v.use) alias.use = zoning::ParseRole(*v.use);
    alias.kind = AliasKindOf(v.cisco_alias);
    alias.create = v.create && Listed(row, project_id);
    alias.del = v.del && Listed(row, project_id);
    alias.logged_in = v.logged_in;
    fabric.aliases.push_back(std::move(alias));
  }
  for (const ZoneRow& row : stored.zones) {
    const ZoneValues& v = row.values;
    zoning::Zone zone;
    zone.name = v.name;
    zone.type = v.zone_type == "smart" ? zoning::ZoneType::kSmart : zoning::ZoneType::kStandard;
    for (int64_t alias : row.members) {
      zoning::ZoneMember member{alias_names.at(alias), std::nullopt};
      if (const auto role = row.member_roles.find(alias); role != row.member_roles.end()) {
        member.role = zoning::ParseRole(role->second);
      }
      zone.members.push_back(std::move(member));
    }
    zone.in_zoneset = v.in_zoneset;
    zone.create = v.create && Listed(row, project_id);
    zone.del = v.del && Listed(row, project_id);
    fabric.zones.push_back(std::move(zone));
  }
  return fabric;
}

}  // namespace sanplane::san
