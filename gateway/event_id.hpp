#pragma once
// The ids of the events GET /api/events/ sends: the position the stream has reached in each
// service's change feed, "identity.san.storage" ("12.340.7"). Every gateway replica reads the same
// feeds, so an id from one is a resume point on any other, and after a restart.

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sanplane::gateway {

inline constexpr size_t kFeedCount = 3;
/// The feeds, in the order of the id's numbers.
inline constexpr std::array<std::string_view, kFeedCount> kFeedNames{"identity", "san", "storage"};
using FeedPositions = std::array<int64_t, kFeedCount>;

std::string FormatEventId(const FeedPositions& positions);

/// The positions of an id FormatEventId made (a further ".suffix", as presence events carry, is
/// ignored); nullopt when it is not one.
std::optional<FeedPositions> ParseEventId(std::string_view id);

}  // namespace sanplane::gateway
