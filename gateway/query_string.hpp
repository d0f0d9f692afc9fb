#pragma once
// application/x-www-form-urlencoded query strings.

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sanplane::gateway {

/// "a=1&b=x%20y+z" -> {{"a","1"},{"b","x y z"}}. Malformed escapes are kept literally.
std::vector<std::pair<std::string, std::string>> ParseQueryString(std::string_view query);
std::string PercentDecode(std::string_view text, bool plus_is_space);

}  // namespace sanplane::gateway
