#include "visibility.hpp"

#include <algorithm>

namespace sanplane::presence {

bool CanSeeActiveUser(const common::Principal& viewer, int64_t user_id,
                      std::optional<int64_t> users_active_customer) {
  if (viewer.is_superuser() || viewer.user_id() == user_id) return true;
  if (!users_active_customer) return false;
  const auto& mine = viewer.customer_ids();
  return std::find(mine.begin(), mine.end(), *users_active_customer) != mine.end();
}

}  // namespace sanplane::presence
