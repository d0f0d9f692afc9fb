#pragma once
// Gathers the aliases and zones of one fabric as a parser meets them, in any order and as often
// as the switch repeats them, in time linear in the input: names are looked up in hash maps,
// repeated WWPNs and members are merged.

#include <deque>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "zoning/model.hpp"
#include "zoning/wwpn_prefixes.hpp"

namespace sanplane::san::zoning {

class FabricBuilder {
 public:
  explicit FabricBuilder(Fabric settings);

  Fabric& settings() { return settings_; }

  /// The alias `name`, created with `kind` when new (an existing alias keeps its kind).
  Alias& AliasNamed(std::string_view name, AliasKind kind);
  bool HasAlias(std::string_view name) const { return alias_index_.contains(std::string(name)); }
  /// Appends a canonical WWPN to an alias unless it already has it.
  void AddWwpn(Alias& alias, const std::string& wwpn);
  /// A zone member named by its WWPN alone: an alias of kind kWwpn named by the WWPN.
  Alias& BareWwpn(const std::string& wwpn);

  Zone& ZoneNamed(std::string_view name);
  /// Appends a member unless the zone has it; a role given again fills one not yet known.
  void AddMember(Zone& zone, const std::string& alias, std::optional<Role> role);

  /// Zones named in the fabric's zoneset / cfg; the others are defined only.
  void MarkInZoneset(const std::unordered_set<std::string>& zone_names);

  /// The fabric: aliases without a use take the prefix table's; a zone with a role is smart;
  /// aliases and zones sorted by name; everything flagged as existing on the switch.
  Fabric Finish(const WwpnPrefixTable& prefixes) &&;

 private:
  struct AliasDraft {
    Alias alias;
    std::unordered_set<std::string> wwpns;
  };
  struct ZoneDraft {
    Zone zone;
    std::unordered_map<std::string, size_t> members;  // alias -> index in zone.members
  };

  Fabric settings_;
  std::deque<AliasDraft> aliases_;  // a deque keeps references valid as it grows
  std::unordered_map<std::string, AliasDraft*> alias_index_;
  std::deque<ZoneDraft> zones_;
  std::unordered_map<std::string, ZoneDraft*> zone_index_;
  std::unordered_map<const Zone*, ZoneDraft*> draft_of_zone_;
};

}  // namespace sanplane::san::zoning
