#include "query_string.hpp"

#include <gtest/gtest.h>

namespace sanplane::gateway {
namespace {

TEST(QueryString, DecodesPairs) {
  auto pairs = ParseQueryString("page=2&search=zone%20A+b&flag&empty=");
  ASSERT_EQ(pairs.size(), 4u);
  EXPECT_EQ(pairs[0], (std::pair<std::string, std::string>{"page", "2"}));
  EXPECT_EQ(pairs[1].second, "zone A b");
  EXPECT_EQ(pairs[2], (std::pair<std::string, std::string>{"flag", ""}));
  EXPECT_EQ(pairs[3].second, "");
}

TEST(QueryString, KeepsMalformedEscapes) {
  EXPECT_EQ(PercentDecode("100%", true), "100%");
  EXPECT_EQ(PercentDecode("%zz%4", true), "%zz%4");
  EXPECT_EQ(PercentDecode("a+b", false), "a+b");
}

}  // namespace
}  // namespace sanplane::gateway
