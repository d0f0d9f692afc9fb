#include "common/session_token.hpp"

namespace sanplane::common {

bool IsWellFormedToken(std::string_view token) {
  if (token.size() != kTokenBytes * 2) return false;
  for (char c : token) {
    const bool hex_digit = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
    if (!hex_digit) return false;
  }
  return true;
}

}  // namespace sanplane::common
