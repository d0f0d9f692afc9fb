#pragma once
// Integrity of the caller's identity between binaries. The cluster network is not trusted, so a
// principal is believed only with an HMAC-SHA256 made by the gateway over (serialized Principal,
// request id, expiry) with a key every binary shares. Two keys are accepted at once, so the key
// can be replaced without downtime: sign with the new one, keep verifying with the old one until
// every gateway has the new one.

#include <array>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "common/config.hpp"

namespace sanplane::common {

inline constexpr char kPrincipalSignatureMetadataKey[] = "x-sanplane-principal-sig-bin";

/// A key shorter than this is refused: the MAC is only as strong as the key.
inline constexpr size_t kMinPrincipalKeyBytes = 32;

class PrincipalKey {
 public:
  /// `secret` must hold at least kMinPrincipalKeyBytes bytes (checked by LoadPrincipalKeys).
  explicit PrincipalKey(std::string secret);

  /// Derived from the secret (not the secret itself), so a signature can name its key.
  const std::array<unsigned char, 8>& id() const { return id_; }
  std::array<unsigned char, 32> Mac(std::string_view message) const;

 private:
  std::string secret_;
  std::array<unsigned char, 8> id_{};
};

struct PrincipalKeys {
  /// Signs, and verifies.
  PrincipalKey current;
  /// Only verifies: the key being rotated out.
  std::optional<PrincipalKey> previous;
};

/// Reads `principal-key` (required) and `principal-key-previous` (optional), both secret.
/// A missing or short key is recorded in `loader` (reported by Validate()); nullopt then.
std::optional<PrincipalKeys> LoadPrincipalKeys(ConfigLoader& loader);

/// The signature metadata value: version, expiry (Unix seconds), key id, MAC.
std::string SignPrincipal(const PrincipalKeys& keys, std::string_view principal_bytes,
                          std::string_view request_id,
                          std::chrono::system_clock::time_point expiry);

/// Empty when `signature` is a valid, unexpired signature of (principal_bytes, request_id) by
/// either key; else why not, fit for the caller (an UNAUTHENTICATED message).
std::string PrincipalSignatureProblem(const PrincipalKeys& keys, std::string_view principal_bytes,
                                      std::string_view request_id, std::string_view signature,
                                      std::chrono::system_clock::time_point now);

}  // namespace sanplane::common
