#include "security_headers.hpp"

#include <gtest/gtest.h>

namespace sanplane::gateway {
namespace {

std::string Header(const ResponseHeaders& headers, std::string_view name) {
  for (const auto& [key, value] : headers) {
    if (key == name) return value;
  }
  return {};
}

TEST(SecurityHeadersTest, HashesTheInlineScriptsOnly) {
  // Known value: printf 'alert(1)' | openssl sha256 -binary | base64
  EXPECT_EQ(ScriptHashSource("alert(1)"), "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='");
  const auto headers = SecurityHeaders(
      "<script type=\"importmap\">alert(1)</script><script type=\"module\" "
      "src=\"/a.js\"></script>");
  const std::string csp = Header(headers, "Content-Security-Policy");
  EXPECT_NE(csp.find("script-src 'self' 'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI=';"),
            std::string::npos)
      << csp;
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(Header(headers, "X-Frame-Options"), "DENY");
  EXPECT_EQ(Header(headers, "X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(Header(headers, "Referrer-Policy"), "no-referrer");
}

}  // namespace
}  // namespace sanplane::gateway
