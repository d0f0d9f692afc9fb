#pragma once
// The first stop of every request: probes, metrics, the API, its OpenAPI description and the
// static UI; and the one place that logs each request and counts it by route template.

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>

#include <atomic>
#include <memory>
#include <string>

#include "api_handler.hpp"
#include "http_types.hpp"
#include "static_files.hpp"
#include "upstreams.hpp"

namespace sanplane::gateway {

class RequestDispatcher {
 public:
  /// `api_description`: the OpenAPI document (JSON text) served at kOpenApiPath.
  RequestDispatcher(const ApiHandler& api, StaticFiles& static_files, Upstreams& upstreams,
                    std::string api_description);

  void Handle(std::shared_ptr<const HttpRequest> request, Responder respond);
  /// From now on /readyz answers 503, so load balancers stop sending work (drain).
  void MarkNotReady() { ready_ = false; }

 private:
  const ApiHandler& api_;
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
