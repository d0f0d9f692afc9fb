#pragma once
// The first stop of every request: probes, the API, its OpenAPI description and the
// static UI; and the one place that logs each request and counts it by route template.

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "api_handler.hpp"
#include "http_types.hpp"
#include "request_admission.hpp"
#include "static_files.hpp"
#include "upstreams.hpp"

namespace sanplane::gateway {

class RequestDispatcher {
 public:
  /// `api_description`: the OpenAPI document (JSON text) served at kOpenApiPath.
  RequestDispatcher(const ApiHandler& api, const RequestAdmission& admission,
                    StaticFiles& static_files, Upstreams& upstreams, std::string api_description);

  void Handle(std::shared_ptr<const HttpRequest> request, Responder respond,
              StreamResponder stream);
  /// For a request whose body is not read yet: answers through `respond` when it will be refused,
  /// else calls `read_body`. See HttpServer::HeaderScreen.
  void Screen(std::shared_ptr<const HttpRequest> header, Responder respond,
              std::function<void(uint64_t body_limit)> read_body);
  /// From now on /readyz answers 503, so load balancers stop sending work (drain).
  void MarkNotReady() { ready_ = false; }

 private:
  // `respond` wrapped with what every answer gets: the request id, its log line and metrics.
  Responder Finishing(std::shared_ptr<const HttpRequest> request, std::string request_id,
                      Responder respond);

  const ApiHandler& api_;
  const RequestAdmission& admission_;
  StaticFiles& static_files_;
  Upstreams& upstreams_;
  const std::string api_description_;
  const std::string api_description_etag_;
  std::atomic<bool> ready_{true};
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Histogram>& durations_;
  prometheus::Gauge& in_flight_;
};

}  // namespace sanplane::gateway
