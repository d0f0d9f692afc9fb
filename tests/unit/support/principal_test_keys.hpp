#pragma once
// Tests that call services through gRPC as the gateway does sign their principals with these keys,
// installed in the test process before main as a real binary installs its own at start.

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "common/principal.hpp"

namespace sanplane::testing {

inline common::PrincipalKeys TestPrincipalKeys() {
  return {common::PrincipalKey("unit-test-principal-key-0123456789abcdef"),
          common::PrincipalKey("unit-test-previous-principal-key-0123456789")};
}

inline const bool kPrincipalKeysInstalled = [] {
  common::InstallPrincipalKeys(TestPrincipalKeys());
  return true;
}();

/// A user who is a member of `customers`, as the gateway would send them.
inline common::Principal User(int64_t id, std::string name, const std::vector<int64_t>& customers) {
  common::Principal principal;
  principal.set_user_id(id);
  principal.set_username(std::move(name));
  for (int64_t customer : customers) principal.add_customer_ids(customer);
  return principal;
}

}  // namespace sanplane::testing
