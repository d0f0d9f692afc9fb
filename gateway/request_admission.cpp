#include "request_admission.hpp"

namespace sanplane::gateway {

namespace http = boost::beast::http;

RequestAdmission::RequestAdmission(const std::vector<Route>& routes) {
  for (const Route& route : routes) router_.Add(route.method, route.pattern, route.access);
}

std::optional<AdmissionRefusal> RequestAdmission::Check(const HttpRequest& header) const {
  const std::string_view target = header.target();
  const std::string_view path = target.substr(0, target.find('?'));
  const bool read_only = header.method() == http::verb::get || header.method() == http::verb::head;
  if (!path.starts_with("/api/")) {
    // Probes, the API description and the UI are read-only.
    if (read_only) return std::nullopt;
    return AdmissionRefusal{http_errors::MethodNotAllowed("GET, HEAD"), "static"};
  }
  const http::verb method = header.method() == http::verb::head ? http::verb::get : header.method();
  auto match = router_.Find(method, path);
  if (!match) return AdmissionRefusal{http_errors::NotFound(), "unmatched"};
  if (match->target == nullptr) {
    std::string allow;
    for (http::verb verb : match->allowed) {
      if (!allow.empty()) allow += ", ";
      allow += std::string(http::to_string(verb));
    }
    return AdmissionRefusal{http_errors::MethodNotAllowed(std::move(allow)), "unmatched"};
  }
  // Whether a session cookie is valid takes a call to identity; its absence is certain now.
  if (*match->target == Access::kUser && CookieValue(header, "sessionid").empty()) {
    return AdmissionRefusal{http_errors::AuthenticationRequired(), std::string(match->pattern)};
  }
  return std::nullopt;
}

}  // namespace sanplane::gateway
