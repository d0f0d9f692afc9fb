#pragma once
// UserStore in Postgres (identity.users; queries/users.sql).

#include "common/pg_pool.hpp"
#include "store.hpp"

namespace sanplane::identity {

class PgUserStore final : public UserStore {
 public:
  explicit PgUserStore(common::PgPool& pool);

  std::optional<UserCredentials> FindCredentialsByUsername(Timeout timeout,
                                                           std::string_view username) override;
  std::optional<UserCredentials> FindCredentialsById(Timeout timeout, int64_t id) override;
  std::optional<common::Principal> FindActivePrincipal(Timeout timeout, int64_t id) override;
  std::optional<v1::User> FindById(Timeout timeout, int64_t id) override;
  ListPage<v1::User> List(Timeout timeout, const ListQuery& list) override;
  std::optional<v1::User> Create(Timeout timeout, const NewUser& user) override;
  std::optional<v1::User> Update(Timeout timeout, const UserChanges& changes) override;
  bool SetPasswordHash(Timeout timeout, int64_t id, const std::string& password_hash) override;
  bool CreateIfNoUsers(Timeout timeout, const NewUser& user) override;
  bool AnyUserExists(Timeout timeout) override;
  void RecordSignIn(Timeout timeout, const std::string& username, bool succeeded,
                    const std::string& client_address) override;

 private:
  common::PgPool& pool_;
};

}  // namespace sanplane::identity
