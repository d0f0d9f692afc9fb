#pragma once
// Tests that call services through gRPC as the gateway does sign their principals with these keys,
// installed in the test process before main as a real binary installs its own at start.

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

}  // namespace sanplane::testing
