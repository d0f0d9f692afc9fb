#include "common/text.hpp"

#include <gtest/gtest.h>

#include <string>

namespace sanplane::common {
namespace {

using namespace std::string_literals;

TEST(TextTest, Utf8LengthCountsCharactersNotBytes) {
  EXPECT_EQ(Utf8Length(""), 0u);
  EXPECT_EQ(Utf8Length("abc"), 3u);
  EXPECT_EQ(Utf8Length("äöü"), 3u);
  EXPECT_EQ(Utf8Length("日本"), 2u);
  EXPECT_EQ(Utf8Length("\xF0\x9F\x92\xBE"
                       "x"),
            2u);  // floppy disk emoji, x
}

TEST(TextTest, HasNulFindsEmbeddedNul) {
  EXPECT_FALSE(HasNul("plain"));
  EXPECT_FALSE(HasNul(""));
  EXPECT_TRUE(HasNul("a\0b"s));
  EXPECT_TRUE(HasNul("\0"s));
}

TEST(TextTest, IsBlankMeansOnlyWhitespace) {
  EXPECT_TRUE(IsBlank(""));
  EXPECT_TRUE(IsBlank(" \t\r\n"));
  EXPECT_FALSE(IsBlank(" a "));
}

}  // namespace
}  // namespace sanplane::common
