#include "zoning/wwpn_prefixes.hpp"

#include <algorithm>

namespace sanplane::san::zoning {

WwpnPrefixTable::WwpnPrefixTable(std::vector<WwpnPrefix> prefixes)
    : prefixes_(std::move(prefixes)) {
  std::sort(prefixes_.begin(), prefixes_.end(),
            [](const WwpnPrefix& a, const WwpnPrefix& b) { return a.prefix < b.prefix; });
}

// The one prefix table of sanplane. It is the upstream Sanbox seed (its migration 0003): array
// vendors' OUIs with NAA 5 or 6 (and IBM's 2001-2008) are targets; HBA and server vendors' are
// initiators. A prefix says who made the port, not what it does, so a finding built on it
// (USE_MISMATCH_PREFIX) is a warning, and imports only use it when the switch printed no role.
const WwpnPrefixTable& WwpnPrefixTable::Seeded() {
  static const WwpnPrefixTable table({
      {"5005", Role::kTarget, "IBM"},          {"2001", Role::kTarget, "IBM"},
      {"2002", Role::kTarget, "IBM"},          {"2003", Role::kTarget, "IBM"},
      {"2004", Role::kTarget, "IBM"},          {"2005", Role::kTarget, "IBM"},
      {"2006", Role::kTarget, "IBM"},          {"2007", Role::kTarget, "IBM"},
      {"2008", Role::kTarget, "IBM"},          {"500a", Role::kTarget, "NetApp"},
      {"5742", Role::kTarget, "NetApp"},       {"5006", Role::kTarget, "EMC / Dell"},
      {"6000", Role::kTarget, "HPE"},          {"6005", Role::kTarget, "Hitachi"},
      {"6006", Role::kTarget, "EMC"},          {"5004", Role::kTarget, "Fujitsu"},
      {"5008", Role::kTarget, "Pure Storage"}, {"c050", Role::kInit, "IBM Power"},
      {"c005", Role::kInit, "IBM Power"},      {"1000", Role::kInit, "IBM / Emulex / VMware"},
      {"2000", Role::kInit, "Cisco / QLogic"}, {"2100", Role::kInit, "QLogic"},
      {"2101", Role::kInit, "QLogic"},         {"2110", Role::kInit, "QLogic"},
      {"5000", Role::kInit, "Emulex"},         {"5001", Role::kInit, "Emulex"},
      {"5010", Role::kInit, "Emulex"},         {"1050", Role::kInit, "Emulex"},
      {"1060", Role::kInit, "Emulex"},         {"20cd", Role::kInit, "Cisco UCS"},
      {"20ce", Role::kInit, "Cisco UCS"},      {"0025", Role::kInit, "Hyper-V"},
  });
  return table;
}

std::optional<Role> WwpnPrefixTable::UseOf(std::string_view canonical_wwpn) const {
  // "50:05:…" -> "5005"
  if (canonical_wwpn.size() < 5 || canonical_wwpn[2] != ':') return std::nullopt;
  std::string prefix;
  prefix += canonical_wwpn.substr(0, 2);
  prefix += canonical_wwpn.substr(3, 2);
  auto found = std::lower_bound(
      prefixes_.begin(), prefixes_.end(), prefix,
      [](const WwpnPrefix& entry, const std::string& key) { return entry.prefix < key; });
  if (found == prefixes_.end() || found->prefix != prefix) return std::nullopt;
  return found->use;
}

}  // namespace sanplane::san::zoning
