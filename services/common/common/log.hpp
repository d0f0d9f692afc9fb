#pragma once
// JSON-line logs on stdout: {"ts":"…Z","level":"info","service":"san","msg":"…", …fields}.

#include <boost/json/object.hpp>
#include <string>
#include <string_view>
#include <utility>

namespace sanplane::common::log {

enum class Level { kDebug, kInfo, kWarn, kError };

/// Call once from main. Level names: debug, info, warn, error (anything else -> info).
void Init(std::string service, std::string_view level);
void Write(Level level, std::string_view message, boost::json::object fields = {});
/// Whether a line of `level` is written: a hot path builds its fields only then.
bool Enabled(Level level);
inline void Debug(std::string_view m, boost::json::object f = {}) {
  Write(Level::kDebug, m, std::move(f));
}
inline void Info(std::string_view m, boost::json::object f = {}) {
  Write(Level::kInfo, m, std::move(f));
}
inline void Warn(std::string_view m, boost::json::object f = {}) {
  Write(Level::kWarn, m, std::move(f));
}
inline void Error(std::string_view m, boost::json::object f = {}) {
  Write(Level::kError, m, std::move(f));
}

}  // namespace sanplane::common::log
