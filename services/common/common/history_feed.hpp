#pragma once
// The rules of history lists that need no database: which kinds of record have a history, how
// deep a feed may be paged, and how the feeds of several services merge into one page.

#include <string_view>
#include <vector>

#include "common/pagination.hpp"
#include "sanplane/history/v1/history.pb.h"

namespace sanplane::common {

/// Every kind of record with a history, as HistoryEntry.entity names it.
/// Beside the records, the feed's events: "user" (sign-ins, action sign_in | sign_in_failed) and
/// "scripts" (zoning scripts generated for a fabric, action generate).
inline constexpr std::string_view kHistoryEntities[] = {"customer", "project", "fabric", "alias",
                                                        "zone",     "storage", "host",   "volume",
                                                        "user",     "scripts"};

bool IsHistoryEntity(std::string_view entity);

/// A feed is merged from each service's newest entries up to the end of the page asked for, so
/// its depth (page x page_size) is bounded; deeper is narrowed with `since`/`until`.
inline constexpr int64_t kMaxFeedDepth = 10000;

/// Error(kInvalidArgument) naming `page` when the page ends deeper than kMaxFeedDepth.
void RequireFeedDepth(const PageRequest& page);

/// The newest-first order every feed is sorted in: time, then kind, record and version, so that
/// entries of one transaction keep one order in every service and page.
bool NewerInFeed(const history::v1::HistoryEntry& a, const history::v1::HistoryEntry& b);

/// `page` of the union of `feeds` (each sorted by NewerInFeed and holding at least its entries up
/// to the end of `page`), counted over all of them.
history::v1::HistoryPage MergeFeeds(std::vector<history::v1::HistoryPage> feeds,
                                    const PageRequest& page);

}  // namespace sanplane::common
