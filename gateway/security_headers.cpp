#include "security_headers.hpp"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <array>

namespace sanplane::gateway {

std::string ScriptHashSource(std::string_view script) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> digest{};
  SHA256(reinterpret_cast<const unsigned char*>(script.data()), script.size(), digest.data());
  std::array<unsigned char, 4 * ((SHA256_DIGEST_LENGTH + 2) / 3) + 1> encoded{};
  const int length = EVP_EncodeBlock(encoded.data(), digest.data(), digest.size());
  return "'sha256-" + std::string(reinterpret_cast<const char*>(encoded.data()), length) + "'";
}

ResponseHeaders SecurityHeaders(std::string_view index_html) {
  // Browsers hash the exact text between <script ...> and </script> of scripts without src.
  std::string script_sources = "'self'";
  size_t at = 0;
  while ((at = index_html.find("<script", at)) != std::string_view::npos) {
    const size_t tag_end = index_html.find('>', at);
    if (tag_end == std::string_view::npos) break;
    const std::string_view tag = index_html.substr(at, tag_end - at);
    const size_t close = index_html.find("</script>", tag_end);
    if (close == std::string_view::npos) break;
    if (tag.find(" src=") == std::string_view::npos) {
      script_sources += " " + ScriptHashSource(index_html.substr(tag_end + 1, close - tag_end - 1));
    }
    at = close;
  }
  return {
      {"X-Content-Type-Options", "nosniff"},
      {"X-Frame-Options", "DENY"},
      {"Referrer-Policy", "no-referrer"},
      {"Content-Security-Policy",
       "default-src 'self'; script-src " + script_sources +
           "; style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; "
           "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"},
  };
}

}  // namespace sanplane::gateway
