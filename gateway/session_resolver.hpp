#pragma once
// Turns a session cookie into the caller's principal by asking the identity service, with a short
// per-replica cache so a burst of requests costs one identity call.

#include <grpcpp/support/status.h>

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include "sanplane/common/v1/common.pb.h"
#include "sanplane/identity/v1/identity.grpc.pb.h"

namespace sanplane::gateway {

using PrincipalPtr = std::shared_ptr<const common::v1::Principal>;

class SessionResolver {
 public:
  SessionResolver(identity::v1::Identity::Stub& identity, std::chrono::milliseconds cache_ttl,
                  std::chrono::milliseconds deadline);

  /// `done` runs on a gRPC thread (or inline on a cache hit) with the principal or the error.
  void Resolve(const std::string& session_token, const std::string& request_id,
               std::function<void(const grpc::Status&, PrincipalPtr)> done);
  /// Drops a cached session at once (logout).
  void Forget(const std::string& session_token);

 private:
  struct Cached {
    PrincipalPtr principal;
    std::chrono::steady_clock::time_point expires;
  };
  identity::v1::Identity::Stub& identity_;
  std::chrono::milliseconds cache_ttl_;
  std::chrono::milliseconds deadline_;
  std::mutex mutex_;
  std::unordered_map<std::string, Cached> cache_;
};

}  // namespace sanplane::gateway
