#include "common/wwpn.hpp"

#include <gtest/gtest.h>

#include <initializer_list>
#include <string_view>

namespace sanplane::common {
namespace {

// Each spelling is refused: it is no WWPN at all.
void ExpectAllRejected(std::initializer_list<std::string_view> spellings) {
  for (const std::string_view spelling : spellings) {
    EXPECT_EQ(NormalizeWwpn(spelling), std::nullopt) << '"' << spelling << '"';
  }
}

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
  ExpectAllRejected({
      "",
      "500507681000001",       // 15 digits
      "50050768100000011",     // 17 digits
      "50:05:07:68:10:00:00",  // 7 pairs
      "50:05:07:68:10:00:00:01:02",
  });
}

TEST(NormalizeWwpn, RejectsNonHexDigits) {
  ExpectAllRejected({
      "50:05:07:68:10:00:00:0g",
      "500507681000000x",
      "zz:zz:zz:zz:zz:zz:zz:zz",
  });
}

TEST(NormalizeWwpn, RejectsMixedOrMisplacedSeparators) {
  ExpectAllRejected({
      "50:05-07:68:10:00:00:01",
      "50-05-07-68-10-00-00:01",
      "500:5:07:68:10:00:00:01",
      "50.05.07.68.10.00.00.01",
      "50 05 07 68 10 00 00 01",
      "::::::::::::::::::::::",
  });
}

TEST(NormalizeWwpn, RejectsSurroundingWhitespace) {
  ExpectAllRejected({
      " 5005076810000001",
      "50:05:07:68:10:00:00:01\n",
  });
}

}  // namespace
}  // namespace sanplane::common
