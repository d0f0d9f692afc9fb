#pragma once
// The metric series of one connection pool (pool="postgres" | "redis"), resolved once.

#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>

#include <chrono>
#include <string>

namespace sanplane::common {

struct PoolMetrics {
  /// `pool` labels the pool series; `dependency` labels the dependency_* series.
  PoolMetrics(const std::string& pool, const std::string& dependency);

  /// A connection attempt or an in-use connection failed: dependency down.
  void ConnectionFailed();
  /// A call went through: dependency up.
  void ConnectionSucceeded();
  /// How long a lease waited for a free connection (zero when one was free), or gave up after.
  void Waited(std::chrono::steady_clock::duration wait);

  prometheus::Gauge& in_use;
  prometheus::Gauge& size;
  prometheus::Counter& waits;
  prometheus::Counter& timeouts;
  prometheus::Histogram& wait_seconds;
  prometheus::Counter& dependency_errors;
  prometheus::Gauge& dependency_up;
};

}  // namespace sanplane::common
