#include "visibility.hpp"

#include <gtest/gtest.h>

namespace sanplane::presence {
namespace {

common::Principal Viewer(int64_t id, std::vector<int64_t> customers, bool superuser = false) {
  common::Principal principal;
  principal.set_user_id(id);
  principal.set_is_superuser(superuser);
  for (int64_t c : customers) principal.add_customer_ids(c);
  return principal;
}

TEST(Visibility, MembersSeeColleaguesInTheirCustomersOnly) {
  const auto viewer = Viewer(1, {10, 11});
  EXPECT_TRUE(CanSeeActiveUser(viewer, 2, 10));
  EXPECT_TRUE(CanSeeActiveUser(viewer, 2, 11));
  EXPECT_FALSE(CanSeeActiveUser(viewer, 2, 12));
  EXPECT_FALSE(CanSeeActiveUser(viewer, 2, std::nullopt));
}

TEST(Visibility, EveryoneSeesThemselvesAndSuperusersSeeAll) {
  EXPECT_TRUE(CanSeeActiveUser(Viewer(1, {}), 1, std::nullopt));
  EXPECT_TRUE(CanSeeActiveUser(Viewer(1, {}, true), 2, 99));
  EXPECT_TRUE(CanSeeActiveUser(Viewer(1, {}, true), 3, std::nullopt));
}

}  // namespace
}  // namespace sanplane::presence
