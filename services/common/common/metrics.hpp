#pragma once
// The process-wide Prometheus registry and the metric families shared by every binary
// (DESIGN.md §7). Label values are always bounded: method names, route templates, codes, entity
// names; never ids or raw paths.

#include <prometheus/counter.h>
#include <prometheus/family.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/registry.h>

#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <unordered_map>

namespace prometheus {
class Collectable;
class Exposer;
}  // namespace prometheus

namespace sanplane::common {

class Metrics {
  // Declared before the public family references, which are initialized from it.
  std::shared_ptr<prometheus::Registry> registry_;

 public:
  /// The single registry of this process.
  static Metrics& Get();
  ~Metrics();
  Metrics(const Metrics&) = delete;
  Metrics& operator=(const Metrics&) = delete;

  std::shared_ptr<prometheus::Registry> registry() const { return registry_; }
  /// Prometheus text exposition of the registry (plus process metrics, refreshed on each call).
  std::string Serialize();
  /// Serves /metrics on addr ("0.0.0.0:9101"; port 0 picks one). Services call this from main.
  /// Throws std::runtime_error if it cannot bind; a second call keeps the first exposer.
  void StartExposer(const std::string& addr);
  int exposer_port() const;

  /// Latency buckets (seconds) used by every histogram, 1 ms .. 10 s.
  static const prometheus::Histogram::BucketBoundaries& LatencyBuckets();

  // gRPC server side, labels {method, code}; histogram labels {method}.
  prometheus::Family<prometheus::Counter>& rpc_handled;    // sanplane_grpc_server_handled_total
  prometheus::Family<prometheus::Histogram>& rpc_seconds;  // sanplane_grpc_server_handling_seconds
  // gRPC calls being served now (no label: one gauge per process).
  prometheus::Family<prometheus::Gauge>& rpc_in_flight;  // sanplane_grpc_server_in_flight
  // gRPC client side, labels {method, code}; histogram labels {method} ("san.GetFabric").
  prometheus::Family<prometheus::Counter>& rpc_client_calls;  // sanplane_grpc_client_calls_total
  prometheus::Family<prometheus::Histogram>&
      rpc_client_seconds;  // sanplane_grpc_client_handling_seconds
  // Optimistic-locking conflicts, label {entity}.
  prometheus::Family<prometheus::Counter>& version_conflicts;  // sanplane_version_conflicts_total
  // Pools, label {pool="postgres"|"redis"}.
  prometheus::Family<prometheus::Gauge>& pool_in_use;      // sanplane_pool_connections_in_use
  prometheus::Family<prometheus::Gauge>& pool_size;        // sanplane_pool_connections_max
  prometheus::Family<prometheus::Counter>& pool_waits;     // sanplane_pool_waits_total
  prometheus::Family<prometheus::Counter>& pool_timeouts;  // sanplane_pool_wait_timeouts_total
  // Time from asking a pool for a connection to holding one (or giving up), label {pool}.
  prometheus::Family<prometheus::Histogram>& pool_wait_seconds;  // sanplane_pool_wait_seconds
  // Dependency failures seen, label {dependency="postgres"|"redis"|"<service>"}.
  prometheus::Family<prometheus::Counter>& dependency_errors;  // sanplane_dependency_errors_total
  // Gauge set to 1 after a successful call to the dependency, 0 after a connection failure.
  prometheus::Family<prometheus::Gauge>& dependency_up;  // sanplane_dependency_up
  // Named SQL statements, label {query}.
  prometheus::Family<prometheus::Histogram>&
      db_query_seconds;  // sanplane_db_query_duration_seconds
  // One Redis round trip (a command or a pipeline), label {command} (the first command's name).
  prometheus::Family<prometheus::Histogram>&
      redis_command_seconds;  // sanplane_redis_command_duration_seconds
  // The schema's applied migrations (the count), label {schema}; set once they are applied.
  prometheus::Family<prometheus::Gauge>& schema_version;  // sanplane_schema_version
  // Always 1, labels {version, commit}: which code this process runs.
  prometheus::Family<prometheus::Gauge>& build_info;  // sanplane_build_info

 private:
  Metrics();
  // process_* metrics read from /proc/self at collection time.
  std::shared_ptr<prometheus::Collectable> process_metrics_;
  mutable std::mutex exposer_mutex_;
  std::unique_ptr<prometheus::Exposer> exposer_;
};

namespace detail {
struct SeriesKeyHash {
  using is_transparent = void;
  size_t operator()(std::string_view text) const { return std::hash<std::string_view>{}(text); }
};
}  // namespace detail

/// The series of `family` that `key` names (its label values, joined), looked up once per thread:
/// prometheus::Family::Add locks the family and hashes a map of labels on every call, which costs
/// more than the request it counts. Series live as long as the registry, so the pointers stay
/// good. `add` makes the series on the first use of `key` on this thread (family.Add(labels...)).
template <class Metric, class Add>
Metric& CachedSeries(prometheus::Family<Metric>& family, std::string_view key, Add&& add) {
  using Series = std::unordered_map<std::string, Metric*, detail::SeriesKeyHash, std::equal_to<>>;
  thread_local std::unordered_map<const prometheus::Family<Metric>*, Series> cache;
  Series& series = cache[&family];
  auto found = series.find(key);
  if (found == series.end()) {
    found = series.emplace(std::string(key), &std::invoke(std::forward<Add>(add))).first;
  }
  return *found->second;
}

}  // namespace sanplane::common
