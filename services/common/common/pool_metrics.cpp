#include "common/pool_metrics.hpp"

#include "common/metrics.hpp"

namespace sanplane::common {

PoolMetrics::PoolMetrics(const std::string& pool, const std::string& dependency)
    : in_use(Metrics::Get().pool_in_use.Add({{"pool", pool}})),
      size(Metrics::Get().pool_size.Add({{"pool", pool}})),
      waits(Metrics::Get().pool_waits.Add({{"pool", pool}})),
      timeouts(Metrics::Get().pool_timeouts.Add({{"pool", pool}})),
      wait_seconds(
          Metrics::Get().pool_wait_seconds.Add({{"pool", pool}}, Metrics::LatencyBuckets())),
      dependency_errors(Metrics::Get().dependency_errors.Add({{"dependency", dependency}})),
      dependency_up(Metrics::Get().dependency_up.Add({{"dependency", dependency}})) {}

void PoolMetrics::ConnectionFailed() {
  dependency_errors.Increment();
  dependency_up.Set(0);
}

void PoolMetrics::ConnectionSucceeded() { dependency_up.Set(1); }

void PoolMetrics::Waited(std::chrono::steady_clock::duration wait) {
  wait_seconds.Observe(std::chrono::duration<double>(wait).count());
}

}  // namespace sanplane::common
