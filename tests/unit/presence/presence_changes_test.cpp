#include "presence_changes.hpp"

#include <gtest/gtest.h>

namespace sanplane::presence {
namespace {

// A directory entry of the user `name`, with that active customer and project.
DirectoryEntry At(int64_t id, const char* name, std::optional<int64_t> customer,
                  std::optional<int64_t> project = std::nullopt) {
  identity::v1::UserContext context;
  context.mutable_user()->set_id(id);
  context.mutable_user()->set_username(name);
  if (customer) context.mutable_active_customer()->set_id(*customer);
  if (project) context.mutable_active_project()->set_id(*project);
  return std::make_shared<const std::string>(context.SerializeAsString());
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
  // Entries read again (the directory's copy started over) that say the same.
  EXPECT_TRUE(PresenceChanges(same, {{1, At(1, "alice", 10, 5)}}).empty());
}

TEST(PresenceChanges, ARenameInThePlaceIsNoContextChange) {
  EXPECT_TRUE(PresenceChanges({{1, At(1, "alice", 10, 5)}}, {{1, At(1, "alicia", 10, 5)}}).empty());
}

TEST(UserEntries, SortedByIdKeepingTheFirstOfEachUser) {
  const DirectoryEntry fresh = At(2, "bob", 10);
  UserEntries users{
      {3, At(3, "carol", 20)}, {2, fresh}, {1, At(1, "alice", 10)}, {2, At(2, "bob", 20)}};
  SortById(users);
  ASSERT_EQ(users.size(), 3u);
  EXPECT_EQ(users[0].first, 1);
  EXPECT_EQ(users[1].first, 2);
  EXPECT_EQ(users[2].first, 3);
  EXPECT_EQ(*FindEntry(users, 2), fresh);
  EXPECT_EQ(FindEntry(users, 4), nullptr);
}

TEST(EditingChanges, OpenedAndClosedButNotRenewed) {
  const UserEntries users{{1, At(1, "alice", 10)}, {2, At(2, "bob", 10)}};
  const std::vector<EditingEntry> before{{"zone", 7, 1, 10, 1000}, {"zone", 8, 2, 10, 1000}};
  const std::vector<EditingEntry> after{
      {"zone", 7, 1, 10, 9000}, {"alias", 3, 2, 10, 9000}, {"zone", 9, 99, 10, 9000}};
  EXPECT_EQ(Summaries(EditingChanges(before, after, users)),
            (std::vector<std::string>{"editing open bob alias 3", "editing close bob zone 8"}));
}

}  // namespace
}  // namespace sanplane::presence
