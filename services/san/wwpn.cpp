#include "wwpn.hpp"

#include <algorithm>

#include "common/text.hpp"
#include "common/wwpn.hpp"

namespace sanplane::san {
namespace {

constexpr size_t kDigits = 16;
constexpr char kRule[] =
    " A WWPN is 16 hex digits, e.g. 50:05:07:68:10:00:00:01 (separators ':' or '-' or none).";

bool IsHex(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

/// Why common::NormalizeWwpn refused `text`, for the person who typed it.
std::string Diagnose(std::string_view text) {
  const bool colon = text.find(':') != std::string_view::npos;
  const bool dash = text.find('-') != std::string_view::npos;
  if (std::any_of(text.begin(), text.end(),
                  [](char c) { return !IsHex(c) && c != ':' && c != '-'; })) {
    return std::string("WWPN contains a character that is not a hex digit.") + kRule;
  }
  if (colon && dash) return std::string("WWPN mixes the separators ':' and '-'.") + kRule;
  const size_t digits = static_cast<size_t>(std::count_if(text.begin(), text.end(), IsHex));
  if (digits != kDigits) {
    return "WWPN has " + std::to_string(digits) + " hex digits." + kRule;
  }
  return std::string("Separators must split the WWPN into pairs of digits.") + kRule;
}

}  // namespace

WwpnParse ParseWwpn(std::string_view text) {
  text = common::TrimBlanks(text);
  if (text.empty()) return {std::nullopt, "This field may not be blank."};
  if (std::optional<std::string> canonical = common::NormalizeWwpn(text)) {
    return {std::move(canonical), {}};
  }
  return {std::nullopt, Diagnose(text)};
}

std::string WwpnDigits(std::string_view canonical) {
  std::string digits;
  for (char c : canonical) {
    if (c != ':' && c != '-' && !common::IsBlankChar(c)) digits.push_back(c);
  }
  return digits;
}

}  // namespace sanplane::san
