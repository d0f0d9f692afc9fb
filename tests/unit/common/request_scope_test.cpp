#include "common/request_scope.hpp"

#include <gtest/gtest.h>

namespace sanplane::common {
namespace {

using std::chrono::milliseconds;
using std::chrono::steady_clock;

TEST(RequestScopeTest, RemainingIsTheCapOutsideAnyScope) {
  EXPECT_EQ(RequestScope::Remaining(milliseconds(700)), milliseconds(700));
  const RequestScope without_deadline("a");
  EXPECT_EQ(RequestScope::Remaining(milliseconds(700)), milliseconds(700));
}

TEST(RequestScopeTest, RemainingFollowsTheInnermostDeadline) {
  const RequestScope outer("outer", steady_clock::now() + std::chrono::hours(1));
  EXPECT_EQ(RequestScope::Remaining(milliseconds(700)), milliseconds(700));
  {
    const RequestScope inner("inner", steady_clock::now() + milliseconds(200));
    EXPECT_LE(RequestScope::Remaining(milliseconds(700)), milliseconds(200));
    EXPECT_GE(RequestScope::Remaining(milliseconds(700)), milliseconds(1));
    EXPECT_EQ(*RequestScope::Current(), "inner");
  }
  EXPECT_EQ(*RequestScope::Current(), "outer");
}

TEST(RequestScopeTest, APassedDeadlineLeavesOneMillisecond) {
  const RequestScope late("late", steady_clock::now() - milliseconds(50));
  EXPECT_EQ(RequestScope::Remaining(milliseconds(700)), milliseconds(1));
}

TEST(RequestScopeTest, OnlySafeRequestIdsAreKept) {
  EXPECT_TRUE(IsValidRequestId("0f3a-9b_c.d:e"));
  EXPECT_TRUE(IsValidRequestId(std::string(64, 'a')));
  EXPECT_FALSE(IsValidRequestId(""));
  EXPECT_FALSE(IsValidRequestId(std::string(65, 'a')));
  EXPECT_FALSE(IsValidRequestId("ab\tcd"));
  EXPECT_FALSE(IsValidRequestId("ab\xff"));
  EXPECT_FALSE(IsValidRequestId("a b"));
}

}  // namespace
}  // namespace sanplane::common
