#include "common/principal_signature.hpp"

#include <sodium.h>

#include <algorithm>
#include <cstdint>
#include <stdexcept>

namespace sanplane::common {
namespace {

constexpr unsigned char kVersion = 1;
constexpr size_t kExpiryBytes = 8;
constexpr size_t kKeyIdBytes = 8;
constexpr size_t kMacBytes = crypto_auth_hmacsha256_BYTES;
constexpr size_t kSignatureBytes = 1 + kExpiryBytes + kKeyIdBytes + kMacBytes;

void AppendBigEndian(std::string& out, uint64_t value, size_t bytes) {
  for (size_t i = bytes; i-- > 0;) out += static_cast<char>((value >> (8 * i)) & 0xff);
}

uint64_t ReadBigEndian(std::string_view in) {
  uint64_t value = 0;
  for (const char c : in) value = (value << 8) | static_cast<unsigned char>(c);
  return value;
}

// Every field is length-prefixed, so no two (principal, request id) pairs share a message.
std::string SignedMessage(std::string_view principal_bytes, std::string_view request_id,
                          uint64_t expiry_seconds) {
  std::string message = "sanplane-principal";
  message += static_cast<char>(kVersion);
  AppendBigEndian(message, principal_bytes.size(), 4);
  message += principal_bytes;
  AppendBigEndian(message, request_id.size(), 4);
  message += request_id;
  AppendBigEndian(message, expiry_seconds, kExpiryBytes);
  return message;
}

void RequireSodium() {
  if (sodium_init() < 0) throw std::runtime_error("libsodium could not be initialised");
}

}  // namespace

PrincipalKey::PrincipalKey(std::string secret) : secret_(std::move(secret)) {
  RequireSodium();
  const auto digest = Mac("sanplane principal key id");
  std::copy_n(digest.begin(), id_.size(), id_.begin());
}

std::array<unsigned char, 32> PrincipalKey::Mac(std::string_view message) const {
  static_assert(kMacBytes == 32);
  std::array<unsigned char, 32> mac{};
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret_.data()),
                              secret_.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(message.data()),
                                message.size());
  crypto_auth_hmacsha256_final(&state, mac.data());
  sodium_memzero(&state, sizeof state);
  return mac;
}

std::optional<PrincipalKeys> LoadPrincipalKeys(ConfigLoader& loader) {
  const std::string current = loader.String("principal-key", "", /*secret=*/true);
  const std::string previous = loader.String("principal-key-previous", "", /*secret=*/true);
  const std::string hint = "; generate one with: openssl rand -base64 48";
  bool usable = true;
  if (current.empty()) {
    loader.Fail(
        "principal-key is required (the key that signs the caller's identity between "
        "sanplane binaries, shared by all of them)" +
        hint);
    usable = false;
  } else if (current.size() < kMinPrincipalKeyBytes) {
    loader.Fail("principal-key must be at least " + std::to_string(kMinPrincipalKeyBytes) +
                " bytes long" + hint);
    usable = false;
  }
  if (!previous.empty() && previous.size() < kMinPrincipalKeyBytes) {
    loader.Fail("principal-key-previous must be at least " + std::to_string(kMinPrincipalKeyBytes) +
                " bytes long");
    usable = false;
  }
  if (!usable) return std::nullopt;
  PrincipalKeys keys{PrincipalKey(current), std::nullopt};
  if (!previous.empty()) keys.previous.emplace(previous);
  return keys;
}

std::string SignPrincipal(const PrincipalKeys& keys, std::string_view principal_bytes,
                          std::string_view request_id,
                          std::chrono::system_clock::time_point expiry) {
  const auto expiry_seconds = static_cast<uint64_t>(
      std::chrono::duration_cast<std::chrono::seconds>(expiry.time_since_epoch()).count());
  const auto mac = keys.current.Mac(SignedMessage(principal_bytes, request_id, expiry_seconds));
  std::string signature;
  signature.reserve(kSignatureBytes);
  signature += static_cast<char>(kVersion);
  AppendBigEndian(signature, expiry_seconds, kExpiryBytes);
  signature.append(reinterpret_cast<const char*>(keys.current.id().data()), kKeyIdBytes);
  signature.append(reinterpret_cast<const char*>(mac.data()), mac.size());
  return signature;
}

std::string PrincipalSignatureProblem(const PrincipalKeys& keys, std::string_view principal_bytes,
                                      std::string_view request_id, std::string_view signature,
                                      std::chrono::system_clock::time_point now) {
  if (signature.empty()) return "The caller's identity is not signed";
  if (signature.size() != kSignatureBytes || static_cast<unsigned char>(signature[0]) != kVersion) {
    return "The caller's identity signature is malformed";
  }
  const uint64_t expiry_seconds = ReadBigEndian(signature.substr(1, kExpiryBytes));
  const std::string_view key_id = signature.substr(1 + kExpiryBytes, kKeyIdBytes);
  const std::string_view mac = signature.substr(1 + kExpiryBytes + kKeyIdBytes);

  const auto matches = [key_id](const PrincipalKey& key) {
    return key_id == std::string_view(reinterpret_cast<const char*>(key.id().data()), kKeyIdBytes);
  };
  const PrincipalKey* key = nullptr;
  if (matches(keys.current)) {
    key = &keys.current;
  } else if (keys.previous && matches(*keys.previous)) {
    key = &*keys.previous;
  } else {
    return "The caller's identity is signed with an unknown key";
  }
  const auto expected = key->Mac(SignedMessage(principal_bytes, request_id, expiry_seconds));
  // Constant time: how much of a forged MAC matched must not show in the response time.
  if (sodium_memcmp(expected.data(), mac.data(), expected.size()) != 0) {
    return "The caller's identity signature does not match";
  }
  // Checked after the MAC, so the expiry read here is the one the gateway wrote.
  const auto now_seconds =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  if (now_seconds < 0 || static_cast<uint64_t>(now_seconds) > expiry_seconds) {
    return "The caller's identity signature has expired";
  }
  return {};
}

}  // namespace sanplane::common
