#include "common/metrics.hpp"

#include <prometheus/exposer.h>
#include <prometheus/text_serializer.h>

#include <sstream>
#include <stdexcept>

#include "common/build_info.hpp"
#include "common/log.hpp"
#include "common/process_metrics.hpp"

namespace sanplane::common {
namespace {

template <class Builder>
auto& Build(Builder builder, prometheus::Registry& registry, const char* name, const char* help) {
  return builder.Name(name).Help(help).Register(registry);
}

}  // namespace

Metrics& Metrics::Get() {
  // Never destroyed: gRPC and pool threads may still count while the process exits, and the
  // exposer's shutdown would add seconds to every exit.
  static Metrics* const metrics = new Metrics();
  return *metrics;
}

Metrics::Metrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      rpc_handled(Build(prometheus::BuildCounter(), *registry_,
                        "sanplane_grpc_server_handled_total",
                        "gRPC calls served, by method and status code.")),
      rpc_seconds(Build(prometheus::BuildHistogram(), *registry_,
                        "sanplane_grpc_server_handling_seconds",
                        "Time to serve a gRPC call, by method.")),
      rpc_in_flight(Build(prometheus::BuildGauge(), *registry_, "sanplane_grpc_server_in_flight",
                          "gRPC calls being served.")),
      rpc_client_calls(Build(prometheus::BuildCounter(), *registry_,
                             "sanplane_grpc_client_calls_total",
                             "gRPC calls made to other services, by method and status code.")),
      rpc_client_seconds(Build(prometheus::BuildHistogram(), *registry_,
                               "sanplane_grpc_client_handling_seconds",
                               "Time until another service answered a gRPC call, by method.")),
      version_conflicts(Build(prometheus::BuildCounter(), *registry_,
                              "sanplane_version_conflicts_total",
                              "Saves refused because the record had moved on, by entity.")),
      pool_in_use(Build(prometheus::BuildGauge(), *registry_, "sanplane_pool_connections_in_use",
                        "Connections currently leased from the pool.")),
      pool_size(Build(prometheus::BuildGauge(), *registry_, "sanplane_pool_connections_max",
                      "Largest number of connections the pool may hold.")),
      pool_waits(Build(prometheus::BuildCounter(), *registry_, "sanplane_pool_waits_total",
                       "Leases that had to wait for a free connection.")),
      pool_timeouts(Build(prometheus::BuildCounter(), *registry_,
                          "sanplane_pool_wait_timeouts_total",
                          "Leases that gave up waiting for a free connection.")),
      pool_wait_seconds(Build(prometheus::BuildHistogram(), *registry_,
                              "sanplane_pool_wait_seconds",
                              "Time to lease a pooled connection (or give up), by pool.")),
      dependency_errors(Build(prometheus::BuildCounter(), *registry_,
                              "sanplane_dependency_errors_total",
                              "Failures to reach a dependency, by dependency.")),
      dependency_up(Build(prometheus::BuildGauge(), *registry_, "sanplane_dependency_up",
                          "1 after a successful call to the dependency, 0 after a connection "
                          "failure.")),
      db_query_seconds(Build(prometheus::BuildHistogram(), *registry_,
                             "sanplane_db_query_duration_seconds",
                             "Time to run a named SQL statement, by statement name.")),
      redis_command_seconds(Build(prometheus::BuildHistogram(), *registry_,
                                  "sanplane_redis_command_duration_seconds",
                                  "Time of one Redis round trip, by its first command.")),
      schema_version(Build(prometheus::BuildGauge(), *registry_, "sanplane_schema_version",
                           "Migrations applied to the service's schema, by schema.")),
      build_info(Build(prometheus::BuildGauge(), *registry_, "sanplane_build_info",
                       "Always 1; the labels say which version and commit this process runs.")),
      process_metrics_(std::make_shared<ProcessMetrics>()) {
  build_info.Add({{"version", kBuildVersion}, {"commit", kBuildCommit}}).Set(1);
}

Metrics::~Metrics() = default;

const prometheus::Histogram::BucketBoundaries& Metrics::LatencyBuckets() {
  static const prometheus::Histogram::BucketBoundaries buckets{
      0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10};
  return buckets;
}

std::string Metrics::Serialize() {
  std::vector<prometheus::MetricFamily> families = registry_->Collect();
  std::vector<prometheus::MetricFamily> process = process_metrics_->Collect();
  families.insert(families.end(), std::make_move_iterator(process.begin()),
                  std::make_move_iterator(process.end()));
  std::ostringstream out;
  prometheus::TextSerializer().Serialize(out, families);
  return out.str();
}

void Metrics::StartExposer(const std::string& addr) {
  std::lock_guard lock(exposer_mutex_);
  if (exposer_) {
    log::Warn("metrics exposer already running", {{"addr", addr}});
    return;
  }
  try {
    exposer_ = std::make_unique<prometheus::Exposer>(addr);
  } catch (const std::exception& error) {
    throw std::runtime_error("cannot serve metrics on " + addr + ": " + error.what());
  }
  exposer_->RegisterCollectable(registry_);
  exposer_->RegisterCollectable(process_metrics_);
}

int Metrics::exposer_port() const {
  std::lock_guard lock(exposer_mutex_);
  if (!exposer_) {
    return 0;
  }
  const std::vector<int> ports = exposer_->GetListeningPorts();
  return ports.empty() ? 0 : ports.front();
}

}  // namespace sanplane::common
