#include "common/csv.hpp"

#include <gtest/gtest.h>

namespace sanplane::common {
namespace {

TEST(Csv, QuotesOnlyFieldsThatNeedItAndDoublesQuotes) {
  EXPECT_EQ(CsvField("plain"), "plain");
  EXPECT_EQ(CsvField("a,b"), "\"a,b\"");
  EXPECT_EQ(CsvField("say \"hi\""), "\"say \"\"hi\"\"\"");
  EXPECT_EQ(CsvField("two\nlines"), "\"two\nlines\"");
  std::string out;
  AppendCsvRow(out, {"x", "", "y,z"});
  EXPECT_EQ(out, "x,,\"y,z\"\r\n");
}

TEST(Csv, ReadsWhatItWritesWithLineNumbers) {
  std::string text;
  AppendCsvRow(text, {"name", "notes"});
  AppendCsvRow(text, {"a", "comma, \"quote\"\nand a line"});
  AppendCsvRow(text, {"b", ""});
  std::string error;
  const auto records = ParseCsv(text, error);
  ASSERT_TRUE(records) << error;
  ASSERT_EQ(records->size(), 3u);
  EXPECT_EQ((*records)[1].fields[1], "comma, \"quote\"\nand a line");
  EXPECT_EQ((*records)[1].line, 2u);
  EXPECT_EQ((*records)[2].line, 4u);  // the quoted line break took line 3
  EXPECT_EQ((*records)[2].fields, (std::vector<std::string>{"b", ""}));
}

TEST(Csv, SkipsBlankLinesAndAcceptsLfAndAByteOrderMark) {
  std::string error;
  const auto records = ParseCsv("\xEF\xBB\xBFh1,h2\n\na,b", error);
  ASSERT_TRUE(records) << error;
  ASSERT_EQ(records->size(), 2u);
  EXPECT_EQ((*records)[0].fields[0], "h1");
  EXPECT_EQ((*records)[1].line, 3u);
}

TEST(Csv, RefusesMalformedQuotingNamingTheLine) {
  std::string error;
  EXPECT_FALSE(ParseCsv("a,b\nx\"y,z\n", error));
  EXPECT_EQ(error, "Line 2: a quote inside an unquoted field.");
  EXPECT_FALSE(ParseCsv("a\n\"open,b\n", error));
  EXPECT_EQ(error, "Line 2: a quoted field is never closed.");
  EXPECT_FALSE(ParseCsv("\"a\"b\n", error));
  EXPECT_EQ(error, "Line 1: text after a closing quote.");
}

}  // namespace
}  // namespace sanplane::common
