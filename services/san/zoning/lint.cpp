#include "zoning/lint.hpp"

#include <algorithm>
#include <map>
#include <tuple>

#include "common/wwpn.hpp"
#include "zoning/name_rules.hpp"

namespace sanplane::san::zoning {
namespace {

class Report {
 public:
  void Add(std::string code, Severity severity, std::vector<std::string> records,
           std::string message) {
    findings_.push_back({std::move(code), severity, std::move(records), std::move(message)});
  }

  std::vector<Finding> Sorted() && {
    std::stable_sort(findings_.begin(), findings_.end(), [](const Finding& a, const Finding& b) {
      return std::tie(a.code, a.records.front()) < std::tie(b.code, b.records.front());
    });
    return std::move(findings_);
  }

 private:
  std::vector<Finding> findings_;
};

std::optional<Role> RoleOf(const ZoneMember& member,
                           const std::map<std::string, const Alias*>& aliases) {
  if (member.role) return member.role;
  auto found = aliases.find(member.alias);
  if (found == aliases.end()) return std::nullopt;
  return found->second->use;
}

void CheckZones(const Fabric& fabric, const std::map<std::string, const Alias*>& aliases,
                Report& report) {
  for (const Zone& zone : fabric.zones) {
    if (zone.members.empty()) {
      report.Add("EMPTY_ZONE", Severity::kWarning, {zone.name},
                 "Zone " + zone.name + " has no members.");
    } else if (zone.members.size() == 1) {
      report.Add("SINGLE_MEMBER_ZONE", Severity::kWarning, {zone.name},
                 "Zone " + zone.name + " has one member and so lets no port reach another.");
    }
    if (!zone.in_zoneset) {
      report.Add("ZONE_NOT_IN_ZONESET", Severity::kInfo, {zone.name},
                 "Zone " + zone.name + " is not in " + fabric.zoneset_name +
                     ", so the switch does not enforce it.");
    }
    size_t initiators = 0, targets = 0;
    std::vector<std::string> initiator_names;
    for (const ZoneMember& member : zone.members) {
      const std::optional<Role> role = RoleOf(member, aliases);
      if (!role) continue;
      if (*role == Role::kInit) initiator_names.push_back(member.alias);
      initiators += ActsAsInitiator(*role) ? 1 : 0;
      targets += ActsAsTarget(*role) ? 1 : 0;
    }
    if (zone.type == ZoneType::kSmart && !zone.members.empty()) {
      if (targets == 0) {
        report.Add("NO_TARGET", Severity::kError, {zone.name},
                   "Smart zone " + zone.name + " has no target, so it lets nothing through.");
      }
      if (initiators == 0) {
        report.Add("NO_INITIATOR", Severity::kWarning, {zone.name},
                   "Smart zone " + zone.name + " has no initiator, so it lets nothing through.");
      }
    }
    if (zone.type == ZoneType::kStandard && initiator_names.size() >= 2) {
      std::vector<std::string> records{zone.name};
      records.insert(records.end(), initiator_names.begin(), initiator_names.end());
      report.Add("MULTI_INITIATOR_STANDARD_ZONE", Severity::kWarning, std::move(records),
                 "Standard zone " + zone.name + " has " + std::to_string(initiator_names.size()) +
                     " initiators, which then see each other; zone one initiator per zone or "
                     "make it a smart zone.");
    }
  }
}

void CheckAliases(const Fabric& fabric, const LintOptions& options, Report& report) {
  std::map<std::string, size_t> zones_of;
  for (const Zone& zone : fabric.zones) {
    for (const ZoneMember& member : zone.members) ++zones_of[member.alias];
  }
  std::map<std::string, std::vector<const Alias*>> aliases_of_wwpn;
  for (const Alias& alias : fabric.aliases) {
    const size_t zone_count = zones_of[alias.name];
    if (zone_count == 0) {
      report.Add("UNUSED_ALIAS", Severity::kInfo, {alias.name},
                 "Alias " + alias.name + " is in no zone.");
    }
    if (options.alias_max_zones && zone_count > *options.alias_max_zones) {
      report.Add("ALIAS_OVER_ZONE_CAP", Severity::kInfo, {alias.name},
                 "Alias " + alias.name + " is in " + std::to_string(zone_count) +
                     " zones, more than the cap of " + std::to_string(*options.alias_max_zones) +
                     ".");
    }
    for (const std::string& wwpn : alias.wwpns) {
      const std::string canonical = common::NormalizeWwpn(wwpn).value_or(wwpn);
      aliases_of_wwpn[canonical].push_back(&alias);
      if (!alias.use || *alias.use == Role::kBoth) continue;
      const std::optional<Role> expected = options.prefixes->UseOf(canonical);
      if (expected && *expected != *alias.use) {
        report.Add("USE_MISMATCH_PREFIX", Severity::kWarning, {alias.name},
                   "Alias " + alias.name + " is declared " + std::string(RoleName(*alias.use)) +
                       " but its WWPN " + canonical + " has a " + std::string(RoleName(*expected)) +
                       " prefix (" + canonical.substr(0, 2) + canonical.substr(3, 2) + ").");
      }
    }
  }
  for (const auto& [wwpn, owners] : aliases_of_wwpn) {
    if (owners.size() < 2) continue;
    std::vector<std::string> names;
    bool device_alias = false;
    for (const Alias* owner : owners) {
      names.push_back(owner->name);
      device_alias = device_alias || owner->kind == AliasKind::kDeviceAlias;
    }
    std::sort(names.begin(), names.end());
    const bool cisco_refuses = fabric.vendor == Vendor::kCisco && device_alias;
    report.Add("DUPLICATE_WWPN", cisco_refuses ? Severity::kError : Severity::kWarning, names,
               "WWPN " + wwpn + " has " + std::to_string(names.size()) + " aliases" +
                   (cisco_refuses ? "; a Cisco device-alias must be its only name." : "."));
  }
}

void CheckNames(const Fabric& fabric, Report& report) {
  auto check = [&](std::string_view kind, const std::string& name) {
    if (auto rule = CheckSwitchName(fabric, name)) {
      report.Add("NAME_RULE", Severity::kError, {name},
                 std::string(kind) + " " + name + ": " + *rule);
    }
  };
  for (const Alias& alias : fabric.aliases) {
    if (alias.kind != AliasKind::kWwpn) check("Alias", alias.name);
  }
  for (const Zone& zone : fabric.zones) check("Zone", zone.name);
  if (!fabric.zoneset_name.empty()) check("Zoneset", fabric.zoneset_name);
}

}  // namespace

std::string_view SeverityName(Severity severity) {
  switch (severity) {
    case Severity::kError:
      return "error";
    case Severity::kWarning:
      return "warning";
    case Severity::kInfo:
      return "info";
  }
  return "error";  // unreachable: the switch covers every Severity
}

std::vector<Finding> LintFabric(const Fabric& fabric, const LintOptions& options) {
  std::map<std::string, const Alias*> aliases;
  for (const Alias& alias : fabric.aliases) aliases.emplace(alias.name, &alias);
  Report report;
  CheckZones(fabric, aliases, report);
  CheckAliases(fabric, options, report);
  CheckNames(fabric, report);
  return std::move(report).Sorted();
}

}  // namespace sanplane::san::zoning
