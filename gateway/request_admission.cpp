#include "request_admission.hpp"

namespace sanplane::gateway {

namespace http = boost::beast::http;

RequestAdmission::RequestAdmission(const std::vector<Route>& routes, SessionResolver& sessions,
                                   std::chrono::milliseconds rpc_deadline)
    : sessions_(sessions), rpc_deadline_(rpc_deadline) {
  for (const Route& route : routes) router_.Add(route.method, route.pattern, route.access);
}

RequestAdmission::RouteVerdict RequestAdmission::CheckRoute(const HttpRequest& header) const {
  const std::string_view target = header.target();
  const std::string_view path = target.substr(0, target.find('?'));
  const bool read_only = header.method() == http::verb::get || header.method() == http::verb::head;
  // Refused before a route is known: labelled as what was (not) matched.
  auto refuse = [](ErrorReply reply, std::string label) {
    return RouteVerdict{AdmissionRefusal{std::move(reply), label}, Access::kAnyone, label};
  };
  if (!path.starts_with("/api/")) {
    // Probes, the API description and the UI are read-only.
    if (read_only) return RouteVerdict{std::nullopt, Access::kAnyone, "static"};
    return refuse(http_errors::MethodNotAllowed("GET, HEAD"), "static");
  }
  const http::verb method = header.method() == http::verb::head ? http::verb::get : header.method();
  auto match = router_.Find(method, path);
  if (!match) return refuse(http_errors::NotFound(), "unmatched");
  if (match->target == nullptr) {
    std::string allow;
    for (http::verb verb : match->allowed) {
      if (!allow.empty()) allow += ", ";
      allow += std::string(http::to_string(verb));
    }
    return refuse(http_errors::MethodNotAllowed(std::move(allow)), "unmatched");
  }
  RouteVerdict verdict{std::nullopt, *match->target, std::string(match->pattern)};
  if (verdict.access == Access::kUser && !SessionTokenOf(header)) {
    verdict.refusal = AdmissionRefusal{http_errors::AuthenticationRequired(), verdict.route};
  }
  return verdict;
}

void RequestAdmission::Check(std::shared_ptr<const HttpRequest> header,
                             const std::string& request_id, Verdict done) const {
  RouteVerdict verdict = CheckRoute(*header);
  if (verdict.refusal || verdict.access != Access::kUser) return done(std::move(verdict.refusal));
  // A well-formed token may still name no live session: ask before buffering the body, so a
  // made-up cookie buys no more than no cookie at all.
  const auto deadline = std::chrono::system_clock::now() + rpc_deadline_;
  sessions_.Resolve(*SessionTokenOf(*header), request_id, deadline,
                    [route = std::move(verdict.route), request_id, done = std::move(done)](
                        const grpc::Status& status, PrincipalPtr) {
                      if (status.ok()) return done(std::nullopt);
                      done(AdmissionRefusal{ErrorReplyFor(status, "identity", request_id), route});
                    });
}

}  // namespace sanplane::gateway
