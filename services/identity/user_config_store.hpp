#pragma once
// Each user's active customer and project (identity.user_config), and the batched read of many
// users' contexts that presence needs.

#include <chrono>
#include <cstdint>
#include <vector>

#include "common/pg_pool.hpp"
#include "common/principal.hpp"
#include "sanplane/identity/v1/identity.pb.h"
#include "validation.hpp"

namespace sanplane::identity {

class UserConfigStore {
 public:
  using Timeout = std::chrono::milliseconds;

  explicit UserConfigStore(common::PgPool& pool);

  /// Unset refs when the user has no active customer/project (or no row yet).
  v1::UserConfig Get(Timeout timeout, int64_t user_id);
  /// Sets the caller's context in one transaction, or changes nothing and throws
  /// kInvalidArgument: the customer must exist and be visible to the caller, the project must
  /// exist and belong to that customer. An empty change clears both.
  v1::UserConfig Set(Timeout timeout, const common::Principal& caller, const ContextChange& change);
  /// One query for all ids; unknown ids are left out. Ordered by user id.
  std::vector<v1::UserContext> Contexts(Timeout timeout, const std::vector<int64_t>& user_ids);

 private:
  common::PgPool& pool_;
};

}  // namespace sanplane::identity
