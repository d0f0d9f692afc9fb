#pragma once
// The hygiene report of a fabric: what is wrong or doubtful in its aliases and zones, before a
// script carries it to a switch.

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zoning/model.hpp"
#include "zoning/wwpn_prefixes.hpp"

namespace sanplane::san::zoning {

/// error: a script would be refused or do harm; warning: a breach of good practice; info: worth
/// a look.
enum class Severity { kError, kWarning, kInfo };
std::string_view SeverityName(Severity severity);  // "error", "warning", "info"

struct Finding {
  std::string code;  // e.g. "UNUSED_ALIAS"
  Severity severity = Severity::kWarning;
  std::vector<std::string> records;  // the names of the records concerned, the subject first
  std::string message;
};

struct LintOptions {
  /// ALIAS_OVER_ZONE_CAP reports aliases in more zones than this; nullopt turns the rule off.
  std::optional<size_t> alias_max_zones;
  const WwpnPrefixTable* prefixes = &WwpnPrefixTable::Seeded();
};

/// Every finding of the rules below, sorted by (code, first record name):
///  ALIAS_OVER_ZONE_CAP (info)             an alias in more zones than the cap
///  DUPLICATE_WWPN (error for device-aliases, else warning)  two aliases name one WWPN
///  EMPTY_ZONE (warning)                   a zone without members
///  MULTI_INITIATOR_STANDARD_ZONE (warning) a standard zone with two or more initiators
///  NAME_RULE (error)                      a name the vendor refuses (name_rules.hpp)
///  NO_INITIATOR (warning), NO_TARGET (error)  a smart zone that lacks one side
///  SINGLE_MEMBER_ZONE (warning)           a zone of one member zones nothing
///  UNUSED_ALIAS (info)                    an alias no zone names
///  USE_MISMATCH_PREFIX (warning)          a declared use the WWPN prefix table contradicts
///  ZONE_NOT_IN_ZONESET (info)             a zone defined but not in the zoneset / cfg
/// A member's role is its own or else its alias's use; an initiator is a port whose role is init.
std::vector<Finding> LintFabric(const Fabric& fabric, const LintOptions& options = {});

}  // namespace sanplane::san::zoning
