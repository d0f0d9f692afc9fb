#include "request_framing.hpp"

#include <boost/beast/core/string.hpp>
#include <boost/beast/http/field.hpp>
#include <string_view>
#include <vector>

namespace sanplane::gateway {

namespace http = boost::beast::http;

namespace {

std::string_view Trimmed(std::string_view value) {
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  return value;
}

// The transfer codings of every Transfer-Encoding field, in order (fields combine as one list).
std::vector<std::string_view> TransferCodings(const HttpRequest& request) {
  std::vector<std::string_view> codings;
  for (auto it = request.find(http::field::transfer_encoding);
       it != request.end() && it->name() == http::field::transfer_encoding; ++it) {
    std::string_view list = it->value();
    while (true) {
      const size_t comma = list.find(',');
      std::string_view coding = Trimmed(list.substr(0, comma));
      // Parameters (";q=...") do not change which coding it is.
      coding = Trimmed(coding.substr(0, coding.find(';')));
      codings.push_back(coding);
      if (comma == std::string_view::npos) break;
      list.remove_prefix(comma + 1);
    }
  }
  return codings;
}

}  // namespace

std::optional<ErrorReply> CheckFraming(const HttpRequest& request, uint32_t max_target_bytes) {
  if (request.target().size() > max_target_bytes) {
    return http_errors::TargetTooLong(max_target_bytes);
  }
  const size_t hosts = request.count(http::field::host);
  // HTTP/1.1 requires exactly one Host; two could route one request two ways.
  if ((request.version() >= 11 && hosts == 0) || hosts > 1) {
    return http_errors::AmbiguousFraming("A request needs exactly one Host header.");
  }
  if (request.count(http::field::transfer_encoding) == 0) return std::nullopt;
  if (request.version() < 11) {
    return http_errors::AmbiguousFraming("Transfer-Encoding is not defined for HTTP/1.0.");
  }
  if (request.count(http::field::content_length) > 0) {
    return http_errors::AmbiguousFraming(
        "Content-Length and Transfer-Encoding together are ambiguous.");
  }
  const std::vector<std::string_view> codings = TransferCodings(request);
  for (size_t i = 0; i < codings.size(); ++i) {
    const bool chunked = boost::beast::iequals(codings[i], "chunked");
    // Chunked must be the last coding and appear once; anything else leaves the length unknown.
    if (chunked != (i + 1 == codings.size())) {
      return http_errors::AmbiguousFraming("Transfer-Encoding must end in chunked, once.");
    }
  }
  return std::nullopt;
}

}  // namespace sanplane::gateway
