#include "tokens.hpp"

#include <sodium.h>

#include <vector>

namespace sanplane::identity {

namespace {

std::string ToHex(const unsigned char* bytes, std::size_t size) {
  std::string hex(size * 2 + 1, '\0');  // sodium_bin2hex writes a terminating NUL
  sodium_bin2hex(hex.data(), hex.size(), bytes, size);
  hex.pop_back();
  return hex;
}

}  // namespace

std::string RandomHexToken(std::size_t bytes) {
  // An empty vector's data() may be null, which libsodium's functions must never be given.
  if (bytes == 0) return {};
  std::vector<unsigned char> buffer(bytes);
  randombytes_buf(buffer.data(), buffer.size());
  std::string hex = ToHex(buffer.data(), buffer.size());
  sodium_memzero(buffer.data(), buffer.size());
  return hex;
}

std::string Sha256Hex(std::string_view data) {
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return ToHex(digest, sizeof digest);
}

std::string RandomPassword(std::size_t length) {
  static constexpr std::string_view kAlphabet =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  std::string password;
  password.reserve(length);
  for (std::size_t i = 0; i < length; ++i) {
    // randombytes_uniform avoids the modulo bias of randombytes_random() % size.
    password.push_back(kAlphabet[randombytes_uniform(static_cast<uint32_t>(kAlphabet.size()))]);
  }
  return password;
}

}  // namespace sanplane::identity
