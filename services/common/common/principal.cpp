#include "common/principal.hpp"

#include <algorithm>
#include <atomic>
#include <stdexcept>

#include "common/errors.hpp"
#include "common/request_scope.hpp"

namespace sanplane::common {
namespace {

using std::chrono::system_clock;

// Installed once and never freed: handlers on any thread may read them until the process ends.
std::atomic<const PrincipalKeys*> installed_keys{nullptr};

// Clocks of different nodes disagree a little; a signature stays good this much past the deadline.
constexpr std::chrono::seconds kClockSkewAllowance{30};
// For a call without a deadline; every call sanplane makes has one.
constexpr std::chrono::seconds kLifetimeWithoutDeadline{60};
// Bounds how long a captured signature could be replayed, whatever the deadline.
constexpr std::chrono::minutes kMaxLifetime{10};

std::string_view MetadataValue(const grpc::ServerContextBase& context, std::string_view key) {
  const auto& metadata = context.client_metadata();
  const auto found = metadata.find(grpc::string_ref(key.data(), key.size()));
  if (found == metadata.end()) return {};
  return {found->second.data(), found->second.size()};
}

struct VerifiedPrincipal {
  std::optional<Principal> principal;
  std::string problem;  // why there is none, when the call carried one
};

// The principal in `bytes`, when `signature` signs it with `request_id`.
VerifiedPrincipal Verify(std::string_view bytes, std::string_view request_id,
                         std::string_view signature) {
  const PrincipalKeys* keys = installed_keys.load(std::memory_order_acquire);
  if (keys == nullptr) {
    return {std::nullopt, "This service has no key to verify the caller's identity"};
  }
  std::string problem =
      PrincipalSignatureProblem(*keys, bytes, request_id, signature, system_clock::now());
  if (!problem.empty()) {
    return {std::nullopt, std::move(problem)};
  }
  Principal principal;
  if (!principal.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return {std::nullopt, "The caller's identity is malformed"};
  }
  return {std::move(principal), {}};
}

VerifiedPrincipal Verify(const grpc::ServerContextBase& context) {
  const auto& metadata = context.client_metadata();
  const auto found = metadata.find(kPrincipalMetadataKey);
  if (found == metadata.end()) {
    return {std::nullopt, "Authentication required"};
  }
  // The raw id as received: it is what the gateway signed and what OutgoingContext forwards.
  return Verify({found->second.data(), found->second.size()},
                MetadataValue(context, kRequestIdMetadataKey),
                MetadataValue(context, kPrincipalSignatureMetadataKey));
}

Principal Required(VerifiedPrincipal verified) {
  if (!verified.principal) {
    throw Error(ErrorKind::kUnauthenticated, verified.problem);
  }
  return std::move(*verified.principal);
}

const PrincipalKeys& SigningKeys() {
  const PrincipalKeys* keys = installed_keys.load(std::memory_order_acquire);
  if (keys == nullptr) {
    throw std::logic_error("a principal signed before InstallPrincipalKeys");
  }
  return *keys;
}

// How long a signature made now stays good: the call's deadline (or a minute without one), plus
// the clocks' allowance.
system_clock::time_point SignatureExpiry(system_clock::time_point deadline) {
  const auto now = system_clock::now();
  return (deadline >= now + kMaxLifetime ? now + kLifetimeWithoutDeadline : deadline) +
         kClockSkewAllowance;
}

}  // namespace

void InstallPrincipalKeys(PrincipalKeys keys) {
  installed_keys.store(new PrincipalKeys(std::move(keys)), std::memory_order_release);
}

std::optional<Principal> FindPrincipal(const grpc::ServerContextBase& context) {
  return Verify(context).principal;
}

Principal RequirePrincipal(const grpc::ServerContextBase& context) {
  return Required(Verify(context));
}

Principal RequirePrincipal(const v1::SignedPrincipal& signed_principal) {
  if (signed_principal.principal().empty()) {
    throw Error(ErrorKind::kUnauthenticated, "Authentication required");
  }
  return Required(Verify(signed_principal.principal(), signed_principal.request_id(),
                         signed_principal.signature()));
}

bool CanAccessCustomer(const Principal& principal, int64_t customer_id) {
  return principal.is_superuser() ||
         std::find(principal.customer_ids().begin(), principal.customer_ids().end(), customer_id) !=
             principal.customer_ids().end();
}

std::string RequestIdOf(const grpc::ServerContextBase& context) {
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

void AttachPrincipal(grpc::ClientContext& context, const Principal& principal,
                     const std::string& request_id) {
  const PrincipalKeys& keys = SigningKeys();
  const std::string bytes = principal.SerializeAsString();
  context.AddMetadata(kPrincipalMetadataKey, bytes);
  AttachRequestId(context, request_id);
  context.AddMetadata(kPrincipalSignatureMetadataKey,
                      SignPrincipal(keys, bytes, request_id, SignatureExpiry(context.deadline())));
}

v1::SignedPrincipal SignedPrincipalOf(const Principal& principal, const std::string& request_id,
                                      system_clock::time_point deadline) {
  const PrincipalKeys& keys = SigningKeys();
  v1::SignedPrincipal signed_principal;
  std::string& bytes = *signed_principal.mutable_principal();
  principal.SerializeToString(&bytes);
  signed_principal.set_signature(SignPrincipal(keys, bytes, request_id, SignatureExpiry(deadline)));
  signed_principal.set_request_id(request_id);
  return signed_principal;
}

void AttachRequestId(grpc::ClientContext& context, const std::string& request_id) {
  context.AddMetadata(kRequestIdMetadataKey, request_id);
}

}  // namespace sanplane::common
