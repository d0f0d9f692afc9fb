#include "zoning/model.hpp"

namespace sanplane::san::zoning {

std::string_view RoleName(Role role) {
  switch (role) {
    case Role::kInit:
      return "init";
    case Role::kTarget:
      return "target";
    case Role::kBoth:
      return "both";
  }
  return "init";  // unreachable: the switch covers every Role
}

std::optional<Role> ParseRole(std::string_view text) {
  if (text == "init" || text == "initiator") return Role::kInit;
  if (text == "target") return Role::kTarget;
  if (text == "both") return Role::kBoth;
  return std::nullopt;
}

std::string_view VendorName(Vendor vendor) {
  return vendor == Vendor::kCisco ? "cisco" : "brocade";
}

std::string_view AliasKindName(AliasKind kind) {
  switch (kind) {
    case AliasKind::kDeviceAlias:
      return "device-alias";
    case AliasKind::kFcAlias:
      return "fcalias";
    case AliasKind::kWwpn:
      return "wwpn";
  }
  return "device-alias";  // unreachable: the switch covers every AliasKind
}

}  // namespace sanplane::san::zoning
