#pragma once
// What a restore of a customer or project needs beyond access to its customer: what a save of the
// same change needs (common::RestoreCheck).

#include "common/history_service.hpp"
#include "common/principal.hpp"

namespace sanplane::identity {

inline constexpr char kOnlySuperuserCustomers[] = "Only a superuser can create customers.";
inline constexpr char kOnlySuperuserRenames[] = "Only a superuser can rename a customer.";

/// Bringing a deleted customer back creates it, and restoring another name renames it: both only
/// a superuser may do. Projects need nothing more.
void CheckRestore(const common::Principal& principal, const common::RestoreTarget& target);

}  // namespace sanplane::identity
