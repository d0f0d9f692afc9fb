#include "pg_customer_store.hpp"

#include "common/acting_user.hpp"
#include "common/errors.hpp"
#include "common/named_queries.hpp"
#include "common/pg_encode.hpp"
#include "common/versioning.hpp"
#include "pg_rows.hpp"
#include "pg_store_errors.hpp"
#include "queries.hpp"
#include "restore_check.hpp"
#include "versioned_record.hpp"

namespace sanplane::identity {

namespace {

using common::Exec;

constexpr char kDuplicateName[] = "A customer with that name already exists.";

// Row layout of customers.sql: id, name, notes, version, last_modified_by, micros.
v1::Customer CustomerFromRow(const pqxx::row& row) {
  v1::Customer customer;
  customer.set_id(row[0].as<int64_t>());
  customer.set_name(row[1].as<std::string>());
  customer.set_notes(row[2].as<std::string>());
  SetStamp(customer, common::StampAt(row, 3));
  return customer;
}

std::optional<v1::Customer> SelectVisible(pqxx::transaction_base& tx,
                                          const common::Principal& caller, int64_t id) {
  return FirstRow(
      Exec(tx, query::kFindVisibleCustomer, id, caller.is_superuser(), caller.user_id()),
      CustomerFromRow);
}

[[noreturn]] void ThrowCustomerNotFound() {
  throw common::Error(common::ErrorKind::kNotFound, kCustomerNotFound);
}

void RequireCustomerExists(pqxx::transaction_base& tx, int64_t customer_id) {
  if (Exec(tx, query::kLockCustomer, customer_id).empty()) {
    ThrowCustomerNotFound();
  }
}

v1::Member MemberFromRow(const pqxx::row& row) {
  v1::Member member;
  member.set_user_id(row[0].as<int64_t>());
  SetNames(member, row);
  return member;
}

}  // namespace

PgCustomerStore::PgCustomerStore(common::PgPool& pool) : pool_(pool) {}

ListPage<v1::Customer> PgCustomerStore::List(Timeout timeout, const common::Principal& caller,
                                             const ListQuery& list) {
  const std::optional<std::string> pattern = ContainsPattern(list.search);
  ListPage<v1::Customer> page;
  pool_.Transaction(timeout, [&](pqxx::transaction_base& tx) {
    page.count =
        Exec(tx, query::kCountCustomers, pattern, caller.is_superuser(), caller.user_id())[0][0]
            .as<int64_t>();
    const pqxx::result rows =
        Exec(tx, query::kListCustomers, pattern, caller.is_superuser(), caller.user_id(),
             list.page.page_size, list.page.offset(), list.ordering);
    for (const pqxx::row& row : rows) {
      page.results.push_back(CustomerFromRow(row));
    }
  });
  return page;
}

v1::Customer PgCustomerStore::Create(Timeout timeout, const std::string& name,
                                     const std::string& notes, const std::string& created_by) {
  v1::Customer created;
  RethrowDuplicateAs(kDuplicateName, [&] {
    pool_.Transaction(timeout, [&](pqxx::transaction_base& tx) {
      created = CustomerFromRow(Exec(tx, query::kCreateCustomer, name, notes, created_by)[0]);
    });
  });
  return created;
}

std::optional<v1::Customer> PgCustomerStore::FindVisible(Timeout timeout,
                                                         const common::Principal& caller,
                                                         int64_t id) {
  std::optional<v1::Customer> found;
  pool_.Transaction(timeout,
                    [&](pqxx::transaction_base& tx) { found = SelectVisible(tx, caller, id); });
  return found;
}

v1::Customer PgCustomerStore::Update(Timeout timeout, const common::Principal& caller,
                                     const CustomerChanges& changes) {
  return CompareAndSetNameAndNotes(
      pool_, timeout, query::kUpdateCustomer, caller, changes, kDuplicateName, CustomerFromRow,
      [&](pqxx::transaction_base& tx) {
        // Nothing matched: tell the four reasons apart. Versions only grow, so a current version
        // equal to the expected one means the record was this one during the update too: either
        // a rename the caller may not make, or a no-op.
        v1::Customer current =
            CurrentAtVersion(SelectVisible(tx, caller, changes.id), changes.expected_version,
                             "customer", kCustomerNotFound);
        if (!caller.is_superuser() && changes.name && *changes.name != current.name()) {
          throw common::Error(common::ErrorKind::kPermissionDenied, kOnlySuperuserRenames);
        }
        return current;
      });
}

common::MergeBase PgCustomerStore::LoadMergeBase(Timeout timeout, int64_t id,
                                                 int64_t base_version) {
  return ReadMergeBase(pool_, timeout, "customer", id, base_version);
}

void PgCustomerStore::Delete(Timeout timeout, const common::Principal& caller, int64_t id,
                             int64_t expected_version) {
  pool_.Transaction(timeout, [&](pqxx::transaction_base& tx) {
    common::SetActingUser(tx, caller.username());  // who deleted, for the history
    if (!Exec(tx, query::kDeleteCustomer, id, caller.is_superuser(), caller.user_id(),
              expected_version)
             .empty()) {
      return;
    }
    // Visible at the caller's version, yet not deleted: it moved on in between all the same.
    const v1::Customer current = CurrentAtVersion(SelectVisible(tx, caller, id), expected_version,
                                                  "customer", kCustomerNotFound);
    throw common::ConflictError("customer", StampOf(current));
  });
}

std::vector<v1::Member> PgCustomerStore::ListMembers(Timeout timeout, int64_t customer_id) {
  std::vector<v1::Member> members;
  pool_.Transaction(timeout, [&](pqxx::transaction_base& tx) {
    RequireCustomerExists(tx, customer_id);
    for (const pqxx::row& row : Exec(tx, query::kListMembers, customer_id)) {
      members.push_back(MemberFromRow(row));
    }
  });
  return members;
}

v1::Member PgCustomerStore::AddMember(Timeout timeout, int64_t customer_id,
                                      std::string_view username) {
  v1::Member member;
  pool_.Transaction(timeout, [&](pqxx::transaction_base& tx) {
    RequireCustomerExists(tx, customer_id);
    const pqxx::result users = Exec(tx, query::kLockUserByUsername, std::string(username));
    if (users.empty()) {
      throw common::Error(common::ErrorKind::kNotFound, "User not found.");
    }
    member = MemberFromRow(users[0]);
    Exec(tx, query::kAddMembership, customer_id, member.user_id());
  });
  return member;
}

void PgCustomerStore::RemoveMember(Timeout timeout, int64_t customer_id, int64_t user_id) {
  pool_.Transaction(timeout, [&](pqxx::transaction_base& tx) {
    RequireCustomerExists(tx, customer_id);
    if (Exec(tx, query::kRemoveMembership, customer_id, user_id).empty()) {
      throw common::Error(common::ErrorKind::kNotFound,
                          "That user is not a member of this customer.");
    }
    Exec(tx, query::kClearContextInCustomer, user_id, customer_id);
  });
}

}  // namespace sanplane::identity
