#pragma once
// Matches a request path against path templates like "/api/san/zones/delete/{id}/".
// Literal segments win over parameters, so "/api/storage/hosts/" never reaches
// "/api/storage/{id}/".

#include <boost/beast/http/verb.hpp>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sanplane::gateway {

using PathParams = std::map<std::string, std::string, std::less<>>;

template <class Target>
class Router {
 public:
  struct Match {
    const Target* target = nullptr;  // null: the path exists but not for this method
    std::string_view pattern;
    PathParams params;
    std::vector<boost::beast::http::verb> allowed;  // for 405 Allow
  };

  void Add(boost::beast::http::verb method, std::string pattern, Target target) {
    std::vector<std::string> segments;
    for (std::string_view segment : Split(pattern)) segments.emplace_back(segment);
    entries_.push_back({method, std::move(segments), std::move(pattern), std::move(target)});
  }

  /// nullopt: no route has this path (404).
  std::optional<Match> Find(boost::beast::http::verb method, std::string_view path) const {
    const std::vector<std::string_view> segments = Split(path);
    const Entry* best = nullptr;
    int best_score = -1;
    Match match;
    for (const Entry& entry : entries_) {
      PathParams params;
      const int score = Score(entry.segments, segments, params);
      if (score < 0) continue;
      // Among templates matching the path, the most literal one decides which resource it is.
      if (score > best_score) {
        best_score = score;
        match.allowed.clear();
        best = nullptr;
      }
      if (score == best_score) {
        match.allowed.push_back(entry.method);
        if (entry.method == method) {
          best = &entry;
          match.params = std::move(params);
        }
      }
    }
    if (best_score < 0) return std::nullopt;
    if (best != nullptr) {
      match.target = &best->target;
      match.pattern = best->pattern;
    }
    return match;
  }

 private:
  struct Entry {
    boost::beast::http::verb method;
    std::vector<std::string> segments;
    std::string pattern;
    Target target;
  };

  static std::vector<std::string_view> Split(std::string_view path) {
    std::vector<std::string_view> out;
    size_t start = 0;
    while (start <= path.size()) {
      size_t end = path.find('/', start);
      if (end == std::string_view::npos) end = path.size();
      out.push_back(path.substr(start, end - start));
      start = end + 1;
    }
    return out;
  }

  // Number of literal segments matched, or -1 when the template does not match.
  static int Score(const std::vector<std::string>& pattern,
                   const std::vector<std::string_view>& path, PathParams& params) {
    if (pattern.size() != path.size()) return -1;
    int literals = 0;
    for (size_t i = 0; i < pattern.size(); ++i) {
      const std::string_view p = pattern[i];
      if (p.size() > 2 && p.front() == '{' && p.back() == '}') {
        if (path[i].empty()) return -1;
        params.emplace(std::string(p.substr(1, p.size() - 2)), std::string(path[i]));
      } else if (p == path[i]) {
        ++literals;
      } else {
        return -1;
      }
    }
    return literals;
  }

  std::vector<Entry> entries_;
};

}  // namespace sanplane::gateway
