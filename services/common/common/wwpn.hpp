#pragma once
// World Wide Port (and Node) Names: 64-bit Fibre Channel names written as 16 hex digits.

#include <optional>
#include <string>
#include <string_view>

namespace sanplane::common {

/// Accepts 16 hex digits (either case) written without separators ("5005076810000001") or as
/// eight byte pairs separated all by ':' or all by '-' ("50:05:07:68:10:00:00:01",
/// "50-05-07-68-10-00-00-01"). Returns the canonical lower-case colon form, or nullopt for
/// anything else (no surrounding whitespace, no mixed separators).
std::optional<std::string> NormalizeWwpn(std::string_view text);

}  // namespace sanplane::common
