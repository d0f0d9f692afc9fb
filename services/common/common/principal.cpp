#include "common/principal.hpp"

#include <algorithm>

#include "common/errors.hpp"
#include "common/log.hpp"
#include "common/request_scope.hpp"

namespace sanplane::common {
namespace {

// Longer ids are cut, so a caller cannot flood the logs through this header.

}  // namespace

std::optional<Principal> FindPrincipal(const grpc::ServerContext& context) {
  const auto& metadata = context.client_metadata();
  const auto found = metadata.find(kPrincipalMetadataKey);
  if (found == metadata.end()) {
    return std::nullopt;
  }
  Principal principal;
  if (!principal.ParseFromArray(found->second.data(), static_cast<int>(found->second.size()))) {
    log::Warn("malformed principal metadata ignored");
    return std::nullopt;
  }
  return principal;
}

Principal RequirePrincipal(const grpc::ServerContext& context) {
  std::optional<Principal> principal = FindPrincipal(context);
  if (!principal) {
    throw Error(ErrorKind::kUnauthenticated, "Authentication required");
  }
  return std::move(*principal);
}

bool CanAccessCustomer(const Principal& principal, int64_t customer_id) {
  return principal.is_superuser() ||
         std::find(principal.customer_ids().begin(), principal.customer_ids().end(), customer_id) !=
             principal.customer_ids().end();
}

std::string RequestIdOf(const grpc::ServerContext& context) {
  const auto& metadata = context.client_metadata();
  const auto found = metadata.find(kRequestIdMetadataKey);
  if (found != metadata.end()) {
    std::string id(found->second.data(), found->second.size());
    if (IsValidRequestId(id)) return id;
  }
  if (const std::string* current = RequestScope::Current()) {
    return *current;
  }
  return NewRequestId();
}

void AttachPrincipal(grpc::ClientContext& context, const Principal& principal) {
  context.AddMetadata(kPrincipalMetadataKey, principal.SerializeAsString());
}

void AttachRequestId(grpc::ClientContext& context, const std::string& request_id) {
  context.AddMetadata(kRequestIdMetadataKey, request_id);
}

}  // namespace sanplane::common
