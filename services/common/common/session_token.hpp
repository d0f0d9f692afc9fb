#pragma once
// The shape of a session or CSRF token, known to identity (which issues them) and to the gateway
// (which refuses a malformed cookie before it costs a body read or a call).

#include <cstddef>
#include <string_view>

namespace sanplane::common {

/// Bytes of randomness in a session or CSRF token (256 bits), written as lower-case hex.
inline constexpr std::size_t kTokenBytes = 32;

/// True for exactly what identity issues: 64 lower-case hex characters. Anything else (a
/// truncated token, a non-UTF-8 byte) can be refused without a store round trip.
bool IsWellFormedToken(std::string_view token);

}  // namespace sanplane::common
