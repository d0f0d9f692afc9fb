#pragma once
// Random secrets and their digests.

#include <cstddef>
#include <string>
#include <string_view>

namespace sanplane::identity {

/// Bytes of randomness in a session or CSRF token (256 bits).
inline constexpr std::size_t kTokenBytes = 32;

/// `bytes` random bytes from the OS CSPRNG, as lower-case hex (2 * bytes characters).
std::string RandomHexToken(std::size_t bytes = kTokenBytes);

/// SHA-256 of `data` as 64 lower-case hex characters.
std::string Sha256Hex(std::string_view data);

/// True for exactly what RandomHexToken() produces: 64 lower-case hex characters. Lets callers
/// reject garbage without a store round trip.
bool IsWellFormedToken(std::string_view token);

/// A random password of `length` characters from letters and digits (no look-alike ambiguity
/// matters here: it is copied from a log line).
std::string RandomPassword(std::size_t length);

}  // namespace sanplane::identity
