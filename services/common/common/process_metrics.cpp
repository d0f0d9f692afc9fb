#include "common/process_metrics.hpp"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <limits>
#include <sstream>
#include <string>

namespace sanplane::common {
namespace {

prometheus::MetricFamily Single(std::string name, std::string help, prometheus::MetricType type,
                                double value) {
  prometheus::ClientMetric metric;
  if (type == prometheus::MetricType::Counter) {
    metric.counter.value = value;
  } else {
    metric.gauge.value = value;
  }
  return prometheus::MetricFamily{std::move(name), std::move(help), type, {metric}};
}

struct StatFields {
  double cpu_ticks = 0;    // utime + stime
  double start_ticks = 0;  // since boot
  double virtual_bytes = 0;
  double resident_pages = 0;
  bool ok = false;
};

StatFields ReadSelfStat() {
  std::ifstream file("/proc/self/stat");
  std::string text;
  std::getline(file, text);
  // The command name (field 2) may contain spaces and parentheses; fields restart after the last
  // ')'.
  const size_t close = text.rfind(')');
  StatFields stat;
  if (close == std::string::npos) {
    return stat;
  }
  std::istringstream rest(text.substr(close + 2));
  std::string field;
  // Numbering follows proc(5): the stream starts at field 3 (state).
  for (int index = 3; rest >> field; ++index) {
    switch (index) {
      case 14:
      case 15:
        stat.cpu_ticks += std::stod(field);
        break;
      case 22:
        stat.start_ticks = std::stod(field);
        break;
      case 23:
        stat.virtual_bytes = std::stod(field);
        break;
      case 24:
        stat.resident_pages = std::stod(field);
        stat.ok = true;
        break;
      default:
        break;
    }
    if (stat.ok) break;
  }
  return stat;
}

double BootTimeSeconds() {
  std::ifstream file("/proc/stat");
  std::string key;
  while (file >> key) {
    if (key == "btime") {
      double seconds = 0;
      file >> seconds;
      return seconds;
    }
    file.ignore(std::numeric_limits<std::streamsize>::max(), '\n');
  }
  return 0;
}

double OpenFileDescriptors() {
  std::error_code error;
  double count = 0;
  for (std::filesystem::directory_iterator it("/proc/self/fd", error), end; !error && it != end;
       it.increment(error)) {
    ++count;
  }
  return count;
}

}  // namespace

std::vector<prometheus::MetricFamily> ProcessMetrics::Collect() const {
  const StatFields stat = ReadSelfStat();
  if (!stat.ok) {
    return {};
  }
  const double ticks_per_second = static_cast<double>(sysconf(_SC_CLK_TCK));
  const double page_bytes = static_cast<double>(sysconf(_SC_PAGESIZE));
  using prometheus::MetricType;
  return {
      Single("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.",
             MetricType::Counter, stat.cpu_ticks / ticks_per_second),
      Single("process_resident_memory_bytes", "Resident memory size in bytes.", MetricType::Gauge,
             stat.resident_pages * page_bytes),
      Single("process_virtual_memory_bytes", "Virtual memory size in bytes.", MetricType::Gauge,
             stat.virtual_bytes),
      Single("process_start_time_seconds", "Start time of the process since unix epoch in seconds.",
             MetricType::Gauge, BootTimeSeconds() + stat.start_ticks / ticks_per_second),
      Single("process_open_fds", "Number of open file descriptors.", MetricType::Gauge,
             OpenFileDescriptors()),
  };
}

}  // namespace sanplane::common
