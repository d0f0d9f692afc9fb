#pragma once
// What the identity service keeps, as the service sees it: one interface per record type. The
// Postgres implementations are pg_*_store, the Redis one redis_session_store; unit tests of the
// service logic use tests/unit/support/fake_identity_stores.hpp.
//
// Visibility is part of every contract that takes a caller: a superuser sees every customer,
// anyone else the customers they are a member of and everything under them, and what the caller
// cannot see is reported exactly like what does not exist.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/merge_base.hpp"
#include "common/pagination.hpp"
#include "common/principal.hpp"
#include "sanplane/identity/v1/identity.pb.h"
#include "validation.hpp"

namespace sanplane::identity {

using Timeout = std::chrono::milliseconds;

inline constexpr char kCustomerNotFound[] = "Customer not found.";
inline constexpr char kProjectNotFound[] = "Project not found.";

/// The keys a list may be ordered by ("-key" descending), checked by the service before a store
/// sees them.
inline const std::vector<std::string> kUserOrderings = {"username",  "id",    "first_name",
                                                        "last_name", "email", "date_joined"};
inline const std::vector<std::string> kCustomerOrderings = {"name", "id", "last_modified_at"};

/// A paginated, searchable, ordered list request.
struct ListQuery {
  std::string search;    // matched anywhere, case-insensitively; empty = no filter
  std::string ordering;  // one of the record's orderings, "-" prefixed for descending
  common::PageRequest page;
};

template <class Item>
struct ListPage {
  std::vector<Item> results;
  int64_t count = 0;  // matching records over all pages
};

// ---------------------------------------------------------------------------------------------
// Users

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
  virtual ~UserStore() = default;

  /// Usernames match regardless of case (they are unique that way).
  virtual std::optional<UserCredentials> FindCredentialsByUsername(Timeout timeout,
                                                                   std::string_view username) = 0;
  virtual std::optional<UserCredentials> FindCredentialsById(Timeout timeout, int64_t id) = 0;
  /// The principal of an active user, with the customers they are a member of (none listed for a
  /// superuser, who sees all). nullopt for an unknown or deactivated user.
  virtual std::optional<common::Principal> FindActivePrincipal(Timeout timeout, int64_t id) = 0;
  virtual std::optional<v1::User> FindById(Timeout timeout, int64_t id) = 0;
  /// Search over username, names and email; ordering one of kUserOrderings (empty: username).
  virtual ListPage<v1::User> List(Timeout timeout, const ListQuery& list) = 0;
  /// nullopt when the username is taken (in any case).
  virtual std::optional<v1::User> Create(Timeout timeout, const NewUser& user) = 0;
  /// nullopt when there is no such user.
  virtual std::optional<v1::User> Update(Timeout timeout, const UserChanges& changes) = 0;
  /// False when there is no such user.
  virtual bool SetPasswordHash(Timeout timeout, int64_t id, const std::string& password_hash) = 0;
  /// Inserts `user` only while there are no users, atomically: of several replicas starting
  /// together exactly one succeeds. True when this call created it.
  virtual bool CreateIfNoUsers(Timeout timeout, const NewUser& user) = 0;
  virtual bool AnyUserExists(Timeout timeout) = 0;
  /// Records a sign-in (or, `succeeded` false, a refused one) of `username` from `client_address`
  /// in the audit feed, visible to the members of the user's customers.
  virtual void RecordSignIn(Timeout timeout, const std::string& username, bool succeeded,
                            const std::string& client_address) = 0;
};

// ---------------------------------------------------------------------------------------------
// Customers and their members

/// A compare-and-set update of a customer or a project (both are a name and notes); unset fields
/// keep their value.
struct NameAndNotesChanges {
  int64_t id = 0;
  std::optional<std::string> name;
  std::optional<std::string> notes;
  int64_t expected_version = 0;
};

using CustomerChanges = NameAndNotesChanges;

class CustomerStore {
 public:
  virtual ~CustomerStore() = default;

  /// Search over name and notes; ordering one of kCustomerOrderings (empty: name).
  virtual ListPage<v1::Customer> List(Timeout timeout, const common::Principal& caller,
                                      const ListQuery& list) = 0;
  /// Throws kAlreadyExists for a taken name.
  virtual v1::Customer Create(Timeout timeout, const std::string& name, const std::string& notes,
                              const std::string& created_by) = 0;
  virtual std::optional<v1::Customer> FindVisible(Timeout timeout, const common::Principal& caller,
                                                  int64_t id) = 0;
  /// One compare-and-set. When it matches nothing: kNotFound (missing or invisible), the version
  /// conflict (the record moved on), kPermissionDenied when a caller who is not a superuser asks
  /// for another name (names are unique across all customers, so a member's duplicate-name error
  /// would disclose customers they cannot see), or, when nothing would change, the record as it
  /// is (version and audit fields untouched). kAlreadyExists for a taken name.
  virtual v1::Customer Update(Timeout timeout, const common::Principal& caller,
                              const CustomerChanges& changes) = 0;
  /// What merging a save of customer `id` sent with `base_version` needs from the history.
  virtual common::MergeBase LoadMergeBase(Timeout timeout, int64_t id, int64_t base_version) = 0;
  /// Deletes only at `expected_version`; kNotFound or the version conflict otherwise. Cascades to
  /// the customer's projects and memberships.
  virtual void Delete(Timeout timeout, const common::Principal& caller, int64_t id,
                      int64_t expected_version) = 0;

