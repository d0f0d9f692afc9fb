#pragma once
// Random secrets and their digests.

#include <cstddef>
#include <string>
#include <string_view>

#include "common/session_token.hpp"

namespace sanplane::identity {

using common::IsWellFormedToken;
using common::kTokenBytes;

/// `bytes` random bytes from the OS CSPRNG, as lower-case hex (2 * bytes characters).
std::string RandomHexToken(std::size_t bytes = kTokenBytes);

/// SHA-256 of `data` as 64 lower-case hex characters.
std::string Sha256Hex(std::string_view data);

/// A random password of `length` characters from letters and digits (no look-alike ambiguity
/// matters here: it is copied from a log line).
std::string RandomPassword(std::size_t length);

}  // namespace sanplane::identity
