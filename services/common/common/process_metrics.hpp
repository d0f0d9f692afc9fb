#pragma once
// The standard process_* metrics (memory, CPU, start time, open files), read from /proc/self each
// time they are collected.

#include <prometheus/collectable.h>
#include <prometheus/metric_family.h>

#include <vector>

namespace sanplane::common {

class ProcessMetrics : public prometheus::Collectable {
 public:
  std::vector<prometheus::MetricFamily> Collect() const override;
};

}  // namespace sanplane::common
