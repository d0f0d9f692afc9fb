#include "request_admission.hpp"

#include <algorithm>
#include <charconv>

namespace sanplane::gateway {

namespace http = boost::beast::http;

RequestAdmission::RequestAdmission(const std::vector<Route>& routes, SessionResolver& sessions,
                                   std::chrono::milliseconds rpc_deadline, uint64_t body_limit)
    : sessions_(sessions),
      rpc_deadline_(rpc_deadline),
      body_limit_(body_limit),
      largest_body_limit_(body_limit) {
  for (const Route& route : routes) {
    const uint64_t limit = route.body_limit > 0 ? route.body_limit : body_limit;
    largest_body_limit_ = std::max(largest_body_limit_, limit);
    router_.Add(route.method, route.pattern, RouteAdmission{route.access, limit});
  }
}

RequestAdmission::RouteVerdict RequestAdmission::CheckRoute(const HttpRequest& header) const {
  const std::string_view target = header.target();
  const std::string_view path = target.substr(0, target.find('?'));
  const bool read_only = header.method() == http::verb::get || header.method() == http::verb::head;
  // Refused before a route is known: labelled as what was (not) matched.
  auto refuse = [this](ErrorReply reply, std::string label) {
    return RouteVerdict{AdmissionRefusal{std::move(reply), label}, Access::kAnyone, label,
                        body_limit_};
  };
  if (!path.starts_with("/api/")) {
    // Probes, the API description and the UI are read-only.
    if (read_only) return RouteVerdict{std::nullopt, Access::kAnyone, "static", body_limit_};
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
  RouteVerdict verdict{std::nullopt, match->target->access, std::string(match->pattern),
                       match->target->body_limit};
  if (verdict.access == Access::kUser && !SessionTokenOf(header)) {
    verdict.refusal = AdmissionRefusal{http_errors::AuthenticationRequired(), verdict.route};
  } else if (const auto length = header.find(http::field::content_length); length != header.end()) {
    // The parser allowed the largest limit of any route while reading the header.
    uint64_t bytes = 0;
    const std::string_view text = length->value();
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), bytes);
    if (ec != std::errc() || end != text.data() + text.size() || bytes > verdict.body_limit) {
      verdict.refusal =
          AdmissionRefusal{http_errors::BodyTooLarge(verdict.body_limit), verdict.route};
    }
  }
  return verdict;
}

void RequestAdmission::Check(std::shared_ptr<const HttpRequest> header,
                             const std::string& request_id, Verdict done) const {
  RouteVerdict verdict = CheckRoute(*header);
  if (verdict.refusal || verdict.access != Access::kUser) {
    return done(std::move(verdict.refusal), verdict.body_limit);
  }
  // A well-formed token may still name no live session: ask before buffering the body, so a
  // made-up cookie buys no more than no cookie at all.
  const auto deadline = std::chrono::system_clock::now() + rpc_deadline_;
  sessions_.Resolve(
      *SessionTokenOf(*header), request_id, deadline,
      [route = std::move(verdict.route), limit = verdict.body_limit, request_id,
       done = std::move(done)](const grpc::Status& status, PrincipalPtr) {
        if (status.ok()) return done(std::nullopt, limit);
        done(AdmissionRefusal{ErrorReplyFor(status, "identity", request_id), route}, limit);
      });
}

}  // namespace sanplane::gateway
