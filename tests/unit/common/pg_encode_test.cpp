// The encoders every store shares: array literals, LIKE patterns, id lists.

#include "common/pg_encode.hpp"

#include <gtest/gtest.h>

namespace sanplane::common {
namespace {

TEST(PgEncode, LikeContainsEscapesWildcards) {
  EXPECT_EQ(LikeContains("a%b_c\\"), "%a\\%b\\_c\\\\%");
  EXPECT_EQ(LikeContains(""), "%%");
}

TEST(PgEncode, ArrayLiterals) {
  EXPECT_EQ(PgBigintArray({}), "{}");
  EXPECT_EQ(PgBigintArray({1, -2, 30}), "{1,-2,30}");
  EXPECT_EQ(PgTextArray({"a", "b\"c", "d\\e", "f,g", ""}),
            "{\"a\",\"b\\\"c\",\"d\\\\e\",\"f,g\",\"\"}");
  EXPECT_EQ(PgTextArray({"NULL"}), "{\"NULL\"}");
}

TEST(PgEncode, ParseIdList) {
  EXPECT_TRUE(ParseIdList("").empty());
  EXPECT_EQ(ParseIdList("4"), (std::vector<int64_t>{4}));
  EXPECT_EQ(ParseIdList("1,22,333"), (std::vector<int64_t>{1, 22, 333}));
  EXPECT_EQ(ParseIdList("1,x,3"), (std::vector<int64_t>{1, 3}));
}

}  // namespace
}  // namespace sanplane::common
