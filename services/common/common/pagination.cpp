#include "common/pagination.hpp"

#include "common/errors.hpp"

namespace sanplane::common {
namespace {

constexpr int kMaxPageSize = 500;

}  // namespace

PageRequest ParsePageRequest(std::optional<int> page, std::optional<int> page_size) {
  PageRequest request;
  if (page) {
    if (*page < 1) {
      throw Error(ErrorKind::kInvalidArgument, "page must be a positive integer.");
    }
    request.page = *page;
  }
  if (page_size) {
    if (*page_size < 1 || *page_size > kMaxPageSize) {
      throw Error(ErrorKind::kInvalidArgument, "page_size must be between 1 and 500.");
    }
    request.page_size = *page_size;
  }
  return request;
}

std::string OrderByClause(std::string_view ordering, const std::vector<std::string>& allowed,
                          std::string_view fallback) {
  if (ordering.empty()) {
    return std::string(fallback);
  }
  const bool descending = ordering.starts_with('-');
  const std::string_view field = descending ? ordering.substr(1) : ordering;
  for (const std::string& name : allowed) {
    if (name == field) {
      return name + (descending ? " DESC" : " ASC");
    }
  }
  std::string names;
  for (const std::string& name : allowed) {
    names += (names.empty() ? "" : ", ") + name;
  }
  throw Error(ErrorKind::kInvalidArgument,
              "ordering must be one of: " + names + " (prefix - for descending).");
}

std::string OrderingKey(std::string_view ordering, const std::vector<std::string>& allowed,
                        std::string_view fallback) {
  OrderByClause(ordering, allowed, fallback);  // refuses what is not allowed
  return std::string(ordering.empty() ? fallback : ordering);
}

}  // namespace sanplane::common
