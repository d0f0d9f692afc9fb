#include "common/named_queries.hpp"

#include <algorithm>
#include <cctype>
#include <set>
#include <stdexcept>

#include "common/metrics.hpp"

namespace sanplane::common {
namespace {

constexpr std::string_view kMarker = "-- name:";

bool IsIdentifier(std::string_view name) {
  if (name.empty() || std::isdigit(static_cast<unsigned char>(name.front()))) return false;
  return std::all_of(name.begin(), name.end(), [](char c) {
    return std::isalnum(static_cast<unsigned char>(c)) || c == '_';
  });
}

std::string_view Trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

}  // namespace

std::vector<NamedQuery> ParseQueryFile(std::string_view file_name, std::string_view text) {
  std::vector<NamedQuery> queries;
  size_t line_start = 0;
  while (line_start < text.size()) {
    size_t line_end = text.find('\n', line_start);
    if (line_end == std::string_view::npos) line_end = text.size();
    const std::string_view line = text.substr(line_start, line_end - line_start);
    if (line.starts_with(kMarker)) {
      const std::string_view name = Trim(line.substr(kMarker.size()));
      if (!IsIdentifier(name)) {
        throw std::invalid_argument(std::string(file_name) + ": bad query name '" +
                                    std::string(name) + "'");
      }
      queries.push_back({std::string(name), ""});
    } else if (!queries.empty()) {
      queries.back().sql.append(line).push_back('\n');
    }
    line_start = line_end + 1;
  }
  for (NamedQuery& query : queries) {
    query.sql = std::string(Trim(query.sql));
    if (query.sql.empty()) {
      throw std::invalid_argument(std::string(file_name) + ": query " + query.name + " has no SQL");
    }
  }
  return queries;
}

std::vector<NamedQuery> ParseQueryFiles(
    const std::vector<std::pair<std::string_view, std::string_view>>& files) {
  std::vector<NamedQuery> all;
  std::set<std::string> names;
  for (const auto& [file_name, text] : files) {
    for (NamedQuery& query : ParseQueryFile(file_name, text)) {
      if (!names.insert(query.name).second) {
        throw std::invalid_argument(std::string(file_name) + ": query " + query.name +
                                    " is defined twice");
      }
      all.push_back(std::move(query));
    }
  }
  return all;
}

void ObserveQuery(std::string_view name, std::chrono::steady_clock::duration elapsed) {
  Metrics::Get()
      .db_query_seconds.Add({{"query", std::string(name)}}, Metrics::LatencyBuckets())
      .Observe(std::chrono::duration<double>(elapsed).count());
}

}  // namespace sanplane::common
