#include "customer_store.hpp"

#include "common/errors.hpp"
#include "common/versioning.hpp"
#include "store_sql.hpp"
#include "validation.hpp"

namespace sanplane::identity {

namespace {

constexpr char kDuplicateName[] = "A customer with that name already exists.";
constexpr char kOnlySuperuserRenames[] = "Only a superuser can rename a customer.";

// Row layout of every customer query: id, name, notes, version, last_modified_by, micros.
constexpr char kCustomerColumns[] =
    "c.id, c.name, c.notes, c.version, c.last_modified_by, "
    "identity.epoch_micros(c.last_modified_at)";

// Parameters $2 (caller is superuser) and $3 (caller's user id) decide visibility.
constexpr char kVisibleToCaller[] =
    "($2::boolean OR EXISTS (SELECT 1 FROM identity.memberships m "
    "WHERE m.customer_id = c.id AND m.user_id = $3))";

v1::Customer CustomerFromRow(const pqxx::row& row) {
  v1::Customer customer;
  customer.set_id(row[0].as<int64_t>());
  customer.set_name(row[1].as<std::string>());
  customer.set_notes(row[2].as<std::string>());
  SetStamp(customer, StampAt(row, 3));
  return customer;
}

std::optional<v1::Customer> SelectVisible(pqxx::work& tx, const common::Principal& caller,
                                          int64_t id) {
  const pqxx::result rows =
      tx.exec_params(std::string("SELECT ") + kCustomerColumns +
                         " FROM identity.customers c WHERE c.id = $1 AND " + kVisibleToCaller,
                     id, caller.is_superuser(), caller.user_id());
  if (rows.empty()) {
    return std::nullopt;
  }
  return CustomerFromRow(rows[0]);
}

[[noreturn]] void ThrowCustomerNotFound() {
  throw common::Error(common::ErrorKind::kNotFound, kCustomerNotFound);
}

void RequireCustomerExists(pqxx::work& tx, int64_t customer_id) {
  // FOR KEY SHARE: the customer cannot be deleted before this transaction commits.
  if (tx.exec_params("SELECT 1 FROM identity.customers WHERE id = $1 FOR KEY SHARE", customer_id)
          .empty()) {
    ThrowCustomerNotFound();
  }
}

v1::Member MemberFromRow(const pqxx::row& row) {
  v1::Member member;
  member.set_user_id(row[0].as<int64_t>());
  member.set_username(row[1].as<std::string>());
  member.set_first_name(row[2].as<std::string>());
  member.set_last_name(row[3].as<std::string>());
  return member;
}

}  // namespace

CustomerStore::CustomerStore(common::PgPool& pool) : pool_(pool) {}

ListPage<v1::Customer> CustomerStore::List(Timeout timeout, const common::Principal& caller,
                                           const ListQuery& query) {
  const std::string order_by =
      common::OrderByClause(query.ordering, {"name", "id", "last_modified_at"}, "name ASC");
  const std::string filter = std::string(" FROM identity.customers c WHERE ") + kVisibleToCaller +
                             " AND ($1::text IS NULL OR c.name ILIKE $1 OR c.notes ILIKE $1)";
  const std::optional<std::string> pattern = ContainsPattern(query.search);

  ListPage<v1::Customer> page;
  pool_.Transaction(timeout, [&](pqxx::work& tx) {
    page.count = tx.exec_params("SELECT count(*)" + filter, pattern, caller.is_superuser(),
                                caller.user_id())[0][0]
                     .as<int64_t>();
    const pqxx::result rows =
        tx.exec_params(std::string("SELECT ") + kCustomerColumns + filter + " ORDER BY c." +
                           order_by + ", c.id ASC LIMIT $4 OFFSET $5",
                       pattern, caller.is_superuser(), caller.user_id(), query.page.page_size,
                       query.page.offset());
    for (const pqxx::row& row : rows) {
      page.results.push_back(CustomerFromRow(row));
    }
  });
  return page;
}

v1::Customer CustomerStore::Create(Timeout timeout, const std::string& name,
                                   const std::string& notes, const std::string& created_by) {
  v1::Customer created;
  RethrowDuplicateAs(kDuplicateName, [&] {
    pool_.Transaction(timeout, [&](pqxx::work& tx) {
      created = CustomerFromRow(tx.exec_params1(
          std::string("INSERT INTO identity.customers AS c (name, notes, last_modified_by) "
                      "VALUES ($1, $2, $3) RETURNING ") +
              kCustomerColumns,
          name, notes, created_by));
    });
  });
  return created;
}

std::optional<v1::Customer> CustomerStore::FindVisible(Timeout timeout,
                                                       const common::Principal& caller,
                                                       int64_t id) {
  std::optional<v1::Customer> found;
  pool_.Transaction(timeout, [&](pqxx::work& tx) { found = SelectVisible(tx, caller, id); });
  return found;
}

v1::Customer CustomerStore::Update(Timeout timeout, const common::Principal& caller,
                                   const CustomerChanges& changes) {
  v1::Customer result;
  RethrowDuplicateAs(kDuplicateName, [&] {
    pool_.Transaction(timeout, [&](pqxx::work& tx) {
      // The compare-and-set: it matches only at the caller's version, only when visible to the
      // caller, only when the name stays unless the caller is a superuser (so a member never
      // reaches the unique index), and only when a value actually changes (a no-op save must not
      // move the version).
      const pqxx::result rows = tx.exec_params(
          std::string("UPDATE identity.customers AS c SET "
                      "name = COALESCE($5::text, c.name), notes = COALESCE($6::text, c.notes), "
                      "version = c.version + 1, last_modified_by = $7, last_modified_at = now() "
                      "WHERE c.id = $1 AND c.version = $4 AND ") +
              kVisibleToCaller +
              " AND ($2::boolean OR $5::text IS NULL OR c.name = $5::text)"
              " AND (c.name IS DISTINCT FROM COALESCE($5::text, c.name) "
              "OR c.notes IS DISTINCT FROM COALESCE($6::text, c.notes)) RETURNING " +
              kCustomerColumns,
          changes.id, caller.is_superuser(), caller.user_id(), changes.expected_version,
          changes.name, changes.notes, caller.username());
      if (!rows.empty()) {
        result = CustomerFromRow(rows[0]);
        return;
      }
      // Nothing matched: tell the four reasons apart. Versions only grow, so a current version
      // equal to the expected one means the record was this one during the update too: either a
      // rename the caller may not make, or a no-op.
      std::optional<v1::Customer> current = SelectVisible(tx, caller, changes.id);
      if (!current) {
        ThrowCustomerNotFound();
      }
      if (current->version() != changes.expected_version) {
        throw common::ConflictError("customer", StampOf(*current));
      }
      if (!caller.is_superuser() && changes.name && *changes.name != current->name()) {
        throw common::Error(common::ErrorKind::kPermissionDenied, kOnlySuperuserRenames);
      }
      result = std::move(*current);
    });
  });
  return result;
}

void CustomerStore::Delete(Timeout timeout, const common::Principal& caller, int64_t id,
                           int64_t expected_version) {
  pool_.Transaction(timeout, [&](pqxx::work& tx) {
    const pqxx::result rows = tx.exec_params(
        std::string("DELETE FROM identity.customers AS c WHERE c.id = $1 AND c.version = $4 AND ") +
            kVisibleToCaller + " RETURNING c.id",
        id, caller.is_superuser(), caller.user_id(), expected_version);
    if (!rows.empty()) {
      return;
    }
    std::optional<v1::Customer> current = SelectVisible(tx, caller, id);
    if (!current) {
      ThrowCustomerNotFound();
    }
    throw common::ConflictError("customer", StampOf(*current));
  });
}

std::vector<v1::Member> CustomerStore::ListMembers(Timeout timeout, int64_t customer_id) {
  std::vector<v1::Member> members;
  pool_.Transaction(timeout, [&](pqxx::work& tx) {
    RequireCustomerExists(tx, customer_id);
    const pqxx::result rows = tx.exec_params(
        "SELECT u.id, u.username, u.first_name, u.last_name FROM identity.memberships m "
        "JOIN identity.users u ON u.id = m.user_id WHERE m.customer_id = $1 "
        "ORDER BY u.username, u.id",
        customer_id);
    for (const pqxx::row& row : rows) {
      members.push_back(MemberFromRow(row));
    }
  });
  return members;
}

v1::Member CustomerStore::AddMember(Timeout timeout, int64_t customer_id,
                                    std::string_view username) {
  v1::Member member;
  pool_.Transaction(timeout, [&](pqxx::work& tx) {
    RequireCustomerExists(tx, customer_id);
    const pqxx::result users = tx.exec_params(
        "SELECT u.id, u.username, u.first_name, u.last_name FROM identity.users u "
        "WHERE lower(u.username) = lower($1) FOR KEY SHARE",
        std::string(username));
    if (users.empty()) {
      throw common::Error(common::ErrorKind::kNotFound, "User not found.");
    }
    member = MemberFromRow(users[0]);
    tx.exec_params(
        "INSERT INTO identity.memberships (customer_id, user_id) VALUES ($1, $2) "
        "ON CONFLICT DO NOTHING",
        customer_id, member.user_id());
  });
  return member;
}

void CustomerStore::RemoveMember(Timeout timeout, int64_t customer_id, int64_t user_id) {
  pool_.Transaction(timeout, [&](pqxx::work& tx) {
    RequireCustomerExists(tx, customer_id);
    const pqxx::result removed = tx.exec_params(
        "DELETE FROM identity.memberships WHERE customer_id = $1 AND user_id = $2 "
        "RETURNING user_id",
        customer_id, user_id);
    if (removed.empty()) {
      throw common::Error(common::ErrorKind::kNotFound,
                          "That user is not a member of this customer.");
    }
    tx.exec_params(
        "UPDATE identity.user_config SET active_customer_id = NULL, active_project_id = NULL, "
        "updated_at = now() WHERE user_id = $1 AND active_customer_id = $2",
        user_id, customer_id);
  });
}

}  // namespace sanplane::identity
