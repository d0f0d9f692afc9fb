// Cisco MDS (NX-OS) command forms. Sources: NetApp ONTAP FLI "Cisco fabric in production fabric B
// example" (zone, zoneset, activation, copy), Cisco Nexus SAN switching guides (device-alias
// database and commit, zone commit in enhanced mode); `member device-alias X init|target|both`
// and `member fcalias X` as switches print them in `show zone`.
//
// Not verified on a switch: how a role-less (standard) zone behaves inside a VSAN with smart
// zoning on. sanplane writes its members without roles, as for any standard zone.

#include <string>

#include "zoning/vendor_scripts.hpp"

namespace sanplane::san::zoning {
namespace {

constexpr char kIndent[] = "  ";

std::string VsanSuffix(const Fabric& fabric) { return " vsan " + std::to_string(*fabric.vsan); }

/// The member lines of a zone: by device-alias or fcalias name, or by the bare WWPNs; a role
/// after each in a smart zone.
void AppendMembers(const PlannedZone& zone, std::vector<std::string>& out) {
  for (const PlannedMember& member : zone.members) {
    const std::string role =
        member.role ? " " + std::string(RoleName(*member.role)) : std::string();
    switch (member.alias.kind) {
      case AliasKind::kDeviceAlias:
        out.push_back(kIndent + ("member device-alias " + member.alias.name) + role);
        break;
      case AliasKind::kFcAlias:
        out.push_back(kIndent + ("member fcalias " + member.alias.name) + role);
        break;
      case AliasKind::kWwpn:
        for (const std::string& wwpn : member.alias.wwpns) {
          out.push_back(kIndent + ("member pwwn " + wwpn) + role);
        }
        break;
    }
  }
}

/// The closing lines every script shares: activation when the zoneset changed, commit when the
/// zone database changed in enhanced mode, then saving the running configuration.
void AppendClosing(const Fabric& fabric, bool zoneset_changed, bool zone_database_changed,
                   std::vector<std::string>& out) {
  if (zoneset_changed) {
    out.push_back("zoneset activate name " + fabric.zoneset_name + VsanSuffix(fabric));
  }
  if (zone_database_changed && fabric.zoning_mode == ZoningMode::kEnhanced) {
    out.push_back("zone commit" + VsanSuffix(fabric));
  }
  out.push_back("end");
  out.push_back("copy running-config startup-config");
}

bool HasKind(const ScriptPlan& plan, AliasKind kind) {
  for (const PlannedAlias& alias : plan.aliases) {
    if (alias.kind == kind) return true;
  }
  return false;
}

}  // namespace

std::vector<std::string> CiscoCreateCommands(const Fabric& fabric, const ScriptPlan& plan) {
  std::vector<std::string> out{"configure terminal"};
  if (HasKind(plan, AliasKind::kDeviceAlias)) {
    out.push_back("device-alias database");
    for (const PlannedAlias& alias : plan.aliases) {
      if (alias.kind != AliasKind::kDeviceAlias) continue;
      out.push_back(kIndent + ("device-alias name " + alias.name) + " pwwn " + alias.wwpns.front());
    }
    out.push_back("device-alias commit");
  }
  for (const PlannedAlias& alias : plan.aliases) {
    if (alias.kind != AliasKind::kFcAlias) continue;
    out.push_back("fcalias name " + alias.name + VsanSuffix(fabric));
    for (const std::string& wwpn : alias.wwpns) out.push_back(kIndent + ("member pwwn " + wwpn));
  }
  for (const PlannedZone& zone : plan.zones) {
    out.push_back("zone name " + zone.name + VsanSuffix(fabric));
    AppendMembers(zone, out);
  }
  const bool zoneset_changed = plan.TouchesZoneset();
  if (zoneset_changed) {
    out.push_back("zoneset name " + fabric.zoneset_name + VsanSuffix(fabric));
    for (const PlannedZone& zone : plan.zones) {
      if (zone.in_zoneset) out.push_back(kIndent + ("member " + zone.name));
    }
  }
  AppendClosing(fabric, zoneset_changed, !plan.zones.empty() || HasKind(plan, AliasKind::kFcAlias),
                out);
  return out;
}

std::vector<std::string> CiscoDeleteCommands(const Fabric& fabric, const ScriptPlan& plan) {
  std::vector<std::string> out{"configure terminal"};
  const bool zoneset_changed = plan.TouchesZoneset();
  if (zoneset_changed) {
    out.push_back("zoneset name " + fabric.zoneset_name + VsanSuffix(fabric));
    for (const PlannedZone& zone : plan.zones) {
      if (zone.in_zoneset) out.push_back(kIndent + ("no member " + zone.name));
    }
  }
  for (const PlannedZone& zone : plan.zones) {
    out.push_back("no zone name " + zone.name + VsanSuffix(fabric));
  }
  for (const PlannedAlias& alias : plan.aliases) {
    if (alias.kind == AliasKind::kFcAlias) {
      out.push_back("no fcalias name " + alias.name + VsanSuffix(fabric));
    }
  }
  if (HasKind(plan, AliasKind::kDeviceAlias)) {
    out.push_back("device-alias database");
    for (const PlannedAlias& alias : plan.aliases) {
      if (alias.kind == AliasKind::kDeviceAlias) {
        out.push_back(kIndent + ("no device-alias name " + alias.name));
      }
    }
    out.push_back("device-alias commit");
  }
  AppendClosing(fabric, zoneset_changed, !plan.zones.empty() || HasKind(plan, AliasKind::kFcAlias),
                out);
  return out;
}

}  // namespace sanplane::san::zoning
