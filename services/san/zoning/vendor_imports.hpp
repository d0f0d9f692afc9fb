#pragma once
// The vendors' parsers behind ParseSwitchOutput (import.hpp), over lines already bounded.

#include <vector>

#include "zoning/import_input.hpp"
#include "zoning/model.hpp"
#include "zoning/wwpn_prefixes.hpp"

namespace sanplane::san::zoning {

/// Cisco MDS `show zoneset [active]`, `show zone`, `show running-config`, `show device-alias
/// database`, alone or pasted one after another. One fabric per VSAN.
std::vector<Fabric> ParseCiscoLines(const std::vector<InputLine>& lines,
                                    const WwpnPrefixTable& prefixes, ImportWarnings& warnings);

/// Brocade `cfgshow` (defined and effective configuration). One fabric.
std::vector<Fabric> ParseBrocadeLines(const std::vector<InputLine>& lines,
                                      const WwpnPrefixTable& prefixes, ImportWarnings& warnings);

/// Whether a line is one only Cisco prints, or one only Brocade prints (for DetectFormat).
bool IsCiscoMarker(std::string_view line);
bool IsBrocadeMarker(std::string_view line);

}  // namespace sanplane::san::zoning
