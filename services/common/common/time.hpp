#pragma once
// Times are microseconds since the Unix epoch (UTC) inside sanplane, Timestamp on the wire and
// RFC 3339 with `Z` in JSON.

#include <google/protobuf/timestamp.pb.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sanplane::common {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual int64_t NowMicros() const = 0;
};

/// The real clock (CLOCK_REALTIME).
const Clock& SystemClock();

google::protobuf::Timestamp TimestampFromMicros(int64_t micros);
int64_t MicrosFromTimestamp(const google::protobuf::Timestamp& timestamp);
/// "2025-10-23T12:30:00.123456Z"
std::string FormatRfc3339(int64_t micros);
/// "2025-10-23T12:30:00Z", with up to six digits of fractions of a second, or a date "2025-10-23"
/// (midnight UTC) -> epoch microseconds; nullopt for anything else (another offset than `Z`
/// included: sanplane's times are all UTC).
std::optional<int64_t> ParseRfc3339(std::string_view text);
/// "2025-10-23 12:30:00" (UTC, to the second; the human-readable conflict message)
std::string FormatHumanUtc(int64_t micros);

}  // namespace sanplane::common
