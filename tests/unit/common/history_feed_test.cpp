#include "common/history_feed.hpp"

#include <gtest/gtest.h>

#include <string>

#include "common/errors.hpp"
#include "common/time.hpp"

namespace sanplane::common {
namespace {

using history::v1::HistoryEntry;
using history::v1::HistoryPage;

HistoryEntry Entry(std::string entity, int64_t id, int64_t version, int64_t at_micros) {
  HistoryEntry entry;
  entry.set_entity(std::move(entity));
  entry.set_id(id);
  entry.set_version(version);
  *entry.mutable_at() = TimestampFromMicros(at_micros);
  return entry;
}

/// A service's feed: `entries` (already newest first) of `count` in all.
HistoryPage Feed(std::vector<HistoryEntry> entries, int64_t count) {
  HistoryPage page;
  for (HistoryEntry& entry : entries) *page.add_results() = std::move(entry);
  page.set_count(count);
  return page;
}

std::vector<std::string> Labels(const HistoryPage& page) {
  std::vector<std::string> labels;
  for (const HistoryEntry& entry : page.results()) {
    labels.push_back(entry.entity() + std::to_string(entry.id()) + "v" +
                     std::to_string(entry.version()));
  }
  return labels;
}

TEST(HistoryFeedTest, MergesServicesNewestFirstAndCountsThemAll) {
  const HistoryPage merged =
      MergeFeeds({Feed({Entry("customer", 1, 1, 300), Entry("customer", 1, 0, 100)}, 2),
                  Feed({Entry("zone", 7, 2, 400), Entry("zone", 7, 1, 200)}, 5)},
                 {.page = 1, .page_size = 3});
  EXPECT_EQ(Labels(merged), (std::vector<std::string>{"zone7v2", "customer1v1", "zone7v1"}));
  EXPECT_EQ(merged.count(), 7);
  EXPECT_EQ(merged.num_pages(), 3);
  EXPECT_TRUE(merged.has_next());
  EXPECT_FALSE(merged.has_previous());
}

TEST(HistoryFeedTest, ASecondPageSkipsTheFirstAcrossServices) {
  const HistoryPage merged =
      MergeFeeds({Feed({Entry("alias", 1, 0, 500), Entry("alias", 1, 1, 600)}, 2),
                  Feed({Entry("host", 3, 0, 550)}, 1)},
                 {.page = 2, .page_size = 2});
  EXPECT_EQ(Labels(merged), (std::vector<std::string>{"alias1v0"}));
  EXPECT_EQ(merged.current_page(), 2);
  EXPECT_TRUE(merged.has_previous());
}

TEST(HistoryFeedTest, OneTransactionKeepsOneOrder) {
  // Same time: by kind of record, then record and version from the newest.
  EXPECT_EQ(Labels(MergeFeeds({Feed({Entry("zone", 2, 0, 9)}, 1),
                               Feed({Entry("alias", 1, 0, 9), Entry("alias", 5, 3, 9)}, 2)},
                              {.page = 1, .page_size = 10})),
            (std::vector<std::string>{"alias5v3", "alias1v0", "zone2v0"}));
}

TEST(HistoryFeedTest, APageBeyondTheEndIsEmpty) {
  const HistoryPage merged = MergeFeeds({Feed({Entry("zone", 1, 0, 1)}, 1)}, {.page = 4});
  EXPECT_TRUE(merged.results().empty());
  EXPECT_EQ(merged.count(), 1);
}

TEST(HistoryFeedTest, DepthIsBounded) {
  EXPECT_NO_THROW(RequireFeedDepth({.page = 20, .page_size = 500}));
  try {
    RequireFeedDepth({.page = 21, .page_size = 500});
    FAIL() << "a page past the depth was accepted";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::kInvalidArgument);
    EXPECT_NE(std::string(error.what()).find("since and until"), std::string::npos);
  }
}

TEST(HistoryFeedTest, KnowsEveryKindOfRecordAndEvent) {
  for (const char* entity : {"customer", "project", "fabric", "alias", "zone", "storage", "host",
                             "volume", "user", "scripts"}) {
    EXPECT_TRUE(IsHistoryEntity(entity)) << entity;
  }
  EXPECT_FALSE(IsHistoryEntity("users"));
  EXPECT_FALSE(IsHistoryEntity(""));
}

}  // namespace
}  // namespace sanplane::common
