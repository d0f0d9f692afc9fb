#include "zoning/name_rules.hpp"

namespace sanplane::san::zoning {
namespace {

constexpr size_t kMaxNameLength = 64;

bool IsLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsWideSpecial(char c) { return c == '_' || c == '-' || c == '$' || c == '^'; }

struct NameRule {
  bool digit_first;   // may begin with a digit
  bool wide_special;  // `- $ ^` besides `_`
  bool reserved_prefixes;
  std::string_view statement;
};

constexpr NameRule kCiscoRule{false, true, false,
                              "Cisco names have at most 64 characters, begin with a letter and "
                              "use only letters, digits and _ - $ ^."};
constexpr NameRule kFos81Rule{true, true, true,
                              "Brocade FOS 8.1+ names have at most 64 characters, begin with a "
                              "letter or digit and use only letters, digits and _ - $ ^."};
constexpr NameRule kFosLegacyRule{false, false, true,
                                  "Brocade names before FOS 8.1 have at most 64 characters, begin "
                                  "with a letter and use only letters, digits and _."};

const NameRule& RuleOf(const Fabric& fabric) {
  if (fabric.vendor == Vendor::kCisco) return kCiscoRule;
  return fabric.fos_name_rules == FosNameRules::kLegacy ? kFosLegacyRule : kFos81Rule;
}

std::optional<std::string> Breach(const NameRule& rule, std::string_view name) {
  if (name.empty()) return "The name is empty.";
  if (name.size() > kMaxNameLength) {
    return "The name has " + std::to_string(name.size()) + " characters.";
  }
  const char first = name.front();
  if (IsDigit(first) && !rule.digit_first) return std::string("The name begins with a digit.");
  if (!IsLetter(first) && !IsDigit(first)) {
    return "The name begins with '" + std::string(1, first) + "'.";
  }
  for (char c : name) {
    if (IsLetter(c) || IsDigit(c) || c == '_' || (rule.wide_special && IsWideSpecial(c))) continue;
    return "The name contains '" + std::string(1, c) + "'.";
  }
  if (rule.reserved_prefixes) {
    for (std::string_view reserved : {"bfa_", "lsan_red_", "d__efault__"}) {
      if (name.starts_with(reserved)) {
        return "The name begins with the reserved prefix " + std::string(reserved) + ".";
      }
    }
  }
  return std::nullopt;
}

}  // namespace

std::optional<std::string> CheckSwitchName(const Fabric& fabric, std::string_view name) {
  const NameRule& rule = RuleOf(fabric);
  if (auto breach = Breach(rule, name)) return *breach + " " + std::string(rule.statement);
  return std::nullopt;
}

std::optional<std::string> CheckRenderableName(std::string_view name) {
  if (name.empty()) return std::string("The name is empty.");
  for (char c : name) {
    const auto byte = static_cast<unsigned char>(c);
    if (byte <= 0x20 || byte == 0x7f || c == '"' || c == '\'' || c == ';' || c == ',') {
      return std::string(
          "The name contains a blank, a quote, ';', ',' or a control character, "
          "which a switch command cannot carry.");
    }
  }
  return std::nullopt;
}

}  // namespace sanplane::san::zoning
