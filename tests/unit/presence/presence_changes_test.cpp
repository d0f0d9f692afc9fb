#include "presence_changes.hpp"

#include <gtest/gtest.h>

namespace sanplane::presence {
namespace {

common::v1::UserSummary User(int64_t id, const char* name) {
  common::v1::UserSummary user;
  user.set_id(id);
  user.set_username(name);
  return user;
}

common::v1::NamedRef Ref(std::optional<int64_t> id) {
  common::v1::NamedRef ref;
  if (id) ref.set_id(*id);
  return ref;
}

ActiveState At(int64_t id, const char* name, std::optional<int64_t> customer,
               std::optional<int64_t> project = std::nullopt) {
  return {User(id, name), Ref(customer), Ref(project)};
}

std::vector<std::string> Summaries(const std::vector<v1::PresenceChange>& changes) {
  std::vector<std::string> out;
  for (const auto& change : changes) {
    out.push_back(change.type() + " " + change.action() + " " + change.user().username() +
                  (change.type() == "editing"
                       ? " " + change.entity() + " " + std::to_string(change.id())
                       : " " + (change.active_customer().has_id()
                                    ? std::to_string(change.active_customer().id())
                                    : std::string("-"))));
  }
  return out;
}

TEST(PresenceChanges, JoinsLeavesAndContextChanges) {
  const ActiveUsers before{{1, At(1, "alice", 10)}, {2, At(2, "bob", 10)}, {3, At(3, "carol", 20)}};
  const ActiveUsers after{{1, At(1, "alice", 10)}, {2, At(2, "bob", 10, 5)}, {4, At(4, "eve", {})}};
  EXPECT_EQ(Summaries(PresenceChanges(before, after)),
            (std::vector<std::string>{"presence context bob 10", "presence join eve -",
                                      "presence leave carol 20"}));
}

TEST(PresenceChanges, NothingWhenNothingMoved) {
  const ActiveUsers same{{1, At(1, "alice", 10, 5)}};
  EXPECT_TRUE(PresenceChanges(same, same).empty());
}

TEST(EditingChanges, OpenedAndClosedButNotRenewed) {
  const std::map<int64_t, common::v1::UserSummary> users{{1, User(1, "alice")},
                                                         {2, User(2, "bob")}};
  const std::vector<EditingEntry> before{{"zone", 7, 1, 10, 1000}, {"zone", 8, 2, 10, 1000}};
  const std::vector<EditingEntry> after{
      {"zone", 7, 1, 10, 9000}, {"alias", 3, 2, 10, 9000}, {"zone", 9, 99, 10, 9000}};
  EXPECT_EQ(Summaries(EditingChanges(before, after, users)),
            (std::vector<std::string>{"editing open bob alias 3", "editing close bob zone 8"}));
}

}  // namespace
}  // namespace sanplane::presence
