#pragma once
// The caller's identity as it travels between binaries: serialized sanplane.common.v1.Principal in
// binary metadata `x-sanplane-principal-bin`, plus `x-request-id`, and the gateway's signature of
// both in `x-sanplane-principal-sig-bin` (common/principal_signature.hpp). A principal is believed
// only with a valid signature.

#include <grpcpp/client_context.h>
#include <grpcpp/server_context.h>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>

#include "common/principal_signature.hpp"
#include "sanplane/common/v1/common.pb.h"

namespace sanplane::common {

using Principal = sanplane::common::v1::Principal;

inline constexpr char kPrincipalMetadataKey[] = "x-sanplane-principal-bin";
inline constexpr char kRequestIdMetadataKey[] = "x-request-id";

/// The keys this process signs and verifies principals with. Every binary installs them once at
/// start, before it serves or calls anything; they are process-wide because principals are read
/// in many handlers that should not each carry a key.
void InstallPrincipalKeys(PrincipalKeys keys);

/// The verified principal of the incoming call, or nullopt when it carries none or an unverified
/// one (for logs; handlers use RequirePrincipal).
std::optional<Principal> FindPrincipal(const grpc::ServerContextBase& context);
/// The verified principal. Throws Error(kUnauthenticated) when absent ("Authentication required")
/// or when its signature is missing, malformed, expired or forged (saying which).
Principal RequirePrincipal(const grpc::ServerContextBase& context);
/// The verified principal of `signed_principal`, a caller carried inside a message rather than in
/// the call's metadata (Presence.HeartbeatBatch): the same checks, the same errors.
Principal RequirePrincipal(const v1::SignedPrincipal& signed_principal);
/// Superusers see every customer; others the customers they are a member of.
bool CanAccessCustomer(const Principal& principal, int64_t customer_id);
/// The incoming request id, or a fresh random one when the caller sent none.
std::string RequestIdOf(const grpc::ServerContextBase& context);

/// Attaches `principal`, `request_id` and their signature, good until the context's deadline
/// (plus an allowance for clocks of different nodes) or, without a deadline, for one minute.
/// Set the deadline first. Only the gateway mints principals; services forward what they received
/// (OutgoingContext).
void AttachPrincipal(grpc::ClientContext& context, const Principal& principal,
                     const std::string& request_id);
void AttachRequestId(grpc::ClientContext& context, const std::string& request_id);
/// What AttachPrincipal attaches, as a message: `principal` and `request_id` signed, good until
/// `deadline` (plus the same allowance), for a caller that travels inside a message.
v1::SignedPrincipal SignedPrincipalOf(const Principal& principal, const std::string& request_id,
                                      std::chrono::system_clock::time_point deadline);

}  // namespace sanplane::common
