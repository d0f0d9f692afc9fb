#include "common/wwpn.hpp"

#include <gtest/gtest.h>

namespace sanplane::common {
namespace {

TEST(NormalizeWwpn, AcceptsTheThreeSpellings) {
  EXPECT_EQ(NormalizeWwpn("50:05:07:68:10:00:00:01"), "50:05:07:68:10:00:00:01");
  EXPECT_EQ(NormalizeWwpn("50-05-07-68-10-00-00-01"), "50:05:07:68:10:00:00:01");
  EXPECT_EQ(NormalizeWwpn("5005076810000001"), "50:05:07:68:10:00:00:01");
}

TEST(NormalizeWwpn, LowerCasesHexDigits) {
  EXPECT_EQ(NormalizeWwpn("C0:50:76:AB:CD:EF:00:1F"), "c0:50:76:ab:cd:ef:00:1f");
  EXPECT_EQ(NormalizeWwpn("C05076aBcDeF001f"), "c0:50:76:ab:cd:ef:00:1f");
  EXPECT_EQ(NormalizeWwpn("C0-50-76-AB-cd-EF-00-1F"), "c0:50:76:ab:cd:ef:00:1f");
}

TEST(NormalizeWwpn, RejectsWrongLengths) {
  EXPECT_EQ(NormalizeWwpn(""), std::nullopt);
  EXPECT_EQ(NormalizeWwpn("500507681000001"), std::nullopt);       // 15 digits
  EXPECT_EQ(NormalizeWwpn("50050768100000011"), std::nullopt);     // 17 digits
  EXPECT_EQ(NormalizeWwpn("50:05:07:68:10:00:00"), std::nullopt);  // 7 pairs
  EXPECT_EQ(NormalizeWwpn("50:05:07:68:10:00:00:01:02"), std::nullopt);
}

TEST(NormalizeWwpn, RejectsNonHexDigits) {
  EXPECT_EQ(NormalizeWwpn("50:05:07:68:10:00:00:0g"), std::nullopt);
  EXPECT_EQ(NormalizeWwpn("500507681000000x"), std::nullopt);
  EXPECT_EQ(NormalizeWwpn("zz:zz:zz:zz:zz:zz:zz:zz"), std::nullopt);
}

TEST(NormalizeWwpn, RejectsMixedOrMisplacedSeparators) {
  EXPECT_EQ(NormalizeWwpn("50:05-07:68:10:00:00:01"), std::nullopt);
  EXPECT_EQ(NormalizeWwpn("50-05-07-68-10-00-00:01"), std::nullopt);
  EXPECT_EQ(NormalizeWwpn("500:5:07:68:10:00:00:01"), std::nullopt);
  EXPECT_EQ(NormalizeWwpn("50.05.07.68.10.00.00.01"), std::nullopt);
  EXPECT_EQ(NormalizeWwpn("50 05 07 68 10 00 00 01"), std::nullopt);
  EXPECT_EQ(NormalizeWwpn("::::::::::::::::::::::"), std::nullopt);
}

TEST(NormalizeWwpn, RejectsSurroundingWhitespace) {
  EXPECT_EQ(NormalizeWwpn(" 5005076810000001"), std::nullopt);
  EXPECT_EQ(NormalizeWwpn("50:05:07:68:10:00:00:01\n"), std::nullopt);
}

}  // namespace
}  // namespace sanplane::common
