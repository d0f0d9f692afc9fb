#pragma once
// Users in Postgres (identity.users).

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "common/pg_pool.hpp"
#include "common/principal.hpp"
#include "list_query.hpp"
#include "sanplane/identity/v1/identity.pb.h"

namespace sanplane::identity {

struct UserCredentials {
  v1::User user;
  std::string password_hash;
  bool is_active = false;
};

struct NewUser {
  std::string username;
  std::string password_hash;
  std::string first_name;
  std::string last_name;
  std::string email;
  bool is_superuser = false;
};

/// Fields of a profile update; unset ones keep their value.
struct UserChanges {
  int64_t id = 0;
  std::optional<std::string> first_name;
  std::optional<std::string> last_name;
  std::optional<std::string> email;
};

class UserStore {
 public:
  using Timeout = std::chrono::milliseconds;

  explicit UserStore(common::PgPool& pool);

  /// Usernames match regardless of case (they are unique that way).
  std::optional<UserCredentials> FindCredentialsByUsername(Timeout timeout,
                                                           std::string_view username);
  std::optional<UserCredentials> FindCredentialsById(Timeout timeout, int64_t id);
  /// The principal of an active user, with the customers they are a member of (none listed for a
  /// superuser, who sees all). nullopt for an unknown or deactivated user.
  std::optional<common::Principal> FindActivePrincipal(Timeout timeout, int64_t id);
  std::optional<v1::User> FindById(Timeout timeout, int64_t id);

  /// Search over username, names and email; ordering by username, id, first_name, last_name,
  /// email, date_joined.
  ListPage<v1::User> List(Timeout timeout, const ListQuery& query);

  /// nullopt when the username is taken.
  std::optional<v1::User> Create(Timeout timeout, const NewUser& user);
  /// nullopt when there is no such user.
  std::optional<v1::User> Update(Timeout timeout, const UserChanges& changes);
  /// False when there is no such user.
  bool SetPasswordHash(Timeout timeout, int64_t id, const std::string& password_hash);

  /// Inserts `user` only while the table is empty, atomically: of several replicas starting
  /// together exactly one succeeds. True when this call created it.
  bool CreateIfNoUsers(Timeout timeout, const NewUser& user);
  bool AnyUserExists(Timeout timeout);

 private:
  common::PgPool& pool_;
};

}  // namespace sanplane::identity
