#pragma once
// The names a switch accepts for aliases, zones and zonesets / cfgs.

#include <optional>
#include <string>
#include <string_view>

#include "zoning/model.hpp"

namespace sanplane::san::zoning {

/// The vendor's rule for `fabric`: nullopt when `name` follows it, else what is wrong and the rule
/// ("Names must begin with a letter. Cisco names: …").
///  - Cisco MDS (device-alias, fcalias, zone, zoneset): at most 64 characters, a letter first,
///    then letters, digits, `_ - $ ^`. Cisco documents this for device-aliases; sanplane holds
///    every Cisco zoning name to it rather than guess a looser rule per object.
///  - Brocade FOS 8.1.0 or later: at most 64 characters, a letter or digit first, then letters,
///    digits, `_ - $ ^`; FOS 8.0 and earlier: a letter first, then letters, digits, `_`. Both
///    refuse the reserved prefixes `bfa_`, `lsan_red_` and `d__efault__`.
std::optional<std::string> CheckSwitchName(const Fabric& fabric, std::string_view name);

/// Whether `name` can be written into a command line at all: not empty, and no blank, quote,
/// separator (`;` `,`) or control character. Delete scripts hold names to this alone, so that an
/// object created under older rules can still be removed.
std::optional<std::string> CheckRenderableName(std::string_view name);

}  // namespace sanplane::san::zoning
