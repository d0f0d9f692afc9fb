#include "pg_user_store.hpp"

#include "common/named_queries.hpp"
#include "pg_rows.hpp"
#include "queries.hpp"
#include "validation.hpp"

namespace sanplane::identity {

namespace {

using common::Exec;

// Row layout of users.sql: id, username, first_name, last_name, email, is_superuser; credentials
// add password_hash and is_active.
constexpr pqxx::row::size_type kUserColumnCount = 6;

v1::User UserFromRow(const pqxx::row& row) {
  v1::User user;
  user.set_id(row[0].as<int64_t>());
  SetNames(user, row);
  user.set_email(row[4].as<std::string>());
  user.set_is_superuser(row[5].as<bool>());
  return user;
}

UserCredentials CredentialsFromRow(const pqxx::row& row) {
  UserCredentials credentials;
  credentials.user = UserFromRow(row);
  credentials.password_hash = row[kUserColumnCount].as<std::string>();
  credentials.is_active = row[kUserColumnCount + 1].as<bool>();
  return credentials;
}

}  // namespace

PgUserStore::PgUserStore(common::PgPool& pool) : pool_(pool) {}

std::optional<UserCredentials> PgUserStore::FindCredentialsByUsername(Timeout timeout,
                                                                      std::string_view username) {
  return ReadFirstRow(pool_, timeout, CredentialsFromRow, query::kFindCredentialsByUsername,
                      std::string(username));
}

std::optional<UserCredentials> PgUserStore::FindCredentialsById(Timeout timeout, int64_t id) {
  return ReadFirstRow(pool_, timeout, CredentialsFromRow, query::kFindCredentialsById, id);
}

std::optional<common::Principal> PgUserStore::FindActivePrincipal(Timeout timeout, int64_t id) {
  std::optional<common::Principal> found;
  pool_.Transaction(timeout, [&](pqxx::transaction_base& tx) {
    const pqxx::result users = Exec(tx, query::kFindActiveUser, id);
    if (users.empty()) {
      return;
    }
    common::Principal principal;
    principal.set_user_id(users[0][0].as<int64_t>());
    principal.set_username(users[0][1].as<std::string>());
    principal.set_is_superuser(users[0][2].as<bool>());
    principal.set_first_name(users[0][3].as<std::string>());
    principal.set_last_name(users[0][4].as<std::string>());
    principal.set_email(users[0][5].as<std::string>());
    if (!principal.is_superuser()) {
      for (const pqxx::row& membership : Exec(tx, query::kMemberCustomerIds, id)) {
        principal.add_customer_ids(membership[0].as<int64_t>());
      }
    }
    found = std::move(principal);
  });
  return found;
}

std::optional<v1::User> PgUserStore::FindById(Timeout timeout, int64_t id) {
  return ReadFirstRow(pool_, timeout, UserFromRow, query::kFindUserById, id);
}

ListPage<v1::User> PgUserStore::List(Timeout timeout, const ListQuery& list) {
  const std::optional<std::string> pattern = ContainsPattern(list.search);
  ListPage<v1::User> page;
  pool_.Transaction(timeout, [&](pqxx::transaction_base& tx) {
    page.count = Exec(tx, query::kCountUsers, pattern)[0][0].as<int64_t>();
    const pqxx::result rows = Exec(tx, query::kListUsers, pattern, list.page.page_size,
                                   list.page.offset(), list.ordering);
    for (const pqxx::row& row : rows) {
      page.results.push_back(UserFromRow(row));
    }
  });
  return page;
}

std::optional<v1::User> PgUserStore::Create(Timeout timeout, const NewUser& user) {
  return ReadFirstRow(pool_, timeout, UserFromRow, query::kCreateUser, user.username,
                      user.password_hash, user.first_name, user.last_name, user.email,
                      user.is_superuser);
}

std::optional<v1::User> PgUserStore::Update(Timeout timeout, const UserChanges& changes) {
  return ReadFirstRow(pool_, timeout, UserFromRow, query::kUpdateUser, changes.id,
                      changes.first_name, changes.last_name, changes.email);
}

bool PgUserStore::SetPasswordHash(Timeout timeout, int64_t id, const std::string& password_hash) {
  bool changed = false;
  pool_.Transaction(timeout, [&](pqxx::transaction_base& tx) {
    changed = Exec(tx, query::kSetPasswordHash, id, password_hash).affected_rows() == 1;
  });
  return changed;
}

bool PgUserStore::CreateIfNoUsers(Timeout timeout, const NewUser& user) {
  bool created = false;
  pool_.Transaction(timeout, [&](pqxx::transaction_base& tx) {
    created = !Exec(tx, query::kCreateUserIfNone, user.username, user.password_hash,
                    user.first_name, user.last_name, user.email, user.is_superuser)
                   .empty();
  });
  return created;
}

bool PgUserStore::AnyUserExists(Timeout timeout) {
  bool exists = false;
  pool_.Transaction(timeout, [&](pqxx::transaction_base& tx) {
    exists = Exec(tx, query::kAnyUserExists)[0][0].as<bool>();
  });
  return exists;
}

void PgUserStore::RecordSignIn(Timeout timeout, const std::string& username, bool succeeded,
                               const std::string& client_address) {
  pool_.Transaction(timeout, [&](pqxx::transaction_base& tx) {
    Exec(tx, query::kRecordSignIn, username, succeeded ? "sign_in" : "sign_in_failed",
         client_address);
  });
}

}  // namespace sanplane::identity
