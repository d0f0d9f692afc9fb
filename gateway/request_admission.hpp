#pragma once
// Decides from a request's header alone whether its body is worth reading: a body for a route that
// does not exist, for a method the route does not take, or for a protected route without a session
// is refused before a byte of it is buffered, so anonymous clients cannot make the gateway hold
// megabytes per connection.

#include <optional>
#include <string>
#include <vector>

#include "api_handler.hpp"
#include "http_errors.hpp"
#include "http_types.hpp"
#include "router.hpp"

namespace sanplane::gateway {

struct AdmissionRefusal {
  ErrorReply reply;   // from http_errors
  std::string route;  // the label metrics and logs use
};

class RequestAdmission {
 public:
  explicit RequestAdmission(const std::vector<Route>& routes);

  /// nullopt: read the body and serve the request.
  std::optional<AdmissionRefusal> Check(const HttpRequest& header) const;

 private:
  Router<Access> router_;
};

}  // namespace sanplane::gateway
