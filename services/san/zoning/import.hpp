#pragma once
// The import of a switch's zoning from the text of its show commands: Cisco MDS
// `show zoneset active`, `show zone`, `show running-config` (its device-alias, fcalias, zone and
// zoneset parts), and Brocade `cfgshow`.
//
// What is imported: aliases (device-alias, fcalias, Brocade alias, or a bare WWPN a zone names),
// zones with their members and roles, the zoneset / cfg and which zones are in it, and the Cisco
// zoning mode and smart zoning of each VSAN. A line that says none of this is a warning with its
// line number; nothing is dropped silently. WWPNs come out in sanplane's canonical form
// (common::NormalizeWwpn: lower case, colons).

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "zoning/model.hpp"
#include "zoning/wwpn_prefixes.hpp"

namespace sanplane::san::zoning {

enum class ImportFormat { kAuto, kCisco, kBrocade };

/// Inputs larger than this are refused before parsing: the largest real configurations are a
/// fraction of it, and the parse stays linear below it.
inline constexpr size_t kMaxImportBytes = 10 * 1024 * 1024;
inline constexpr size_t kMaxImportLines = 50'000;
/// Warnings beyond this many are counted in one last warning rather than listed.
inline constexpr size_t kMaxImportWarnings = 500;

struct ImportWarning {
  size_t line = 0;  // 1-based; 0 for a warning about the input as a whole
  std::string message;
  bool operator==(const ImportWarning&) const = default;
};

struct ImportResult {
  /// Set when the input was refused (too large, format not recognised); nothing else is then.
  std::string error;
  ImportFormat format = ImportFormat::kAuto;  // the format parsed
  /// One per Cisco VSAN (ascending), or the one Brocade fabric. Names are left to the caller;
  /// aliases and zones are sorted by name; everything imported exists on the switch.
  std::vector<Fabric> fabrics;
  std::vector<ImportWarning> warnings;
};

/// Which format `text` is in: the first line that only one vendor prints decides.
/// kAuto when no line does.
ImportFormat DetectFormat(std::string_view text);

/// Aliases whose use the switch does not print take the one `prefixes` gives their first WWPN.
ImportResult ParseSwitchOutput(std::string_view text, ImportFormat format = ImportFormat::kAuto,
                               const WwpnPrefixTable& prefixes = WwpnPrefixTable::Seeded());

}  // namespace sanplane::san::zoning
