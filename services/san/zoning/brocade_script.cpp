// Brocade FOS command forms. Sources: NetApp ONTAP FLI "Brocade fabric in production fabric A
// example" (zonecreate, zoneadd, cfgadd, cfgenable), the daedalus/brocade_zoning README
// (alicreate with several WWPNs, cfgcreate), FOS >= 7.4 peer zones
// (`zonecreate --peerzone NAME -principal "…" -members "…"`). Lists are written `a;b` and every
// operand is quoted.
//
// A smart zone becomes a peer zone: targets are its principal members, initiators its other
// members. `both` has no peer-zone equivalent; such a member is written as principal (it can then
// reach every initiator of the zone), with a warning, as the san-conv mapping does.

#include <string>

#include "zoning/vendor_scripts.hpp"

namespace sanplane::san::zoning {
namespace {

std::string Quoted(const std::string& text) { return "\"" + text + "\""; }

/// `a;b;c`
std::string JoinList(const std::vector<std::string>& items) {
  std::string out;
  for (const std::string& item : items) {
    if (!out.empty()) out += ';';
    out += item;
  }
  return out;
}

/// How a zone names a member: by alias, or by the WWPNs of a bare-WWPN member.
void AppendMemberTokens(const PlannedAlias& alias, std::vector<std::string>& out) {
  if (alias.kind == AliasKind::kWwpn) {
    out.insert(out.end(), alias.wwpns.begin(), alias.wwpns.end());
  } else {
    out.push_back(alias.name);
  }
}

std::string PeerZoneCommand(const PlannedZone& zone, std::vector<std::string>& warnings) {
  std::vector<std::string> principal;
  std::vector<std::string> members;
  for (const PlannedMember& member : zone.members) {
    if (*member.role == Role::kBoth) {
      warnings.push_back("Zone " + zone.name + ": member " + member.alias.name +
                         " has the role both, which a Brocade peer zone cannot express; it is "
                         "written as a principal member.");
    }
    AppendMemberTokens(member.alias, ActsAsTarget(*member.role) ? principal : members);
  }
  std::string command =
      "zonecreate --peerzone " + Quoted(zone.name) + " -principal " + Quoted(JoinList(principal));
  if (!members.empty()) command += " -members " + Quoted(JoinList(members));
  return command;
}

std::vector<std::string> ZonesetMembers(const ScriptPlan& plan) {
  std::vector<std::string> names;
  for (const PlannedZone& zone : plan.zones) {
    if (zone.in_zoneset) names.push_back(zone.name);
  }
  return names;
}

/// The last line: enabling the cfg when its members changed (which saves the defined
/// configuration too), else saving the defined configuration.
void AppendClosing(const Fabric& fabric, bool cfg_changed, std::vector<std::string>& out) {
  out.push_back(cfg_changed ? "cfgenable " + Quoted(fabric.zoneset_name) : "cfgsave");
}

}  // namespace

std::vector<std::string> BrocadeCreateCommands(const Fabric& fabric, const ScriptPlan& plan,
                                               std::vector<std::string>& warnings) {
  std::vector<std::string> out;
  for (const PlannedAlias& alias : plan.aliases) {
    out.push_back("alicreate " + Quoted(alias.name) + ", " + Quoted(JoinList(alias.wwpns)));
  }
  for (const PlannedZone& zone : plan.zones) {
    if (zone.type == ZoneType::kSmart) {
      out.push_back(PeerZoneCommand(zone, warnings));
      continue;
    }
    std::vector<std::string> members;
    for (const PlannedMember& member : zone.members) AppendMemberTokens(member.alias, members);
    out.push_back("zonecreate " + Quoted(zone.name) + ", " + Quoted(JoinList(members)));
  }
  const std::vector<std::string> cfg_members = ZonesetMembers(plan);
  if (!cfg_members.empty()) {
    out.push_back((fabric.exists ? "cfgadd " : "cfgcreate ") + Quoted(fabric.zoneset_name) + ", " +
                  Quoted(JoinList(cfg_members)));
  }
  AppendClosing(fabric, !cfg_members.empty(), out);
  return out;
}

std::vector<std::string> BrocadeDeleteCommands(const Fabric& fabric, const ScriptPlan& plan) {
  std::vector<std::string> out;
  const std::vector<std::string> cfg_members = ZonesetMembers(plan);
  if (!cfg_members.empty()) {
    out.push_back("cfgremove " + Quoted(fabric.zoneset_name) + ", " +
                  Quoted(JoinList(cfg_members)));
  }
  for (const PlannedZone& zone : plan.zones) out.push_back("zonedelete " + Quoted(zone.name));
  for (const PlannedAlias& alias : plan.aliases) out.push_back("alidelete " + Quoted(alias.name));
  AppendClosing(fabric, !cfg_members.empty(), out);
  return out;
}

}  // namespace sanplane::san::zoning
