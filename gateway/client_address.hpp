#pragma once
// The address a request came from, for sign-in throttling. The TCP peer, unless the peer is one
// of the configured proxies: then the nearest X-Forwarded-For hop that is not a trusted proxy.
// X-Forwarded-For from anyone else is ignored, since a client can write any address there.

#include <string>
#include <string_view>
#include <vector>

#include "http_types.hpp"

namespace sanplane::gateway {

/// Set by the HTTP server on every request it reads, replacing any value a client sent.
inline constexpr std::string_view kPeerAddressHeader = "X-Sanplane-Peer-Address";

std::string ClientAddress(const HttpRequest& request,
                          const std::vector<std::string>& trusted_proxies);

/// "10.0.0.1, 10.0.0.2" -> {"10.0.0.1", "10.0.0.2"} (the trusted-proxies setting).
std::vector<std::string> ParseAddressList(std::string_view list);

}  // namespace sanplane::gateway
