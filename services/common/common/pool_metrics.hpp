#pragma once
// The metric series of one connection pool (pool="postgres" | "redis"), resolved once.

#include <prometheus/counter.h>
#include <prometheus/gauge.h>

#include <string>

namespace sanplane::common {

struct PoolMetrics {
  /// `pool` labels the pool series; `dependency` labels the dependency_* series.
  PoolMetrics(const std::string& pool, const std::string& dependency);

  /// A connection attempt or an in-use connection failed: dependency down.
  void ConnectionFailed();
  /// A call went through: dependency up.
  void ConnectionSucceeded();

  prometheus::Gauge& in_use;
  prometheus::Gauge& size;
  prometheus::Counter& waits;
  prometheus::Counter& timeouts;
  prometheus::Counter& dependency_errors;
  prometheus::Gauge& dependency_up;
};

}  // namespace sanplane::common
