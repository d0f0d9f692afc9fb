#include "event_id.hpp"

#include <charconv>

namespace sanplane::gateway {

std::string FormatEventId(const FeedPositions& positions) {
  std::string id;
  for (size_t feed = 0; feed < kFeedCount; ++feed) {
    if (feed > 0) id += '.';
    id += std::to_string(positions[feed]);
  }
  return id;
}

std::optional<FeedPositions> ParseEventId(std::string_view id) {
  FeedPositions positions{};
  for (size_t feed = 0; feed < kFeedCount; ++feed) {
    if (feed > 0) {
      if (id.empty() || id.front() != '.') return std::nullopt;
      id.remove_prefix(1);
    }
    int64_t value = -1;
    const auto [end, error] = std::from_chars(id.data(), id.data() + id.size(), value);
    if (error != std::errc() || value < 0) return std::nullopt;
    positions[feed] = value;
    id.remove_prefix(static_cast<size_t>(end - id.data()));
  }
  if (!id.empty() && id.front() != '.') return std::nullopt;
  return positions;
}

}  // namespace sanplane::gateway
