#pragma once
// The headers every answer carries so a browser cannot be turned against the UI: no MIME sniffing,
// no framing (clickjacking), no referrer leaking URLs, and a Content-Security-Policy that lets the
// page run only its own files plus the inline scripts index.html really has (its import map).

#include <string>
#include <string_view>

#include "http_server.hpp"

namespace sanplane::gateway {

/// `index_html`: the UI's page; each inline <script> in it is allowed by its SHA-256 hash.
ResponseHeaders SecurityHeaders(std::string_view index_html);

/// The CSP source for an inline script's text: 'sha256-<base64>'.
std::string ScriptHashSource(std::string_view script);

}  // namespace sanplane::gateway
