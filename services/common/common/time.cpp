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

std::optional<int64_t> ParseRfc3339(std::string_view text) {
  // Digits at [at, at + count) as a number; nullopt when any is not a digit or the text is short.
  const auto number = [&](size_t at, size_t count) -> std::optional<int> {
    if (at + count > text.size()) return std::nullopt;
    int value = 0;
    for (size_t i = at; i < at + count; ++i) {
      if (text[i] < '0' || text[i] > '9') return std::nullopt;
      value = value * 10 + (text[i] - '0');
    }
    return value;
  };
  const auto year = number(0, 4), month = number(5, 2), day = number(8, 2);
  if (!year || !month || !day || text[4] != '-' || text[7] != '-') return std::nullopt;
  const std::chrono::year_month_day date{std::chrono::year(*year),
                                         std::chrono::month(static_cast<unsigned>(*month)),
                                         std::chrono::day(static_cast<unsigned>(*day))};
  if (!date.ok()) return std::nullopt;
  const int64_t day_micros = std::chrono::duration_cast<std::chrono::microseconds>(
                                 std::chrono::sys_days(date).time_since_epoch())
                                 .count();
  if (text.size() == 10) return day_micros;

  const auto hour = number(11, 2), minute = number(14, 2), second = number(17, 2);
  if (!hour || !minute || !second || (text[10] != 'T' && text[10] != 't') || text[13] != ':' ||
      text[16] != ':' || *hour > 23 || *minute > 59 || *second > 59) {
    return std::nullopt;
  }
  size_t at = 19;
  int64_t fraction_micros = 0;
  if (at < text.size() && text[at] == '.') {
    size_t digits = 0;
    for (++at; at < text.size() && text[at] >= '0' && text[at] <= '9'; ++at, ++digits) {
      if (digits < 6) fraction_micros = fraction_micros * 10 + (text[at] - '0');
    }
    if (digits == 0 || digits > 6) return std::nullopt;
    for (; digits < 6; ++digits) fraction_micros *= 10;
  }
  if (at + 1 != text.size() || (text[at] != 'Z' && text[at] != 'z')) return std::nullopt;
  return day_micros + ((*hour * 60 + *minute) * 60 + *second) * int64_t{1000000} + fraction_micros;
}

}  // namespace sanplane::common
