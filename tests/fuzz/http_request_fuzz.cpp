// Raw bytes from a connection -> Beast's request parser with the gateway's limits, then the
// framing checks that run on every header (smuggling, Host, target length) and the session cookie
// reader.
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <cstddef>
#include <cstdint>

#include "http_types.hpp"
#include "request_framing.hpp"
#include "session_resolver.hpp"

using namespace sanplane::gateway;
namespace http = boost::beast::http;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  http::request_parser<http::string_body> parser;
  parser.body_limit(64 * 1024);
  parser.header_limit(16 * 1024);
  parser.eager(true);
  boost::system::error_code ec;
  size_t offset = 0;
  while (offset < size && !ec && !parser.is_done()) {
    const size_t used = parser.put(boost::asio::buffer(data + offset, size - offset), ec);
    if (used == 0) break;
    offset += used;
  }
  if (!parser.is_header_done()) return 0;
  const HttpRequest& request = parser.get();
  (void)CheckFraming(request, 8 * 1024);
  (void)CookieValue(request, "csrftoken");
  (void)SessionTokenOf(request);
  return 0;
}
