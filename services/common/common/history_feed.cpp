#include "common/history_feed.hpp"

#include <algorithm>
#include <string>

#include "common/errors.hpp"
#include "common/time.hpp"

namespace sanplane::common {

bool IsHistoryEntity(std::string_view entity) {
  return std::find(std::begin(kHistoryEntities), std::end(kHistoryEntities), entity) !=
         std::end(kHistoryEntities);
}

void RequireFeedDepth(const PageRequest& page) {
  if (static_cast<int64_t>(page.page) * page.page_size > kMaxFeedDepth) {
    throw Error(ErrorKind::kInvalidArgument,
                "page reaches past the newest " + std::to_string(kMaxFeedDepth) +
                    " entries of the feed; narrow it with since and until.");
  }
}

bool NewerInFeed(const history::v1::HistoryEntry& a, const history::v1::HistoryEntry& b) {
  const int64_t a_at = MicrosFromTimestamp(a.at());
  const int64_t b_at = MicrosFromTimestamp(b.at());
  if (a_at != b_at) return a_at > b_at;
  if (a.entity() != b.entity()) return a.entity() < b.entity();
  if (a.id() != b.id()) return a.id() > b.id();
  return a.version() > b.version();
}

history::v1::HistoryPage MergeFeeds(std::vector<history::v1::HistoryPage> feeds,
                                    const PageRequest& page) {
  std::vector<history::v1::HistoryEntry> entries;
  int64_t count = 0;
  for (history::v1::HistoryPage& feed : feeds) {
    count += feed.count();
    for (history::v1::HistoryEntry& entry : *feed.mutable_results()) {
      entries.push_back(std::move(entry));
    }
  }
  std::stable_sort(entries.begin(), entries.end(), NewerInFeed);
  history::v1::HistoryPage merged;
  const auto first = std::min<size_t>(static_cast<size_t>(page.offset()), entries.size());
  const auto last = std::min<size_t>(first + static_cast<size_t>(page.page_size), entries.size());
  for (size_t i = first; i < last; ++i) *merged.add_results() = std::move(entries[i]);
  FillPageInfo(merged, count, page);
  return merged;
}

}  // namespace sanplane::common
