#pragma once
// Page arithmetic for the list endpoints:
// {"results":[…],"count":N,"num_pages":P,"current_page":1,"page_size":50,"has_next":…,"has_previous":…}

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sanplane::common {

struct PageRequest {
  int page = 1;        // 1-based
  int page_size = 50;  // 1..500
  int64_t offset() const { return static_cast<int64_t>(page - 1) * page_size; }
};

/// Defaults 1 and 50; page < 1 or page_size outside 1..500 -> Error(kInvalidArgument).
PageRequest ParsePageRequest(std::optional<int> page, std::optional<int> page_size);

/// "name" or "-name" checked against `allowed` (field names) -> "name ASC" / "name DESC"; empty ->
/// `fallback`. Anything else -> Error(kInvalidArgument) naming the allowed fields. The result is
/// safe to splice into SQL because it is built only from `allowed`.
std::string OrderByClause(std::string_view ordering, const std::vector<std::string>& allowed,
                          std::string_view fallback);

/// "name" or "-name" checked against `allowed` as OrderByClause does, returned as it is (the
/// ordering parameter of a named query, whose ORDER BY has a CASE for each allowed key); empty ->
/// `fallback`.
std::string OrderingKey(std::string_view ordering, const std::vector<std::string>& allowed,
                        std::string_view fallback);

/// Fills count, num_pages, current_page, page_size, has_next, has_previous of a list response.
template <class Response>
void FillPageInfo(Response& response, int64_t count, const PageRequest& page) {
  const int64_t pages = count == 0 ? 1 : (count + page.page_size - 1) / page.page_size;
  response.set_count(count);
  response.set_num_pages(static_cast<int32_t>(pages));
  response.set_current_page(page.page);
  response.set_page_size(page.page_size);
  response.set_has_next(page.page < pages);
  response.set_has_previous(page.page > 1);
}

}  // namespace sanplane::common
