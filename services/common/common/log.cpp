#include "common/log.hpp"

#include <unistd.h>

#include <atomic>
#include <boost/json/serialize.hpp>
#include <cerrno>
#include <mutex>

#include "common/time.hpp"

namespace sanplane::common::log {
namespace {

std::mutex g_write_mutex;
std::atomic<Level> g_min_level{Level::kInfo};

// Guarded by g_write_mutex. Never destroyed, so threads may still log while the process exits.
std::string& ServiceName() {
  static std::string* const name = new std::string("sanplane");
  return *name;
}

std::string_view LevelName(Level level) {
  switch (level) {
    case Level::kDebug:
      return "debug";
    case Level::kInfo:
      return "info";
    case Level::kWarn:
      return "warn";
    case Level::kError:
      return "error";
  }
  return "info";
}

Level ParseLevel(std::string_view name) {
  if (name == "debug") return Level::kDebug;
  if (name == "warn") return Level::kWarn;
  if (name == "error") return Level::kError;
  return Level::kInfo;
}

// One write(2) per line, so lines from several threads (or processes sharing the pipe) never
// interleave; the loop only matters for partial writes to a full pipe.
void WriteLine(const std::string& line) {
  size_t written = 0;
  while (written < line.size()) {
    const ssize_t n = ::write(STDOUT_FILENO, line.data() + written, line.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      return;  // stdout is gone; there is nowhere left to report that
    }
    written += static_cast<size_t>(n);
  }
}

}  // namespace

void Init(std::string service, std::string_view level) {
  std::lock_guard lock(g_write_mutex);
  ServiceName() = std::move(service);
  g_min_level = ParseLevel(level);
}

bool Enabled(Level level) { return level >= g_min_level.load(std::memory_order_relaxed); }

void Write(Level level, std::string_view message, boost::json::object fields) {
  if (!Enabled(level)) {
    return;
  }
  boost::json::object line;
  line.reserve(fields.size() + 4);
  line["ts"] = FormatRfc3339(SystemClock().NowMicros());
  line["level"] = LevelName(level);
  std::lock_guard lock(g_write_mutex);
  line["service"] = ServiceName();
  line["msg"] = message;
  for (auto& [key, value] : fields) {
    // The fixed keys above stay authoritative.
    line.emplace(key, std::move(value));
  }
  WriteLine(boost::json::serialize(line) + "\n");
}

}  // namespace sanplane::common::log
