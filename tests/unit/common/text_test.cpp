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

TEST(Text, TrimBlanks) {
  EXPECT_EQ(TrimBlanks(" \t a b \r\n"), "a b");
  EXPECT_EQ(TrimBlanks("   "), "");
}

TEST(Text, IsValidUtf8) {
  EXPECT_TRUE(IsValidUtf8("plain"));
  EXPECT_TRUE(IsValidUtf8("\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80"));  // é € 😀
  EXPECT_FALSE(IsValidUtf8("\xc0\xaf"));                             // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xed\xa0\x80"));                         // a surrogate
  EXPECT_FALSE(IsValidUtf8("\xe2\x82"));                             // cut short
  EXPECT_FALSE(IsValidUtf8("\xf4\x90\x80\x80"));                     // above U+10FFFF
}

}  // namespace
}  // namespace sanplane::common
