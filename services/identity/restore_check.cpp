#include "restore_check.hpp"

#include "common/errors.hpp"

namespace sanplane::identity {

void CheckRestore(const common::Principal& principal, const common::RestoreTarget& target) {
  if (target.entity != "customer" || principal.is_superuser()) return;
  if (target.current == nullptr) {
    throw common::Error(common::ErrorKind::kPermissionDenied, kOnlySuperuserCustomers);
  }
  const auto* name = target.current->if_contains("name");
  const auto* restored_name = target.restored.if_contains("name");
  if (name == nullptr || restored_name == nullptr || *name != *restored_name) {
    throw common::Error(common::ErrorKind::kPermissionDenied, kOnlySuperuserRenames);
  }
}

}  // namespace sanplane::identity
