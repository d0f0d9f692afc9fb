#include "router.hpp"

#include <gtest/gtest.h>

namespace sanplane::gateway {
namespace {

using boost::beast::http::verb;

Router<std::string> MakeRouter() {
  Router<std::string> router;
  router.Add(verb::get, "/api/storage/{id}/", "get-storage");
  router.Add(verb::put, "/api/storage/{id}/", "put-storage");
  router.Add(verb::get, "/api/storage/hosts/", "list-hosts");
  router.Add(verb::get, "/api/san/zones/project/{project_id}/", "list-zones");
  return router;
}

// Matches point into the router, so each test keeps its router alive.
TEST(Router, CapturesParameters) {
  const auto router = MakeRouter();
  auto match = router.Find(verb::get, "/api/san/zones/project/42/");
  ASSERT_TRUE(match);
  ASSERT_NE(match->target, nullptr);
  EXPECT_EQ(*match->target, "list-zones");
  EXPECT_EQ(match->pattern, "/api/san/zones/project/{project_id}/");
  EXPECT_EQ(match->params.at("project_id"), "42");
}

TEST(Router, LiteralSegmentsWinOverParameters) {
  const auto router = MakeRouter();
  auto match = router.Find(verb::get, "/api/storage/hosts/");
  ASSERT_TRUE(match && match->target);
  EXPECT_EQ(*match->target, "list-hosts");
  // A method only the parameter route has is a 405 on the literal path, not a storage update.
  auto put = router.Find(verb::put, "/api/storage/hosts/");
  ASSERT_TRUE(put);
  EXPECT_EQ(put->target, nullptr);
  ASSERT_EQ(put->allowed.size(), 1u);
  EXPECT_EQ(put->allowed[0], verb::get);
}

TEST(Router, WrongMethodListsAllowedOnes) {
  const auto router = MakeRouter();
  auto match = router.Find(verb::delete_, "/api/storage/7/");
  ASSERT_TRUE(match);
  EXPECT_EQ(match->target, nullptr);
  EXPECT_EQ(match->allowed, (std::vector<verb>{verb::get, verb::put}));
}

TEST(Router, UnknownPathsAndEmptyParametersDoNotMatch) {
  const auto router = MakeRouter();
  EXPECT_FALSE(router.Find(verb::get, "/api/storage/"));
  EXPECT_FALSE(router.Find(verb::get, "/api/storage//"));
  EXPECT_FALSE(router.Find(verb::get, "/api/storage/7"));
  EXPECT_FALSE(router.Find(verb::get, "/nothing"));
}

}  // namespace
}  // namespace sanplane::gateway
