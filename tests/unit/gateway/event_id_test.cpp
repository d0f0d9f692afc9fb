#include "event_id.hpp"

#include <gtest/gtest.h>

namespace sanplane::gateway {
namespace {

TEST(EventId, RoundTrips) {
  const FeedPositions positions{12, 340, 7};
  EXPECT_EQ(FormatEventId(positions), "12.340.7");
  EXPECT_EQ(ParseEventId("12.340.7"), positions);
}

TEST(EventId, IgnoresTheSuffixOfAPresenceEvent) {
  EXPECT_EQ(ParseEventId("12.340.7.p3"), (FeedPositions{12, 340, 7}));
}

TEST(EventId, RefusesWhatItDidNotMake) {
  for (const char* id : {"", "12", "12.340", "12.340.", "a.b.c", "12.-1.7", "12.340.7x", "1 .2.3",
                         "99999999999999999999.1.1"}) {
    EXPECT_EQ(ParseEventId(id), std::nullopt) << id;
  }
}

}  // namespace
}  // namespace sanplane::gateway
