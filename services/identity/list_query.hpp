#pragma once
// A paginated, searchable, orderable list request and its answer, as the stores see them.

#include <cstdint>
#include <string>
#include <vector>

#include "common/pagination.hpp"

namespace sanplane::identity {

struct ListQuery {
  std::string search;    // matched anywhere, case-insensitively; empty = no filter
  std::string ordering;  // "name" / "-name", checked against the store's allow-list
  common::PageRequest page;
};

template <class Item>
struct ListPage {
  std::vector<Item> results;
  int64_t count = 0;  // matching rows over all pages
};

}  // namespace sanplane::identity
