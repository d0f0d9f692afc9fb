#include "password_hasher.hpp"

#include <sodium.h>

#include <algorithm>
#include <thread>

#include "common/errors.hpp"
#include "tokens.hpp"

namespace sanplane::identity {

class PasswordHasher::Slot {
 public:
  explicit Slot(std::counting_semaphore<>& slots) : slots_(slots) { slots_.acquire(); }
  ~Slot() { slots_.release(); }
  Slot(const Slot&) = delete;
  Slot& operator=(const Slot&) = delete;

 private:
  std::counting_semaphore<>& slots_;
};

PasswordHasher::Cost PasswordHasher::Interactive() {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

PasswordHasher::Cost PasswordHasher::MinimalForTests() {
  return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

int PasswordHasher::DefaultConcurrency() {
  return static_cast<int>(std::max(2u, std::thread::hardware_concurrency()));
}

PasswordHasher::PasswordHasher(Cost cost, int max_concurrent)
    : cost_(cost), slots_(std::max(1, max_concurrent)) {
  // A real hash of a random secret nobody knows: verifying against it costs exactly what a real
  // verification costs and never succeeds.
  dummy_hash_ = Hash(RandomHexToken());
}

std::string PasswordHasher::Hash(std::string_view password) const {
  char encoded[crypto_pwhash_STRBYTES];
  int rc;
  {
    Slot slot(slots_);
    rc = crypto_pwhash_str(encoded, password.data(), password.size(), cost_.opslimit,
                           cost_.memlimit);
  }
  if (rc != 0) {
    // The only failure libsodium reports here is running out of memory.
    throw common::Error(common::ErrorKind::kUnavailable,
                        "The server is too busy to process passwords. Try again shortly.");
  }
  return std::string(encoded);
}

bool PasswordHasher::Verify(std::string_view encoded_hash, std::string_view password) const {
  // crypto_pwhash_str_verify reads a NUL-terminated string of at most STRBYTES.
  if (encoded_hash.empty() || encoded_hash.size() >= crypto_pwhash_STRBYTES) {
    return false;
  }
  const std::string terminated(encoded_hash);
  Slot slot(slots_);
  return crypto_pwhash_str_verify(terminated.c_str(), password.data(), password.size()) == 0;
}

void PasswordHasher::VerifyAgainstDummy(std::string_view password) const {
  (void)Verify(dummy_hash_, password);
}

}  // namespace sanplane::identity
