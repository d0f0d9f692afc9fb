#include "http_types.hpp"

#include <boost/beast/http/field.hpp>
#include <boost/json/serialize.hpp>

namespace sanplane::gateway {

namespace http = boost::beast::http;

HttpResponse JsonResponse(const HttpRequest& request, unsigned status,
                          const boost::json::value& body) {
  HttpResponse response{static_cast<http::status>(status), request.version()};
  response.set(http::field::content_type, "application/json");
  response.set(http::field::cache_control, "no-store");
  response.keep_alive(request.keep_alive());
  response.body() = boost::json::serialize(body);
  response.prepare_payload();
  return response;
}

std::string EtagOf(std::string_view body) {
  return "\"" + std::to_string(std::hash<std::string_view>{}(body)) + "\"";
}

HttpResponse RevalidatableResponse(const HttpRequest& request, std::string body,
                                   const std::string& etag, std::string_view content_type,
                                   std::string_view cache_control) {
  auto if_none_match = request.find(http::field::if_none_match);
  const bool not_modified = if_none_match != request.end() && if_none_match->value() == etag;
  HttpResponse response{not_modified ? http::status::not_modified : http::status::ok,
                        request.version()};
  response.set(http::field::etag, etag);
  response.set("X-Content-Type-Options", "nosniff");
  response.set(http::field::cache_control, cache_control);
  response.keep_alive(request.keep_alive());
  if (!not_modified) {
    response.set(http::field::content_type, content_type);
    response.body() = std::move(body);  // a HEAD answer drops it after taking its length
  }
  response.prepare_payload();
  return response;
}

std::string CookieValue(const HttpRequest& request, std::string_view name) {
  auto it = request.find(http::field::cookie);
  if (it == request.end()) return {};
  std::string_view header = it->value();
  while (!header.empty()) {
    const size_t end = header.find(';');
    std::string_view pair = header.substr(0, end);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    const size_t eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name) {
      return std::string(pair.substr(eq + 1));
    }
    if (end == std::string_view::npos) break;
    header.remove_prefix(end + 1);
  }
  return {};
}

HttpResponse FileResponse(const HttpRequest& request, std::string body, const char* content_type,
                          const std::string& filename) {
  HttpResponse reply{http::status::ok, request.version()};
  reply.keep_alive(request.keep_alive());
  reply.set(http::field::content_type, content_type);
  reply.set(http::field::content_disposition, "attachment; filename=\"" + filename + "\"");
  reply.body() = std::move(body);
  reply.prepare_payload();
  return reply;
}

}  // namespace sanplane::gateway
