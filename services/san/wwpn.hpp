#pragma once
// World Wide Port Names: 64 bits written as 16 hex digits.

#include <optional>
#include <string>
#include <string_view>

namespace sanplane::san {

struct WwpnParse {
  /// Canonical form "50:05:07:68:10:00:00:01" (lower case, colons) when the input is valid.
  std::optional<std::string> wwpn;
  /// Why the input is not a WWPN, written for the person who typed it (empty when valid).
  std::string error;
};

/// common::NormalizeWwpn (16 hex digits in either case, as one run or as eight pairs separated
/// all by ':' or all by '-') after trimming surrounding blanks, plus the reason for a refusal.
WwpnParse ParseWwpn(std::string_view text);

/// The digits of a WWPN or search term without separators ("5005076810000001").
std::string WwpnDigits(std::string_view canonical);

}  // namespace sanplane::san
