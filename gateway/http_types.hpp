#pragma once

#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/json/value.hpp>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

namespace sanplane::gateway {

using HttpRequest = boost::beast::http::request<boost::beast::http::string_body>;
using HttpResponse = boost::beast::http::response<boost::beast::http::string_body>;

/// Completes a request: the response and the route label (a path template, never a raw path) that
/// metrics and logs use. May be called from any thread, exactly once.
using Responder = std::function<void(HttpResponse, std::string_view route)>;

/// The open body of a streamed response (Server-Sent Events). Safe to use from any thread.
class StreamSink {
 public:
  virtual ~StreamSink() = default;
  /// Queues `bytes` for the client. False when the stream is closed, or when more than the
  /// connection's bound is queued unread: a client that does not read is dropped (the stream
  /// closes), so its queue never grows without limit.
  virtual bool Send(std::shared_ptr<const std::string> bytes) = 0;
  /// Ends the stream (the connection closes once what is queued is written).
  virtual void Close() = 0;
  virtual bool closed() const = 0;
};

/// What the owner of a stream hears from it: `closed` runs once, on any thread, when the stream
/// ends for any reason (the client left, it was dropped, Close).
struct StreamCallbacks {
  std::function<void(std::shared_ptr<StreamSink>)> opened;
  std::function<void(bool dropped_as_slow)> closed;
};

/// Answers a request with `header` (200, text/event-stream) and keeps the connection for a body
/// written over time: `callbacks.opened` gets the sink once the header is queued. May be called
/// from any thread, exactly once, instead of the Responder.
using StreamResponder =
    std::function<void(HttpResponse header, std::string_view route, StreamCallbacks callbacks)>;

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
