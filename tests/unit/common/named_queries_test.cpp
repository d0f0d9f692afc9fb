// Query files: how statements are split and named, and what a malformed file is told.

#include "common/named_queries.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

namespace sanplane::common {
namespace {

TEST(NamedQueries, EachMarkerStartsAStatement) {
  const auto queries = ParseQueryFile("aliases.sql",
                                      "-- The aliases of a fabric.\n"
                                      "-- name: LoadAlias\n"
                                      "SELECT 1\n"
                                      "  FROM t WHERE id = $1;\n"
                                      "\n"
                                      "-- name: DeleteAlias\n"
                                      "-- Deletes one alias.\n"
                                      "DELETE FROM t WHERE id = $1\n");
  ASSERT_EQ(queries.size(), 2u);
  EXPECT_EQ(queries[0].name, "LoadAlias");
  EXPECT_EQ(queries[0].sql, "SELECT 1\n  FROM t WHERE id = $1;");
  EXPECT_EQ(queries[1].name, "DeleteAlias");
  EXPECT_EQ(queries[1].sql, "-- Deletes one alias.\nDELETE FROM t WHERE id = $1");
}

TEST(NamedQueries, MalformedFilesAreRefused) {
  EXPECT_THROW(ParseQueryFile("a.sql", "-- name: \nSELECT 1"), std::invalid_argument);
  EXPECT_THROW(ParseQueryFile("a.sql", "-- name: 1st\nSELECT 1"), std::invalid_argument);
  EXPECT_THROW(ParseQueryFile("a.sql", "-- name: Empty\n\n-- name: Next\nSELECT 1"),
               std::invalid_argument);
  EXPECT_THROW(
      ParseQueryFiles({{"a.sql", "-- name: Same\nSELECT 1"}, {"b.sql", "-- name: Same\nSELECT 2"}}),
      std::invalid_argument);
}

TEST(NamedQueries, AFileWithoutMarkersHasNoStatements) {
  EXPECT_TRUE(ParseQueryFile("a.sql", "-- only a comment\n").empty());
}

}  // namespace
}  // namespace sanplane::common
