#pragma once
// Which request headers frame a message unambiguously (RFC 9112 §3.2, §6.1, §6.3). A request whose
// length two parties could read differently (Transfer-Encoding not ending in chunked, or both
// Transfer-Encoding and Content-Length) is how requests are smuggled past a proxy, so it is refused
// and its connection closed rather than guessed at.

#include <cstdint>
#include <optional>
#include <string>

#include "http_errors.hpp"
#include "http_types.hpp"

namespace sanplane::gateway {

/// nullopt when the header of `request` may be served, else the 400 or 414 to answer before the
/// connection closes; `max_target_bytes` bounds the target.
std::optional<ErrorReply> CheckFraming(const HttpRequest& request, uint32_t max_target_bytes);

}  // namespace sanplane::gateway
