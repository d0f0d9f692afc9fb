#pragma once
// The client side of the identity service's in-process tests: a call as the gateway makes it.

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <memory>

#include "common/principal.hpp"
#include "common/request_scope.hpp"
#include "principal_test_keys.hpp"

namespace sanplane::identity::testing {

/// A client context with a deadline, acting for `principal` (none: anonymous).
inline std::unique_ptr<grpc::ClientContext> CallAs(const common::Principal* principal) {
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  if (principal != nullptr) {
    common::AttachPrincipal(*context, *principal, common::NewRequestId());
  }
  return context;
}

}  // namespace sanplane::identity::testing
