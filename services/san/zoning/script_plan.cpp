#include "zoning/script_plan.hpp"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>

#include "common/wwpn.hpp"
#include "zoning/name_rules.hpp"

namespace sanplane::san::zoning {
namespace {

constexpr int kVsanMin = 1, kVsanMax = 4094;

/// Collects the errors of one plan and remembers which records failed.
class Errors {
 public:
  explicit Errors(std::vector<RecordError>& out) : out_(out) {}
  void Add(std::string_view record, std::string_view name, std::string_view field,
           std::string message) {
    out_.push_back(
        {std::string(record), std::string(name), std::string(field), std::move(message)});
  }

 private:
  std::vector<RecordError>& out_;
};

/// Name -> record, for names that occur once; a repeated name is an error on each of its records,
/// which are then left out (a script cannot tell them apart).
template <class Record>
std::map<std::string_view, const Record*> IndexByName(const std::vector<Record>& records,
                                                      std::string_view kind,
                                                      std::string_view plural, Errors& errors) {
  std::map<std::string_view, const Record*> index;
  std::set<std::string_view> repeated;
  for (const Record& record : records) {
    if (!index.emplace(record.name, &record).second) repeated.insert(record.name);
  }
  for (std::string_view name : repeated) {
    errors.Add(kind, name, "name", "Two " + std::string(plural) + " of the fabric have this name.");
    index.erase(name);
  }
  return index;
}

/// The fabric's aliases and zones by name, each checked for flags a script cannot honour.
struct FabricIndex {
  std::map<std::string_view, const Alias*> aliases;
  std::map<std::string_view, const Zone*> zones;
};

FabricIndex IndexFabric(const Fabric& fabric, Errors& errors) {
  FabricIndex index{IndexByName(fabric.aliases, "alias", "aliases", errors),
                    IndexByName(fabric.zones, "zone", "zones", errors)};
  auto check_flags = [&](bool create, bool del, std::string_view kind, std::string_view name) {
    if (create && del) {
      errors.Add(kind, name, "delete",
                 "A record cannot be both created and deleted by one change.");
    }
  };
  for (const auto& [name, alias] : index.aliases) {
    check_flags(alias->create, alias->del, "alias", name);
  }
  for (const auto& [name, zone] : index.zones) check_flags(zone->create, zone->del, "zone", name);
  return index;
}

/// Checks what every script needs of the fabric: a VSAN on Cisco, a zoneset / cfg name when a
/// zone goes in or out of it.
void CheckFabric(const Fabric& fabric, bool touches_zoneset, bool strict_names, Errors& errors) {
  if (fabric.vendor == Vendor::kCisco &&
      (!fabric.vsan || *fabric.vsan < kVsanMin || *fabric.vsan > kVsanMax)) {
    errors.Add("fabric", fabric.name, "vsan", "A Cisco fabric needs a VSAN between 1 and 4094.");
  }
  if (!touches_zoneset) return;
  const auto rule = strict_names ? CheckSwitchName(fabric, fabric.zoneset_name)
                                 : CheckRenderableName(fabric.zoneset_name);
  if (rule) errors.Add("fabric", fabric.name, "zoneset_name", *rule);
}

/// The canonical WWPNs of an alias, or an error naming it.
std::optional<std::vector<std::string>> CanonicalWwpns(const Fabric& fabric, const Alias& alias,
                                                       Errors& errors) {
  if (alias.wwpns.empty()) {
    errors.Add("alias", alias.name, "wwpns", "An alias needs at least one WWPN.");
    return std::nullopt;
  }
  std::vector<std::string> canonical;
  for (const std::string& wwpn : alias.wwpns) {
    std::optional<std::string> normal = common::NormalizeWwpn(wwpn);
    if (!normal) {
      errors.Add("alias", alias.name, "wwpns",
                 "\"" + wwpn + "\" is not a WWPN (16 hex digits, e.g. 50:05:07:68:10:00:00:01).");
      return std::nullopt;
    }
    canonical.push_back(std::move(*normal));
  }
  if (fabric.vendor == Vendor::kCisco && alias.kind == AliasKind::kDeviceAlias &&
      canonical.size() > 1) {
    errors.Add("alias", alias.name, "wwpns",
               "A Cisco device-alias names exactly one WWPN; make it an fcalias to group several.");
    return std::nullopt;
  }
  return canonical;
}

/// An alias as a script writes it, created here or already on the switch.
std::optional<PlannedAlias> PlanAlias(const Fabric& fabric, const Alias& alias, Errors& errors) {
  if (alias.kind != AliasKind::kWwpn) {
    if (auto rule = CheckRenderableName(alias.name)) {
      errors.Add("alias", alias.name, "name", *rule);
      return std::nullopt;
    }
  }
  auto wwpns = CanonicalWwpns(fabric, alias, errors);
  if (!wwpns) return std::nullopt;
  return PlannedAlias{alias.name, alias.kind, std::move(*wwpns)};
}

std::optional<PlannedZone> PlanCreatedZone(const Fabric& fabric, const Zone& zone,
                                           const std::map<std::string_view, const Alias*>& aliases,
                                           Errors& errors) {
  bool valid = true;
  auto fail = [&](std::string_view field, std::string message) {
    errors.Add("zone", zone.name, field, std::move(message));
    valid = false;
  };
  if (auto rule = CheckSwitchName(fabric, zone.name)) fail("name", *rule);
  if (zone.members.empty()) fail("members", "A zone needs at least one member.");
  const bool smart = zone.type == ZoneType::kSmart;
  if (smart && fabric.vendor == Vendor::kCisco && !fabric.smart_zoning) {
    fail("zone_type", "Smart zoning is off in fabric " + fabric.name +
                          "; turn it on (zone smart-zoning enable vsan N) or make the zone "
                          "standard.");
  }
  PlannedZone planned{zone.name, zone.type, zone.in_zoneset, {}};
  std::set<std::string_view> seen;
  bool has_target = false;
  for (const ZoneMember& member : zone.members) {
    if (!seen.insert(member.alias).second) {
      fail("members", "Member " + member.alias + " is listed twice.");
      continue;
    }
    auto found = aliases.find(member.alias);
    if (found == aliases.end()) {
      fail("members", "Member " + member.alias + " is not an alias of fabric " + fabric.name + ".");
      continue;
    }
    const Alias& alias = *found->second;
    if (alias.del) {
      fail("members", "Member " + member.alias + " is marked for deletion.");
      continue;
    }
    std::optional<PlannedAlias> rendered = PlanAlias(fabric, alias, errors);
    if (!rendered) {
      fail("members", "Member " + member.alias + " cannot be written (see the alias).");
      continue;
    }
    std::optional<Role> role;
    if (smart) {
      role = member.role ? member.role : alias.use;
      if (!role) {
        fail("members", "Member " + member.alias +
                            " has no role: give the member one or set the alias's use.");
        continue;
      }
      has_target = has_target || ActsAsTarget(*role);
    }
    planned.members.push_back({std::move(*rendered), role});
  }
  if (smart && !zone.members.empty() && !has_target && valid) {
    fail("members", "A smart zone needs at least one target");
  }
  if (!valid) return std::nullopt;
  std::sort(
      planned.members.begin(), planned.members.end(),
      [](const PlannedMember& a, const PlannedMember& b) { return a.alias.name < b.alias.name; });
  return planned;
}

}  // namespace

bool ScriptPlan::TouchesZoneset() const {
  return std::any_of(zones.begin(), zones.end(),
                     [](const PlannedZone& zone) { return zone.in_zoneset; });
}

ScriptPlan PlanCreate(const Fabric& fabric) {
  ScriptPlan plan;
  Errors errors(plan.errors);
  const auto [aliases, zones] = IndexFabric(fabric, errors);
  for (const auto& [name, alias] : aliases) {
    if (!alias->create || alias->del) continue;
    if (alias->kind == AliasKind::kWwpn) continue;  // nothing to create: zones name the WWPNs
    if (auto rule = CheckSwitchName(fabric, name)) {
      errors.Add("alias", name, "name", *rule);
      continue;
    }
    if (auto planned = PlanAlias(fabric, *alias, errors)) plan.aliases.push_back(*planned);
  }
  for (const auto& [name, zone] : zones) {
    if (!zone->create || zone->del) continue;
    if (auto planned = PlanCreatedZone(fabric, *zone, aliases, errors)) {
      plan.zones.push_back(std::move(*planned));
    }
  }
  CheckFabric(fabric, plan.TouchesZoneset(), true, errors);
  return plan;
}

ScriptPlan PlanDelete(const Fabric& fabric) {
  ScriptPlan plan;
  Errors errors(plan.errors);
  const auto [aliases, zones] = IndexFabric(fabric, errors);
  for (const auto& [name, zone] : zones) {
    if (!zone->del || zone->create) continue;
    if (auto rule = CheckRenderableName(name)) {
      errors.Add("zone", name, "name", *rule);
      continue;
    }
    plan.zones.push_back({zone->name, zone->type, zone->in_zoneset, {}});
  }
  for (const auto& [name, alias] : aliases) {
    if (!alias->del || alias->create) continue;
    bool still_used = false;
    for (const Zone& zone : fabric.zones) {
      if (zone.del) continue;
      const bool member = std::any_of(zone.members.begin(), zone.members.end(),
                                      [&](const ZoneMember& m) { return m.alias == name; });
      if (!member) continue;
      errors.Add("alias", name, "delete",
                 "Alias " + std::string(name) + " is still a member of zone " + zone.name +
                     ", which is not marked for deletion.");
      still_used = true;
    }
    if (still_used) continue;
    if (alias->kind == AliasKind::kWwpn) {
      plan.warnings.push_back("Alias " + std::string(name) +
                              " is a bare WWPN, not an object on the switch: nothing to delete.");
      continue;
    }
    if (auto rule = CheckRenderableName(name)) {
      errors.Add("alias", name, "name", *rule);
      continue;
    }
    plan.aliases.push_back({alias->name, alias->kind, {}});
  }
  CheckFabric(fabric, plan.TouchesZoneset(), false, errors);
  if (plan.TouchesZoneset()) {
    const bool zoneset_keeps_a_zone =
        std::any_of(fabric.zones.begin(), fabric.zones.end(),
                    [](const Zone& zone) { return zone.in_zoneset && !zone.del; });
    if (!zoneset_keeps_a_zone) {
      plan.warnings.push_back("Zoneset / cfg " + fabric.zoneset_name +
                              " is left without zones; the switch will not activate it empty.");
    }
  }
  return plan;
}

}  // namespace sanplane::san::zoning
