#include "request_dispatcher.hpp"

#include <algorithm>
#include <boost/beast/http/field.hpp>
#include <chrono>

#include "common/log.hpp"
#include "common/metrics.hpp"
#include "common/request_scope.hpp"
#include "http_errors.hpp"
#include "openapi.hpp"

namespace sanplane::gateway {

namespace http = boost::beast::http;

namespace {

// Kubernetes probes time out after a second; answer before that.
constexpr std::chrono::milliseconds kReadinessTimeout{800};

std::string RequestIdOf(const HttpRequest& request) {
  auto it = request.find("X-Request-Id");
  if (it != request.end() && common::IsValidRequestId(it->value())) return std::string(it->value());
  return common::NewRequestId();
}

}  // namespace

RequestDispatcher::RequestDispatcher(const ApiHandler& api, const RequestAdmission& admission,
                                     StaticFiles& static_files, Upstreams& upstreams,
                                     std::string api_description)
    : api_(api),
      admission_(admission),
      static_files_(static_files),
      upstreams_(upstreams),
      api_description_(std::move(api_description)),
      api_description_etag_(EtagOf(api_description_)),
      requests_(prometheus::BuildCounter()
                    .Name("sanplane_http_requests_total")
                    .Help("HTTP requests by route template, method and status.")
                    .Register(*common::Metrics::Get().registry())),
      durations_(prometheus::BuildHistogram()
                     .Name("sanplane_http_request_duration_seconds")
                     .Help("HTTP request latency by route template and method.")
                     .Register(*common::Metrics::Get().registry())),
      in_flight_(prometheus::BuildGauge()
                     .Name("sanplane_http_requests_in_flight")
                     .Help("HTTP requests being served.")
                     .Register(*common::Metrics::Get().registry())
                     .Add({})) {}

Responder RequestDispatcher::Finishing(std::shared_ptr<const HttpRequest> request,
                                       std::string request_id, Responder respond) {
  const auto started = std::chrono::steady_clock::now();
  in_flight_.Increment();
  return [this, request, request_id, started, respond = std::move(respond)](
             HttpResponse response, std::string_view route) {
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    const std::string_view method = request->method_string();
    const std::string status = std::to_string(response.result_int());
    // The series' key: route, method and status, each ended by a byte no label value holds.
    std::string key;
    key.reserve(route.size() + method.size() + status.size() + 3);
    key.append(route).append(1, '\0').append(method).append(1, '\0');
    const size_t route_and_method = key.size();
    key.append(status);
    common::CachedSeries(requests_, key, [&]() -> prometheus::Counter& {
      return requests_.Add(
          {{"route", std::string(route)}, {"method", std::string(method)}, {"status", status}});
    }).Increment();
    common::CachedSeries(durations_, std::string_view(key).substr(0, route_and_method),
                         [&]() -> prometheus::Histogram& {
                           return durations_.Add(
                               {{"route", std::string(route)}, {"method", std::string(method)}},
                               common::Metrics::LatencyBuckets());
                         })
        .Observe(seconds);
    in_flight_.Decrement();
    // The line's fields are built only when the level writes it.
    if (route != "/healthz" && route != "/readyz" &&
        common::log::Enabled(common::log::Level::kInfo)) {
      common::log::Info("http", {{"request_id", request_id},
                                 {"method", std::string(method)},
                                 {"route", std::string(route)},
                                 {"status", response.result_int()},
                                 {"duration_ms", seconds * 1000.0}});
    }
    response.set("X-Request-Id", request_id);
    if (request->method() == http::verb::head) {
      // Headers as a GET would send them, and no body: bytes after a HEAD answer would be read as
      // the start of the next response on this connection.
      response.content_length(response.body().size());
      response.body().clear();
    }
    respond(std::move(response), route);
  };
}

void RequestDispatcher::Screen(std::shared_ptr<const HttpRequest> header, Responder respond,
                               std::function<void(uint64_t body_limit)> read_body) {
  std::string request_id = RequestIdOf(*header);
  admission_.Check(
      header, request_id,
      [this, header, request_id, respond = std::move(respond), read_body = std::move(read_body)](
          std::optional<AdmissionRefusal> refusal, uint64_t body_limit) {
        if (!refusal) return read_body(body_limit);
        Finishing(header, request_id, respond)(ErrorResponse(*header, refusal->reply),
                                               refusal->route);
      });
}

void RequestDispatcher::Handle(std::shared_ptr<const HttpRequest> request, Responder respond,
                               StreamResponder stream) {
  std::string request_id = RequestIdOf(*request);
  // A stream's header is finished like any answer (metrics, log, request id) and then hands the
  // connection to the stream instead of ending the request.
  auto opening = std::make_shared<std::optional<StreamCallbacks>>();
  Responder finish = Finishing(request, request_id,
                               [respond = std::move(respond), stream = std::move(stream), opening](
                                   HttpResponse response, std::string_view route) {
                                 if (*opening)
                                   return stream(std::move(response), route, std::move(**opening));
                                 respond(std::move(response), route);
                               });
  StreamResponder streaming = [finish, opening](HttpResponse header, std::string_view route,
                                                StreamCallbacks callbacks) {
    *opening = std::move(callbacks);
    finish(std::move(header), route);
  };

  const std::string_view target = request->target();
  const std::string_view path = target.substr(0, target.find('?'));
  const bool read_only =
      request->method() == http::verb::get || request->method() == http::verb::head;

  if (path == "/healthz" && read_only) {
    return finish(JsonResponse(*request, 200, {{"status", "ok"}}), "/healthz");
  }
  if (path == "/readyz" && read_only) {
    if (!ready_) {
      return finish(JsonResponse(*request, 503, {{"status", "draining"}}), "/readyz");
    }
    upstreams_.CheckHealth(kReadinessTimeout, [request,
                                               finish](std::vector<std::string> waiting) mutable {
      boost::json::array names(waiting.begin(), waiting.end());
      // Without identity no request can be authenticated: not ready. Any other service down
      // takes out only its own routes, so this gateway keeps serving the rest (a crash-looping
      // storage service must not pull every gateway out of the load balancer).
      if (std::find(waiting.begin(), waiting.end(), "identity") != waiting.end()) {
        return finish(JsonResponse(*request, 503,
                                   {{"status", "not ready"}, {"waiting_for", std::move(names)}}),
                      "/readyz");
      }
      if (waiting.empty()) {
        return finish(JsonResponse(*request, 200, {{"status", "ready"}}), "/readyz");
      }
      finish(JsonResponse(*request, 200, {{"status", "ready"}, {"degraded", std::move(names)}}),
             "/readyz");
    });
    return;
  }
  if (path == kOpenApiPath && read_only) {
    // Fixed for the life of the process, so clients revalidate it by ETag; anyone may read it.
    return finish(RevalidatableResponse(*request, api_description_, api_description_etag_,
                                        "application/json", "no-cache"),
                  kOpenApiPath);
  }
  if (path.starts_with("/api/")) {
    return api_.Handle(std::move(request), std::move(request_id), std::move(finish),
                       std::move(streaming));
  }
  if (!read_only) {
    return finish(ErrorResponse(*request, http_errors::MethodNotAllowed("GET, HEAD")), "static");
  }
  if (auto file = static_files_.Serve(*request, path)) return finish(std::move(*file), "static");
  return finish(ErrorResponse(*request, http_errors::NotFound()), "unmatched");
}

}  // namespace sanplane::gateway
