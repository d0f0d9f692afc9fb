#include "common/time.hpp"

#include <chrono>
#include <cstdio>
#include <ctime>

namespace sanplane::common {
namespace {

constexpr int64_t kMicrosPerSecond = 1'000'000;

class RealClock : public Clock {
 public:
  int64_t NowMicros() const override {
    return std::chrono::duration_cast<std::chrono::microseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }
};

// Floor division, so times before 1970 still get a fraction in [0, 1 s).
struct SplitTime {
  int64_t seconds;
  int64_t micros;
};
SplitTime Split(int64_t micros) {
  int64_t seconds = micros / kMicrosPerSecond;
  int64_t fraction = micros % kMicrosPerSecond;
  if (fraction < 0) {
    fraction += kMicrosPerSecond;
    --seconds;
  }
  return {seconds, fraction};
}

std::tm UtcCalendar(int64_t seconds) {
  const std::time_t time = static_cast<std::time_t>(seconds);
  std::tm calendar{};
  gmtime_r(&time, &calendar);
  return calendar;
}

}  // namespace

const Clock& SystemClock() {
  // Never destroyed: threads that log while the process exits (gRPC's, the accept loop's) still
  // read the time after static objects are torn down.
  static const RealClock* const clock = new RealClock();
  return *clock;
}

google::protobuf::Timestamp TimestampFromMicros(int64_t micros) {
  const SplitTime split = Split(micros);
  google::protobuf::Timestamp timestamp;
  timestamp.set_seconds(split.seconds);
  timestamp.set_nanos(static_cast<int32_t>(split.micros * 1000));
  return timestamp;
}

int64_t MicrosFromTimestamp(const google::protobuf::Timestamp& timestamp) {
  return timestamp.seconds() * kMicrosPerSecond + timestamp.nanos() / 1000;
}

std::string FormatRfc3339(int64_t micros) {
  const SplitTime split = Split(micros);
  const std::tm t = UtcCalendar(split.seconds);
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", t.tm_year + 1900,
                t.tm_mon + 1, t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec,
                static_cast<long long>(split.micros));
  return text;
}

std::string FormatHumanUtc(int64_t micros) {
  const std::tm t = UtcCalendar(Split(micros).seconds);
  char text[64];
  std::snprintf(text, sizeof text, "%04d-%02d-%02d %02d:%02d:%02d", t.tm_year + 1900, t.tm_mon + 1,
                t.tm_mday, t.tm_hour, t.tm_min, t.tm_sec);
  return text;
}

}  // namespace sanplane::common
