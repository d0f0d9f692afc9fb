#include "wwpn.hpp"

#include <gtest/gtest.h>

namespace sanplane::san {
namespace {

constexpr char kCanonical[] = "50:05:07:68:10:00:00:01";

TEST(ParseWwpn, AcceptsEverySeparatorStyleAndCase) {
  for (const char* text : {"50:05:07:68:10:00:00:01", "50-05-07-68-10-00-00-01", "5005076810000001",
                           "50:05:07:68:10:00:00:01"}) {
    const WwpnParse parsed = ParseWwpn(text);
    ASSERT_TRUE(parsed.wwpn) << text << ": " << parsed.error;
    EXPECT_EQ(*parsed.wwpn, kCanonical);
    EXPECT_TRUE(parsed.error.empty());
  }
  EXPECT_EQ(*ParseWwpn("C0:50:76:AB:cd:EF:00:1a").wwpn, "c0:50:76:ab:cd:ef:00:1a");
  EXPECT_EQ(*ParseWwpn("C05076ABCDEF001A").wwpn, "c0:50:76:ab:cd:ef:00:1a");
}

TEST(ParseWwpn, IgnoresSurroundingBlanks) {
  EXPECT_EQ(*ParseWwpn("  5005076810000001\t\n").wwpn, kCanonical);
}

TEST(ParseWwpn, RejectsFifteenAndSeventeenDigits) {
  for (const char* text : {"500507681000000", "50:05:07:68:10:00:00:0"}) {
    const WwpnParse parsed = ParseWwpn(text);
    EXPECT_FALSE(parsed.wwpn) << text;
    EXPECT_NE(parsed.error.find("WWPN has 15 hex digits."), std::string::npos) << parsed.error;
  }
  const WwpnParse seventeen = ParseWwpn("50050768100000012");
  EXPECT_FALSE(seventeen.wwpn);
  EXPECT_NE(seventeen.error.find("WWPN has 17 hex digits."), std::string::npos);
  EXPECT_FALSE(ParseWwpn("50:05:07:68:10:00:00:01:2").wwpn);
}

TEST(ParseWwpn, RejectsNonHexCharacters) {
  for (const char* text : {"50:05:07:68:10:00:00:0g", "500507681000000x", "50 05 07 68 10 00 00 01",
                           "50.05.07.68.10.00.00.01"}) {
    const WwpnParse parsed = ParseWwpn(text);
    EXPECT_FALSE(parsed.wwpn) << text;
    EXPECT_NE(parsed.error.find("not a hex digit"), std::string::npos) << parsed.error;
  }
}

TEST(ParseWwpn, RejectsMixedSeparators) {
  const WwpnParse parsed = ParseWwpn("50:05-07:68:10:00:00:01");
  EXPECT_FALSE(parsed.wwpn);
  EXPECT_NE(parsed.error.find("mixes the separators"), std::string::npos) << parsed.error;
}

TEST(ParseWwpn, RejectsSeparatorsOutsidePairBoundaries) {
  for (const char* text : {"5005:0768:1000:0001", ":5005076810000001",
                           "5005076810000001:", "50::05:07:68:10:00:00:01"}) {
    EXPECT_FALSE(ParseWwpn(text).wwpn) << text;
  }
  EXPECT_NE(ParseWwpn("5005:0768:1000:0001").error.find("pairs"), std::string::npos);
}

TEST(ParseWwpn, EmptyIsBlank) {
  EXPECT_FALSE(ParseWwpn("").wwpn);
  EXPECT_EQ(ParseWwpn("   ").error, "This field may not be blank.");
}

TEST(ParseWwpn, ErrorsExplainTheRule) {
  EXPECT_NE(ParseWwpn("abc").error.find("A WWPN is 16 hex digits"), std::string::npos);
}

TEST(WwpnDigits, StripsSeparators) {
  EXPECT_EQ(WwpnDigits(kCanonical), "5005076810000001");
  EXPECT_EQ(WwpnDigits("50-05"), "5005");
}

}  // namespace
}  // namespace sanplane::san