  /// Members ordered by username; kNotFound for a missing customer.
  virtual std::vector<v1::Member> ListMembers(Timeout timeout, int64_t customer_id) = 0;
  /// Idempotent; kNotFound for a missing customer or an unknown username.
  virtual v1::Member AddMember(Timeout timeout, int64_t customer_id, std::string_view username) = 0;
  /// Also clears the removed user's active customer/project when they pointed into this customer,
  /// so their context never names a customer they can no longer see.
  virtual void RemoveMember(Timeout timeout, int64_t customer_id, int64_t user_id) = 0;
};

// ---------------------------------------------------------------------------------------------
// Projects

using ProjectChanges = NameAndNotesChanges;

class ProjectStore {
 public:
  virtual ~ProjectStore() = default;

  /// {id, name} ordered by name; kNotFound when the customer is missing or invisible.
  virtual std::vector<v1::ProjectSummary> ListForCustomer(Timeout timeout,
                                                          const common::Principal& caller,
                                                          int64_t customer_id) = 0;
  virtual std::optional<v1::Project> FindVisible(Timeout timeout, const common::Principal& caller,
                                                 int64_t id) = 0;
  /// The customer of each existing project among `ids`, ordered by project id; missing ids are
  /// left out. Not filtered by a caller: whoever asks decides visibility by customer.
  virtual std::vector<v1::ProjectRef> Resolve(Timeout timeout, const std::vector<int64_t>& ids) = 0;
  /// kNotFound when the customer is missing or invisible; kAlreadyExists for a name the customer
  /// already uses.
  virtual v1::Project Create(Timeout timeout, const common::Principal& caller, int64_t customer_id,
                             const std::string& name, const std::string& notes) = 0;
  /// Compare-and-set, with the outcomes of CustomerStore::Update (a member may rename a project).
  virtual v1::Project Update(Timeout timeout, const common::Principal& caller,
                             const ProjectChanges& changes) = 0;
  /// What merging a save of project `id` sent with `base_version` needs from the history.
  virtual common::MergeBase LoadMergeBase(Timeout timeout, int64_t id, int64_t base_version) = 0;
  /// Deletes only at `expected_version`; returns the deleted project's name.
  virtual std::string Delete(Timeout timeout, const common::Principal& caller, int64_t id,
                             int64_t expected_version) = 0;
};

// ---------------------------------------------------------------------------------------------
// Each user's active customer and project

class UserConfigStore {
 public:
  virtual ~UserConfigStore() = default;

  /// Unset refs when the user has no active customer/project (or no record yet).
  virtual v1::UserConfig Get(Timeout timeout, int64_t user_id) = 0;
  /// Sets the caller's context at once, or changes nothing and throws kInvalidArgument: the
  /// customer must exist and be visible to the caller, the project must exist and belong to that
  /// customer (one message for missing and someone else's). An empty change clears both.
  virtual v1::UserConfig Set(Timeout timeout, const common::Principal& caller,
                             const ContextChange& change) = 0;
  /// All ids at once; unknown ids are left out. Ordered by user id.
  virtual std::vector<v1::UserContext> Contexts(Timeout timeout,
                                                const std::vector<int64_t>& user_ids) = 0;

  /// The tables whose columns the user chose (table_columns.hpp), by table name; only those.
  virtual v1::TableColumnsList TableColumns(Timeout timeout, int64_t user_id) = 0;
  /// Replaces the user's columns of `columns.table()` (already validated) at once.
  virtual void SetTableColumns(Timeout timeout, int64_t user_id,
                               const v1::TableColumns& columns) = 0;
  /// Forgets the user's columns of `table`: it shows its default columns again.
  virtual void ResetTableColumns(Timeout timeout, int64_t user_id, const std::string& table) = 0;

  /// The directory at its current version: the entries of `user_ids` and of every user changed
  /// after `since_version` (0: none), or `reset` when that version is no longer served. Users who
  /// do not exist or are disabled are answered in `gone`.
  virtual v1::GetUserDirectoryResponse Directory(Timeout timeout, int64_t since_version,
                                                 const std::vector<int64_t>& user_ids) = 0;
};

// ---------------------------------------------------------------------------------------------
// Login sessions

class SessionStore {
 public:
  struct NewSession {
    std::string token;       // for the `sessionid` cookie
    std::string csrf_token;  // for the `csrftoken` cookie (double submit; not stored)
  };

  virtual ~SessionStore() = default;

  virtual NewSession Create(int64_t user_id) = 0;
  /// The user of a live session, nullopt when the token is unknown, expired or malformed.
  virtual std::optional<int64_t> FindUser(std::string_view token) = 0;
  /// Ends the session at once; unknown tokens are ignored.
  virtual void Delete(std::string_view token) = 0;
  /// Ends every session of `user_id` except `keep_token` (empty: ends them all), e.g. after a
  /// password change, so a session opened with the old password does not outlive it.
  virtual void EndOtherSessions(int64_t user_id, std::string_view keep_token) = 0;
};

}  // namespace sanplane::identity
