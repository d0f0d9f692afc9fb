#pragma once
// Decides from a request's header whether its body is worth reading: a body for a route that does
// not exist, for a method the route does not take, or for a protected route without a valid
// session is refused before a byte of it is buffered, so clients that may not write cannot make
// the gateway hold megabytes per connection.

#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "api_handler.hpp"
#include "http_errors.hpp"
#include "http_types.hpp"
#include "router.hpp"
#include "session_resolver.hpp"

namespace sanplane::gateway {

struct AdmissionRefusal {
  ErrorReply reply;   // from http_errors
  std::string route;  // the label metrics and logs use
};

class RequestAdmission {
 public:
  /// `rpc_deadline` bounds the session lookup, as it bounds every request; `body_limit` is the
  /// largest body a route without a limit of its own (Route::body_limit) reads.
  RequestAdmission(const std::vector<Route>& routes, SessionResolver& sessions,
                   std::chrono::milliseconds rpc_deadline, uint64_t body_limit);

  /// The largest body any route reads: what the parser must allow while the header is read.
  uint64_t largest_body_limit() const { return largest_body_limit_; }

  /// nullopt: read the body, at most `body_limit` bytes, and serve the request. A
  /// `Content-Length` over the route's limit is refused (413) from the header.
  using Verdict = std::function<void(std::optional<AdmissionRefusal> refusal, uint64_t body_limit)>;
  /// Calls `done` inline when the header alone decides; for a protected route with a well-formed
  /// session cookie, on a gRPC thread once identity has said whether the session is live (the
  /// answer is cached, so serving the request afterwards costs no second call).
  void Check(std::shared_ptr<const HttpRequest> header, const std::string& request_id,
             Verdict done) const;

 private:
  // What the header alone decides: a refusal, or the matched route's access and template.
  struct RouteVerdict {
    std::optional<AdmissionRefusal> refusal;
    Access access = Access::kAnyone;
    std::string route;
    uint64_t body_limit = 0;
  };
  RouteVerdict CheckRoute(const HttpRequest& header) const;

  struct RouteAdmission {
    Access access = Access::kAnyone;
    uint64_t body_limit = 0;
  };
  Router<RouteAdmission> router_;
  SessionResolver& sessions_;
  std::chrono::milliseconds rpc_deadline_;
  uint64_t body_limit_ = 0;
  uint64_t largest_body_limit_ = 0;
};

}  // namespace sanplane::gateway
