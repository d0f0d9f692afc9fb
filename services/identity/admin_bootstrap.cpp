#include "admin_bootstrap.hpp"

#include "common/log.hpp"
#include "tokens.hpp"

namespace sanplane::identity {

AdminBootstrapResult EnsureAdminUser(UserStore& users, const PasswordHasher& hasher,
                                     const std::string& configured_password,
                                     std::chrono::milliseconds timeout) {
  AdminBootstrapResult result;
  // Cheap check first, so the usual start (users exist) does not pay for hashing.
  if (users.AnyUserExists(timeout)) {
    return result;
  }
  const bool generated = configured_password.empty();
  const std::string password =
      generated ? RandomPassword(kGeneratedAdminPasswordLength) : configured_password;

  NewUser admin;
  admin.username = kAdminUsername;
  admin.password_hash = hasher.Hash(password);
  admin.is_superuser = true;
  result.created = users.CreateIfNoUsers(timeout, admin);
  if (!result.created) {
    return result;  // another replica won the race
  }
  if (generated) {
    result.generated_password = password;
    // Deliberately the one place a password is logged: it was never known to anyone else, and
    // the operator needs it to sign in and change it.
    common::log::Warn("created admin user", {{"username", kAdminUsername}, {"password", password}});
  } else {
    common::log::Info("created admin user", {{"username", kAdminUsername}});
  }
  return result;
}

}  // namespace sanplane::identity
