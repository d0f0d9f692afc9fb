#pragma once
// Customers and their members in Postgres (identity.customers, identity.memberships).
// Visibility is decided here, in SQL: a superuser sees every customer, anyone else the customers
// they are a member of; an invisible customer is reported exactly like a missing one.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/pg_pool.hpp"
#include "common/principal.hpp"
#include "list_query.hpp"
#include "sanplane/identity/v1/identity.pb.h"

namespace sanplane::identity {

inline constexpr char kCustomerNotFound[] = "Customer not found.";

/// A compare-and-set update; unset fields keep their value.
struct CustomerChanges {
  int64_t id = 0;
  std::optional<std::string> name;
  std::optional<std::string> notes;
  int64_t expected_version = 0;
};

class CustomerStore {
 public:
  using Timeout = std::chrono::milliseconds;

  explicit CustomerStore(common::PgPool& pool);

  /// Search over name and notes; ordering by name, id or last_modified_at.
  ListPage<v1::Customer> List(Timeout timeout, const common::Principal& caller,
                              const ListQuery& query);
  /// Throws kAlreadyExists for a taken name.
  v1::Customer Create(Timeout timeout, const std::string& name, const std::string& notes,
                      const std::string& created_by);
  std::optional<v1::Customer> FindVisible(Timeout timeout, const common::Principal& caller,
                                          int64_t id);
  /// One compare-and-set statement. When it matches nothing: kNotFound (missing or invisible),
  /// the version conflict (the record moved on), kPermissionDenied when a caller who is not a
  /// superuser asks for another name (names are unique across all customers, so a member's
  /// duplicate-name error would disclose customers they cannot see), or, when nothing would
  /// change, the record as it is (version and audit fields untouched).
  v1::Customer Update(Timeout timeout, const common::Principal& caller,
                      const CustomerChanges& changes);
  /// Deletes only at `expected_version`; kNotFound or the version conflict otherwise. Cascades to
  /// the customer's projects and memberships.
  void Delete(Timeout timeout, const common::Principal& caller, int64_t id,
              int64_t expected_version);

  /// Members ordered by username; kNotFound for a missing customer.
  std::vector<v1::Member> ListMembers(Timeout timeout, int64_t customer_id);
  /// Idempotent; kNotFound for a missing customer or an unknown username.
  v1::Member AddMember(Timeout timeout, int64_t customer_id, std::string_view username);
  /// Also clears the removed user's active customer/project when they pointed into this customer,
  /// so their context never names a customer they can no longer see.
  void RemoveMember(Timeout timeout, int64_t customer_id, int64_t user_id);

 private:
  common::PgPool& pool_;
};

}  // namespace sanplane::identity
