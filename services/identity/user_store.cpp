#include "user_store.hpp"

#include "store_sql.hpp"
#include "validation.hpp"

namespace sanplane::identity {

namespace {

constexpr char kUserColumns[] =
    "u.id, u.username, u.first_name, u.last_name, u.email, u.is_superuser";
constexpr pqxx::row::size_type kUserColumnCount = 6;

v1::User UserFromRow(const pqxx::row& row) {
  v1::User user;
  user.set_id(row[0].as<int64_t>());
  user.set_username(row[1].as<std::string>());
  user.set_first_name(row[2].as<std::string>());
  user.set_last_name(row[3].as<std::string>());
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

const std::string kSelectCredentials =
    std::string("SELECT ") + kUserColumns + ", u.password_hash, u.is_active FROM identity.users u ";

}  // namespace

UserStore::UserStore(common::PgPool& pool) : pool_(pool) {}

std::optional<UserCredentials> UserStore::FindCredentialsByUsername(Timeout timeout,
                                                                    std::string_view username) {
  std::optional<UserCredentials> found;
  pool_.Transaction(timeout, [&](pqxx::work& tx) {
    const pqxx::result rows = tx.exec_params(
        kSelectCredentials + "WHERE lower(u.username) = lower($1)", std::string(username));
    if (!rows.empty()) {
      found = CredentialsFromRow(rows[0]);
    }
  });
  return found;
}

std::optional<UserCredentials> UserStore::FindCredentialsById(Timeout timeout, int64_t id) {
  std::optional<UserCredentials> found;
  pool_.Transaction(timeout, [&](pqxx::work& tx) {
    const pqxx::result rows = tx.exec_params(kSelectCredentials + "WHERE u.id = $1", id);
    if (!rows.empty()) {
      found = CredentialsFromRow(rows[0]);
    }
  });
  return found;
}

std::optional<common::Principal> UserStore::FindActivePrincipal(Timeout timeout, int64_t id) {
  std::optional<common::Principal> found;
  pool_.Transaction(timeout, [&](pqxx::work& tx) {
    const pqxx::result users = tx.exec_params(
        "SELECT u.id, u.username, u.is_superuser, u.first_name, u.last_name, u.email "
        "FROM identity.users u WHERE u.id = $1 AND u.is_active",
        id);
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
      const pqxx::result memberships = tx.exec_params(
          "SELECT customer_id FROM identity.memberships WHERE user_id = $1 ORDER BY customer_id",
          id);
      for (const pqxx::row& membership : memberships) {
        principal.add_customer_ids(membership[0].as<int64_t>());
      }
    }
    found = std::move(principal);
  });
  return found;
}

std::optional<v1::User> UserStore::FindById(Timeout timeout, int64_t id) {
  std::optional<v1::User> found;
  pool_.Transaction(timeout, [&](pqxx::work& tx) {
    const pqxx::result rows = tx.exec_params(
        std::string("SELECT ") + kUserColumns + " FROM identity.users u WHERE u.id = $1", id);
    if (!rows.empty()) {
      found = UserFromRow(rows[0]);
    }
  });
  return found;
}

ListPage<v1::User> UserStore::List(Timeout timeout, const ListQuery& query) {
  // "date_joined" is the upstream name of created_at, which the select list aliases to it.
  const std::string order_by = common::OrderByClause(
      query.ordering, {"username", "id", "first_name", "last_name", "email", "date_joined"},
      "username ASC");
  const std::optional<std::string> pattern = ContainsPattern(query.search);
  const std::string filter =
      " FROM identity.users u WHERE ($1::text IS NULL OR u.username ILIKE $1 OR "
      "u.first_name ILIKE $1 OR u.last_name ILIKE $1 OR u.email ILIKE $1)";

  ListPage<v1::User> page;
  pool_.Transaction(timeout, [&](pqxx::work& tx) {
    page.count = tx.exec_params("SELECT count(*)" + filter, pattern)[0][0].as<int64_t>();
    const pqxx::result rows =
        tx.exec_params(std::string("SELECT ") + kUserColumns + ", u.created_at AS date_joined" +
                           filter + " ORDER BY " + order_by + ", id ASC LIMIT $2 OFFSET $3",
                       pattern, query.page.page_size, query.page.offset());
    for (const pqxx::row& row : rows) {
      page.results.push_back(UserFromRow(row));
    }
  });
  return page;
}

std::optional<v1::User> UserStore::Create(Timeout timeout, const NewUser& user) {
  std::optional<v1::User> created;
  pool_.Transaction(timeout, [&](pqxx::work& tx) {
    // ON CONFLICT DO NOTHING: a taken username (in any case) is an answer, not an exception.
    const pqxx::result rows = tx.exec_params(
        std::string("INSERT INTO identity.users AS u (username, password_hash, first_name, "
                    "last_name, email, is_superuser) VALUES ($1, $2, $3, $4, $5, $6) "
                    "ON CONFLICT DO NOTHING RETURNING ") +
            kUserColumns,
        user.username, user.password_hash, user.first_name, user.last_name, user.email,
        user.is_superuser);
    if (!rows.empty()) {
      created = UserFromRow(rows[0]);
    }
  });
  return created;
}

std::optional<v1::User> UserStore::Update(Timeout timeout, const UserChanges& changes) {
  std::optional<v1::User> updated;
  pool_.Transaction(timeout, [&](pqxx::work& tx) {
    const pqxx::result rows = tx.exec_params(
        std::string("UPDATE identity.users AS u SET first_name = COALESCE($2::text, u.first_name), "
                    "last_name = COALESCE($3::text, u.last_name), "
                    "email = COALESCE($4::text, u.email) WHERE u.id = $1 RETURNING ") +
            kUserColumns,
        changes.id, changes.first_name, changes.last_name, changes.email);
    if (!rows.empty()) {
      updated = UserFromRow(rows[0]);
    }
  });
  return updated;
}

bool UserStore::SetPasswordHash(Timeout timeout, int64_t id, const std::string& password_hash) {
  bool changed = false;
  pool_.Transaction(timeout, [&](pqxx::work& tx) {
    changed = tx.exec_params("UPDATE identity.users SET password_hash = $2 WHERE id = $1", id,
                             password_hash)
                  .affected_rows() == 1;
  });
  return changed;
}

bool UserStore::CreateIfNoUsers(Timeout timeout, const NewUser& user) {
  bool created = false;
  pool_.Transaction(timeout, [&](pqxx::work& tx) {
    // Two replicas may both see an empty table; the unique username index then lets exactly one
    // insert through and turns the other into a no-op.
    const pqxx::result rows = tx.exec_params(
        "INSERT INTO identity.users (username, password_hash, first_name, last_name, email, "
        "is_superuser) SELECT $1, $2, $3, $4, $5, $6 "
        "WHERE NOT EXISTS (SELECT 1 FROM identity.users) ON CONFLICT DO NOTHING RETURNING id",
        user.username, user.password_hash, user.first_name, user.last_name, user.email,
        user.is_superuser);
    created = !rows.empty();
  });
  return created;
}

bool UserStore::AnyUserExists(Timeout timeout) {
  bool exists = false;
  pool_.Transaction(timeout, [&](pqxx::work& tx) {
    exists = tx.exec("SELECT EXISTS (SELECT 1 FROM identity.users)")[0][0].as<bool>();
  });
  return exists;
}

}  // namespace sanplane::identity
