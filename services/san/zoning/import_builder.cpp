#include "zoning/import_builder.hpp"

#include <algorithm>

namespace sanplane::san::zoning {

FabricBuilder::FabricBuilder(Fabric settings) : settings_(std::move(settings)) {}

Alias& FabricBuilder::AliasNamed(std::string_view name, AliasKind kind) {
  const std::string key(name);
  if (auto found = alias_index_.find(key); found != alias_index_.end()) {
    return found->second->alias;
  }
  AliasDraft& draft = aliases_.emplace_back();
  draft.alias.name = key;
  draft.alias.kind = kind;
  alias_index_.emplace(key, &draft);
  return draft.alias;
}

void FabricBuilder::AddWwpn(Alias& alias, const std::string& wwpn) {
  AliasDraft* draft = alias_index_.at(alias.name);
  if (draft->wwpns.insert(wwpn).second) alias.wwpns.push_back(wwpn);
}

Alias& FabricBuilder::BareWwpn(const std::string& wwpn) {
  Alias& alias = AliasNamed(wwpn, AliasKind::kWwpn);
  AddWwpn(alias, wwpn);
  return alias;
}

Zone& FabricBuilder::ZoneNamed(std::string_view name) {
  const std::string key(name);
  if (auto found = zone_index_.find(key); found != zone_index_.end()) {
    return found->second->zone;
  }
  ZoneDraft& draft = zones_.emplace_back();
  draft.zone.name = key;
  zone_index_.emplace(key, &draft);
  draft_of_zone_.emplace(&draft.zone, &draft);
  return draft.zone;
}

void FabricBuilder::AddMember(Zone& zone, const std::string& alias, std::optional<Role> role) {
  ZoneDraft* draft = draft_of_zone_.at(&zone);
  auto [found, added] = draft->members.emplace(alias, zone.members.size());
  if (added) {
    zone.members.push_back({alias, role});
  } else if (role && !zone.members[found->second].role) {
    zone.members[found->second].role = role;
  }
}

void FabricBuilder::MarkInZoneset(const std::unordered_set<std::string>& zone_names) {
  for (ZoneDraft& draft : zones_) draft.zone.in_zoneset = zone_names.contains(draft.zone.name);
}

Fabric FabricBuilder::Finish(const WwpnPrefixTable& prefixes) && {
  Fabric fabric = std::move(settings_);
  fabric.exists = true;
  for (AliasDraft& draft : aliases_) {
    Alias& alias = draft.alias;
    if (!alias.use && !alias.wwpns.empty()) alias.use = prefixes.UseOf(alias.wwpns.front());
    fabric.aliases.push_back(std::move(alias));
  }
  for (ZoneDraft& draft : zones_) {
    Zone& zone = draft.zone;
    const bool has_role = std::any_of(zone.members.begin(), zone.members.end(),
                                      [](const ZoneMember& member) { return member.role; });
    if (has_role) zone.type = ZoneType::kSmart;
    fabric.zones.push_back(std::move(zone));
  }
  std::sort(fabric.aliases.begin(), fabric.aliases.end(),
            [](const Alias& a, const Alias& b) { return a.name < b.name; });
  std::sort(fabric.zones.begin(), fabric.zones.end(),
            [](const Zone& a, const Zone& b) { return a.name < b.name; });
  return fabric;
}

}  // namespace sanplane::san::zoning
