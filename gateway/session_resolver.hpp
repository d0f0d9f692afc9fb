#pragma once
// Turns a session cookie into the caller's principal by asking the identity service, with a short
// per-replica cache so a burst of requests costs one identity call.

#include <grpcpp/support/status.h>

#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "call_tracker.hpp"
#include "http_types.hpp"
#include "sanplane/common/v1/common.pb.h"
#include "sanplane/identity/v1/identity.grpc.pb.h"

namespace sanplane::gateway {

using PrincipalPtr = std::shared_ptr<const common::v1::Principal>;

/// The `sessionid` cookie's token when it has the shape identity issues; nullopt when it is
/// missing or malformed (truncated, non-hex, a byte that is not UTF-8), which is 401 either way.
std::optional<std::string> SessionTokenOf(const HttpRequest& request);

class SessionResolver {
 public:
  /// `max_lookup` bounds how long an identity lookup can take (the request deadline).
  SessionResolver(identity::v1::Identity::Stub& identity, std::chrono::milliseconds cache_ttl,
                  std::chrono::milliseconds max_lookup, CallTracker& calls);

  /// `done` runs on a gRPC thread (or inline on a cache hit) with the principal or the error.
  void Resolve(const std::string& session_token, const std::string& request_id,
               std::chrono::system_clock::time_point deadline,
               std::function<void(const grpc::Status&, PrincipalPtr)> done);
  /// Drops a cached session at once (logout), and keeps a lookup that is still in flight from
  /// caching it again afterwards.
  void Forget(const std::string& session_token);

 private:
  struct Cached {
    PrincipalPtr principal;
    std::chrono::steady_clock::time_point expires;
  };
  void Remember(const std::string& session_token, PrincipalPtr principal);

  identity::v1::Identity::Stub& identity_;
  CallTracker& calls_;
  std::chrono::milliseconds cache_ttl_;
  // How long a forgotten session stays forgotten: longer than any lookup can be in flight.
  std::chrono::milliseconds forget_for_;
  std::mutex mutex_;
  std::unordered_map<std::string, Cached> cache_;
  std::unordered_map<std::string, std::chrono::steady_clock::time_point> forgotten_;
};

}  // namespace sanplane::gateway
