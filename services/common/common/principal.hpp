#pragma once
// The caller's identity as it travels between binaries: serialized sanplane.common.v1.Principal in
// binary metadata `x-sanplane-principal-bin`, plus `x-request-id`.

#include <grpcpp/client_context.h>
#include <grpcpp/server_context.h>

#include <cstdint>
#include <optional>
#include <string>

#include "sanplane/common/v1/common.pb.h"

namespace sanplane::common {

using Principal = sanplane::common::v1::Principal;

inline constexpr char kPrincipalMetadataKey[] = "x-sanplane-principal-bin";
inline constexpr char kRequestIdMetadataKey[] = "x-request-id";

/// The principal of the incoming call, or nullopt when the call carries none.
std::optional<Principal> FindPrincipal(const grpc::ServerContext& context);
/// As FindPrincipal, but throws Error(kUnauthenticated, "Authentication required") when absent.
Principal RequirePrincipal(const grpc::ServerContext& context);
/// Superusers see every customer; others the customers they are a member of.
bool CanAccessCustomer(const Principal& principal, int64_t customer_id);
/// The incoming request id, or a fresh random one when the caller sent none.
std::string RequestIdOf(const grpc::ServerContext& context);

void AttachPrincipal(grpc::ClientContext& context, const Principal& principal);
void AttachRequestId(grpc::ClientContext& context, const std::string& request_id);

}  // namespace sanplane::common
