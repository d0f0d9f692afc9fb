#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/json/value.hpp>
#include <functional>
#include <string>
#include <string_view>

namespace sanplane::gateway {

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;

/// Completes a request: the response and the route label (a path template, never a raw path) that
/// metrics and logs use. May be called from any thread, exactly once.
using Responder = std::function<void(HttpResponse, std::string_view route)>;

/// A JSON response for `request` (version and keep-alive copied from it).
HttpResponse JsonResponse(const HttpRequest& request, unsigned status,
                          const boost::json::value& body);

/// A strong ETag for `body` (quoted).
std::string EtagOf(std::string_view body);

/// A GET/HEAD answer with `body` and its ETag, or 304 without the body when the request's
/// If-None-Match names that ETag. `cache_control` says how long a client may keep it unasked.
HttpResponse RevalidatableResponse(const HttpRequest& request, std::string body,
                                   const std::string& etag, std::string_view content_type,
                                   std::string_view cache_control);

/// The value of cookie `name` in the request's Cookie header, or empty.
/// A download: `body` as `content_type`, saved by a browser as `filename`.
HttpResponse FileResponse(const HttpRequest& request, std::string body, const char* content_type,
                          const std::string& filename);

std::string CookieValue(const HttpRequest& request, std::string_view name);

}  // namespace sanplane::gateway
