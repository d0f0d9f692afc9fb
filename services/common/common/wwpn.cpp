#include "common/wwpn.hpp"

namespace sanplane::common {
namespace {

constexpr int kDigits = 16;

bool IsHexDigit(char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
}

char ToLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

}  // namespace

std::optional<std::string> NormalizeWwpn(std::string_view text) {
  char separator = '\0';
  if (text.size() == kDigits + kDigits / 2 - 1) {
    separator = text[2];
    if (separator != ':' && separator != '-') return std::nullopt;
  } else if (text.size() != kDigits) {
    return std::nullopt;
  }
  std::string out;
  out.reserve(kDigits + kDigits / 2 - 1);
  size_t pos = 0;
  for (int pair = 0; pair < kDigits / 2; ++pair) {
    if (pair > 0) {
      if (separator != '\0') {
        if (text[pos] != separator) return std::nullopt;
        ++pos;
      }
      out.push_back(':');
    }
    for (int digit = 0; digit < 2; ++digit, ++pos) {
      if (!IsHexDigit(text[pos])) return std::nullopt;
      out.push_back(ToLower(text[pos]));
    }
  }
  return out;
}

}  // namespace sanplane::common
