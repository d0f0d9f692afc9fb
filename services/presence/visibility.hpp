#pragma once
// Who may see whom in the active-users list (API.md "Presence"): a superuser sees everyone; other
// callers see themselves and the users whose active customer is one of the caller's customers.

#include <cstdint>
#include <optional>

#include "common/principal.hpp"

namespace sanplane::presence {

bool CanSeeActiveUser(const common::Principal& viewer, int64_t user_id,
                      std::optional<int64_t> users_active_customer);

}  // namespace sanplane::presence
