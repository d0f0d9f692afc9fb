#include "common/time.hpp"

#include <gtest/gtest.h>

namespace sanplane::common {
namespace {

// 2025-10-23T12:30:00Z
constexpr int64_t kExampleSeconds = 1761222600;

TEST(TimeTest, Rfc3339HasMicrosecondsAndZ) {
  EXPECT_EQ(FormatRfc3339(kExampleSeconds * 1'000'000 + 123456), "2025-10-23T12:30:00.123456Z");
  EXPECT_EQ(FormatRfc3339(kExampleSeconds * 1'000'000), "2025-10-23T12:30:00.000000Z");
  EXPECT_EQ(FormatRfc3339(0), "1970-01-01T00:00:00.000000Z");
  EXPECT_EQ(FormatRfc3339(-1), "1969-12-31T23:59:59.999999Z");
}

TEST(TimeTest, HumanUtcIsToTheSecond) {
  EXPECT_EQ(FormatHumanUtc(kExampleSeconds * 1'000'000 + 999999), "2025-10-23 12:30:00");
}

TEST(TimeTest, TimestampRoundTrips) {
  const int64_t micros = kExampleSeconds * 1'000'000 + 654321;
  const google::protobuf::Timestamp timestamp = TimestampFromMicros(micros);
  EXPECT_EQ(timestamp.seconds(), kExampleSeconds);
  EXPECT_EQ(timestamp.nanos(), 654321000);
  EXPECT_EQ(MicrosFromTimestamp(timestamp), micros);
  EXPECT_EQ(MicrosFromTimestamp(TimestampFromMicros(-1)), -1);
}

TEST(TimeTest, SystemClockIsNow) {
  const int64_t now = SystemClock().NowMicros();
  EXPECT_GT(now, kExampleSeconds * 1'000'000);
}

TEST(TimeTest, ParsesRfc3339InUtc) {
  EXPECT_EQ(ParseRfc3339("2025-10-23T12:30:00.123456Z"),
            std::optional<int64_t>(kExampleSeconds * 1'000'000 + 123456));
  EXPECT_EQ(ParseRfc3339("2025-10-23T12:30:00Z"),
            std::optional<int64_t>(kExampleSeconds * 1'000'000));
  EXPECT_EQ(ParseRfc3339("2025-10-23T12:30:00.5Z"),
            std::optional<int64_t>(kExampleSeconds * 1'000'000 + 500000));
  EXPECT_EQ(ParseRfc3339("2025-10-23"), std::optional<int64_t>(1761177600000000));
  EXPECT_EQ(ParseRfc3339(FormatRfc3339(kExampleSeconds * 1'000'000 + 123456)),
            std::optional<int64_t>(kExampleSeconds * 1'000'000 + 123456));
}

TEST(TimeTest, RefusesWhatIsNotAnRfc3339UtcTime) {
  for (const char* text :
       {"", "yesterday", "2025-13-01", "2025-02-30", "2025-10-23T25:00:00Z", "2025-10-23T12:30:00",
        "2025-10-23T12:30:00+02:00", "2025-10-23T12:30:00.Z", "2025-10-23T12:30:00.1234567Z",
        "2025-10-23 12:30:00Z", "2025-10-23T12:30:00Zjunk"}) {
    EXPECT_EQ(ParseRfc3339(text), std::nullopt) << text;
  }
}

}  // namespace
}  // namespace sanplane::common
