#pragma once
// The zoning of one fabric as the script generator, the switch-output importer and the hygiene
// report see it: plain values, no ids and no storage, so every rule over them is a pure function.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sanplane::san::zoning {

enum class Vendor { kCisco, kBrocade };

/// Cisco MDS zone database mode of a VSAN. Enhanced mode locks the database on the first change
/// and publishes it only on `zone commit`; basic mode applies each command at once.
enum class ZoningMode { kEnhanced, kBasic };

/// The name rules a Brocade fabric enforces depend on its Fabric OS release: 8.1.0 widened them.
enum class FosNameRules { kFos81OrLater, kLegacy };

/// What a port does: an alias's declared use and a zone member's role share these values.
enum class Role { kInit, kTarget, kBoth };

/// How an alias exists on the switch. Cisco has fabric-wide device-aliases and per-VSAN fcaliases;
/// Brocade has one kind of alias and writes both as `alicreate`. `kWwpn` means no alias object:
/// zones name the WWPNs themselves (on both vendors).
enum class AliasKind { kDeviceAlias, kFcAlias, kWwpn };

/// A standard zone lets all its members see each other. A smart zone (Cisco smart zoning, Brocade
/// peer zone) carries a role per member and only lets initiators reach targets.
enum class ZoneType { kStandard, kSmart };

struct Alias {
  std::string name;
  /// In the order the switch lists them; at least one. Canonical form is
  /// common::NormalizeWwpn's; the generator normalises (and refuses) what it is given.
  std::vector<std::string> wwpns;
  std::optional<Role> use;
  AliasKind kind = AliasKind::kDeviceAlias;
  bool create = false;  // to be created by the create script
  bool del = false;     // to be removed by the delete script
  bool logged_in = false;
};

struct ZoneMember {
  std::string alias;  // the name of an alias of the same fabric
  /// Smart zones only; when absent, the alias's use stands in.
  std::optional<Role> role;
};

struct Zone {
  std::string name;
  ZoneType type = ZoneType::kStandard;
  std::vector<ZoneMember> members;
  /// Member of the fabric's zoneset (Cisco) or cfg (Brocade). A zone can be defined without
  /// being in it, and is then not enforced.
  bool in_zoneset = true;
  bool create = false;
  bool del = false;
};

struct Fabric {
  std::string name;
  Vendor vendor = Vendor::kBrocade;
  std::optional<int> vsan;   // Cisco only
  std::string zoneset_name;  // Cisco zoneset or Brocade cfg
  /// The zoneset / cfg is already on the switch (Brocade: cfgadd instead of cfgcreate).
  bool exists = false;
  ZoningMode zoning_mode = ZoningMode::kEnhanced;
  bool smart_zoning = false;
  FosNameRules fos_name_rules = FosNameRules::kFos81OrLater;
  std::vector<Alias> aliases;
  std::vector<Zone> zones;
};

/// "init", "target", "both".
std::string_view RoleName(Role role);
/// The inverse of RoleName; the switches also print "initiator".
std::optional<Role> ParseRole(std::string_view text);

std::string_view VendorName(Vendor vendor);  // "cisco", "brocade"

/// The values of sanplane's `cisco_alias` field: "device-alias", "fcalias", "wwpn".
std::string_view AliasKindName(AliasKind kind);

/// A target role reaches initiators; `both` counts as either.
inline bool ActsAsTarget(Role role) { return role != Role::kInit; }
inline bool ActsAsInitiator(Role role) { return role != Role::kTarget; }

}  // namespace sanplane::san::zoning
