#pragma once
// A fabric as text, for comparing what an import and a script produce: records in name order,
// each with what a switch keeps of it (kinds, WWPNs, members, roles, zoneset membership).

#include <algorithm>
#include <map>
#include <string>

#include "zoning/model.hpp"

namespace sanplane::san::zoning::testing {

/// One line per alias and zone. A smart zone's members show their role, their own or else their
/// alias's use, since that is what reaches the switch.
inline std::string Describe(const Fabric& fabric) {
  std::map<std::string, const Alias*> aliases;
  for (const Alias& alias : fabric.aliases) aliases.emplace(alias.name, &alias);
  std::string out = "zoneset " + fabric.zoneset_name + "\n";
  for (const auto& [name, alias] : aliases) {
    out += "alias " + name + " " + std::string(AliasKindName(alias->kind));
    for (const std::string& wwpn : alias->wwpns) out += " " + wwpn;
    out += "\n";
  }
  std::vector<const Zone*> zones;
  for (const Zone& zone : fabric.zones) zones.push_back(&zone);
  std::sort(zones.begin(), zones.end(),
            [](const Zone* a, const Zone* b) { return a->name < b->name; });
  for (const Zone* zone : zones) {
    out += "zone " + zone->name + (zone->type == ZoneType::kSmart ? " smart" : " standard") +
           (zone->in_zoneset ? " in-zoneset" : " defined-only") + ":";
    std::vector<std::string> members;
    for (const ZoneMember& member : zone->members) {
      std::string text = member.alias;
      if (zone->type == ZoneType::kSmart) {
        std::optional<Role> role = member.role;
        auto alias = aliases.find(member.alias);
        if (!role && alias != aliases.end()) role = alias->second->use;
        text += role ? "=" + std::string(RoleName(*role)) : "=?";
      }
      members.push_back(text);
    }
    std::sort(members.begin(), members.end());
    for (const std::string& member : members) out += " " + member;
    out += "\n";
  }
  return out;
}

}  // namespace sanplane::san::zoning::testing
