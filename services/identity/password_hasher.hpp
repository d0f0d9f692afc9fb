#pragma once
// Password hashing with argon2id (libsodium crypto_pwhash_str). The hash string carries its own
// algorithm, parameters and salt, so changing the cost later keeps old hashes verifiable.

#include <cstddef>
#include <semaphore>
#include <string>
#include <string_view>

namespace sanplane::identity {

class PasswordHasher {
 public:
  struct Cost {
    unsigned long long opslimit;
    std::size_t memlimit;
  };
  /// libsodium's INTERACTIVE limits: about 64 MiB and well under a second, so login stays fast.
  static Cost Interactive();
  /// The smallest limits libsodium accepts. Only for tests, where hashing speed matters.
  static Cost MinimalForTests();

  /// At most `max_concurrent` hashes run at once: each one holds `memlimit` bytes, so a burst of
  /// logins must not multiply that by the number of gRPC threads. Requires sodium_init().
  explicit PasswordHasher(Cost cost = Interactive(), int max_concurrent = DefaultConcurrency());

  PasswordHasher(const PasswordHasher&) = delete;
  PasswordHasher& operator=(const PasswordHasher&) = delete;

  /// The encoded hash ("$argon2id$v=19$m=…"). Throws common::Error(kUnavailable) when the memory
  /// for hashing cannot be had.
  std::string Hash(std::string_view password) const;
  /// True when `password` matches `encoded_hash`. A malformed hash never matches.
  bool Verify(std::string_view encoded_hash, std::string_view password) const;
  /// Verifies `password` against a hash no password matches, taking as long as a real check; used
  /// for unknown usernames so response time does not reveal which usernames exist.
  void VerifyAgainstDummy(std::string_view password) const;

  static int DefaultConcurrency();

 private:
  // Acquired around every hash/verify; see the constructor.
  class Slot;

  Cost cost_;
  mutable std::counting_semaphore<> slots_;
  std::string dummy_hash_;
};

}  // namespace sanplane::identity
