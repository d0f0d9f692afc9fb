#pragma once
// First start: there is no self-registration, so someone must be able to sign in.

#include <chrono>
#include <string>

#include "password_hasher.hpp"
#include "store.hpp"

namespace sanplane::identity {

inline constexpr char kAdminUsername[] = "admin";
inline constexpr std::size_t kGeneratedAdminPasswordLength = 20;

struct AdminBootstrapResult {
  bool created = false;
  /// The generated password when one was made (also logged once); empty otherwise.
  std::string generated_password;
};

/// When no user exists, creates the superuser `admin` with `configured_password`, or with a random
/// 20-character password that is logged once as a warning. Idempotent, and safe when several
/// replicas start at once: exactly one of them creates the user (and logs).
AdminBootstrapResult EnsureAdminUser(UserStore& users, const PasswordHasher& hasher,
                                     const std::string& configured_password,
                                     std::chrono::milliseconds timeout);

}  // namespace sanplane::identity
