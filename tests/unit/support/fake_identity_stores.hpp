#pragma once
// In-memory identity stores for unit tests of IdentityService without Postgres or Redis. They keep
// the contracts of services/identity/store.hpp that the service relies on: visibility by
// membership, compare-and-set versions (a no-op keeps the version), duplicate names, and the
// conflict payload. FakeIdentityStores bundles them over one shared set of records.

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/errors.hpp"
#include "common/time.hpp"
#include "common/versioning.hpp"
#include "store.hpp"
#include "versioned_record.hpp"

namespace sanplane::identity::testing {

/// The records every fake store reads and writes, guarded by one mutex (the service runs RPCs on
/// several threads).
struct FakeIdentityRecords {
  struct UserRecord {
    v1::User user;
    std::string password_hash;
    bool is_active = true;
  };

  std::mutex mutex;
  std::map<int64_t, UserRecord> users;
  std::map<int64_t, v1::Customer> customers;
  std::set<std::pair<int64_t, int64_t>> memberships;  // (customer id, user id)
  std::map<int64_t, v1::Project> projects;
  std::map<int64_t, ContextChange> contexts;                                  // by user id
  std::map<std::pair<int64_t, std::string>, v1::TableColumns> table_columns;  // by user, table
  std::vector<std::pair<std::string, bool>> sign_ins;  // (username, succeeded)
  int64_t last_id = 0;
  int64_t clock_micros = 1'700'000'000'000'000;

  int64_t NextId() { return ++last_id; }

  /// The audit stamp of a change by `username` now; every change moves the clock on.
  template <class Message>
  void Stamp(Message& record, int64_t version, const std::string& username) {
    clock_micros += 1000;
    SetStamp(record, common::RecordStamp{version, username, clock_micros});
  }

  /// Applies a change of name and notes to `current` (a field the change leaves out keeps its
  /// value) as `username`, moving the version on; a change that changes nothing writes nothing.
  /// `check` sees the new name first and may refuse it.
  template <class Message, class Changes, class Check>
  Message& Rewrite(Message& current, const Changes& changes, const std::string& username,
                   Check check) {
    const std::string name = changes.name.value_or(current.name());
    const std::string notes = changes.notes.value_or(current.notes());
    if (name == current.name() && notes == current.notes()) return current;
    check(name);
    current.set_name(name);
    current.set_notes(notes);
    Stamp(current, current.version() + 1, username);
    return current;
  }

  bool CanSee(const common::Principal& caller, int64_t customer_id) const {
    return customers.contains(customer_id) &&
           (caller.is_superuser() || memberships.contains({customer_id, caller.user_id()}));
  }
};

inline std::string Lower(std::string_view text) {
  std::string lower(text);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return lower;
}

inline bool Contains(std::string_view text, std::string_view term) {
  return Lower(text).find(Lower(term)) != std::string::npos;
}

/// What `make(id, record)` builds for each distinct id of `ids` that `records` holds, in id order;
/// unknown ids are left out.
template <class Out, class Records, class Make>
std::vector<Out> OnePerKnownId(const std::vector<int64_t>& ids, const Records& records, Make make) {
  const std::set<int64_t> wanted(ids.begin(), ids.end());
  std::vector<Out> out;
  for (int64_t id : wanted) {
    const auto found = records.find(id);
    if (found != records.end()) out.push_back(make(id, found->second));
  }
  return out;
}

/// `record` (a customer or project), for a write that loaded `expected_version`: once the record
/// has moved on the write is stale, and the conflict names who changed it.
template <class Record>
Record& AtVersion(Record& record, int64_t expected_version, const char* entity) {
  if (record.version() != expected_version) {
    throw common::ConflictError(entity, StampOf(record));
  }
  return record;
}

/// The page `list` asks for of `items`, sorted by `less` (descending for a "-" ordering).
template <class Item, class Less>
ListPage<Item> PageOf(std::vector<Item> items, const ListQuery& list, Less less) {
  const bool descending = list.ordering.starts_with('-');
  std::stable_sort(items.begin(), items.end(), [&](const Item& a, const Item& b) {
    return descending ? less(b, a) : less(a, b);
  });
  ListPage<Item> page;
  page.count = static_cast<int64_t>(items.size());
  const auto first = std::min<int64_t>(list.page.offset(), page.count);
  const auto last = std::min<int64_t>(first + list.page.page_size, page.count);
  page.results.assign(items.begin() + first, items.begin() + last);
  return page;
}

class FakeUserStore final : public UserStore {
 public:
  explicit FakeUserStore(FakeIdentityRecords& records) : records_(records) {}

  std::optional<UserCredentials> FindCredentialsByUsername(Timeout,
                                                           std::string_view username) override {
    std::lock_guard lock(records_.mutex);
    for (const auto& [id, record] : records_.users) {
      if (Lower(record.user.username()) == Lower(username)) {
        return UserCredentials{record.user, record.password_hash, record.is_active};
      }
    }
    return std::nullopt;
  }
  std::optional<UserCredentials> FindCredentialsById(Timeout, int64_t id) override {
    std::lock_guard lock(records_.mutex);
    const auto found = records_.users.find(id);
    if (found == records_.users.end()) return std::nullopt;
    return UserCredentials{found->second.user, found->second.password_hash,
                           found->second.is_active};
  }
  std::optional<common::Principal> FindActivePrincipal(Timeout, int64_t id) override {
    std::lock_guard lock(records_.mutex);
    const auto found = records_.users.find(id);
    if (found == records_.users.end() || !found->second.is_active) return std::nullopt;
    const v1::User& user = found->second.user;
    common::Principal principal;
    principal.set_user_id(user.id());
    principal.set_username(user.username());
    principal.set_is_superuser(user.is_superuser());
    principal.set_first_name(user.first_name());
    principal.set_last_name(user.last_name());
    principal.set_email(user.email());
    if (!user.is_superuser()) {
      for (const auto& [customer_id, user_id] : records_.memberships) {
        if (user_id == id) principal.add_customer_ids(customer_id);
      }
    }
    return principal;
  }
  std::optional<v1::User> FindById(Timeout, int64_t id) override {
    std::lock_guard lock(records_.mutex);
    const auto found = records_.users.find(id);
    if (found == records_.users.end()) return std::nullopt;
    return found->second.user;
  }
  ListPage<v1::User> List(Timeout, const ListQuery& list) override {
    std::lock_guard lock(records_.mutex);
    std::vector<v1::User> users;
    for (const auto& [id, record] : records_.users) {
      const v1::User& user = record.user;
      if (list.search.empty() || Contains(user.username(), list.search) ||
          Contains(user.first_name(), list.search) || Contains(user.last_name(), list.search) ||
          Contains(user.email(), list.search)) {
        users.push_back(user);
      }
    }
    return PageOf(std::move(users), list,
                  [](const v1::User& a, const v1::User& b) { return a.username() < b.username(); });
  }
  std::optional<v1::User> Create(Timeout timeout, const NewUser& user) override {
    if (FindCredentialsByUsername(timeout, user.username)) return std::nullopt;
    std::lock_guard lock(records_.mutex);
    FakeIdentityRecords::UserRecord record;
    record.user.set_id(records_.NextId());
    record.user.set_username(user.username);
    record.user.set_first_name(user.first_name);
    record.user.set_last_name(user.last_name);
    record.user.set_email(user.email);
    record.user.set_is_superuser(user.is_superuser);
    record.password_hash = user.password_hash;
    records_.users[record.user.id()] = record;
    return record.user;
  }
  std::optional<v1::User> Update(Timeout, const UserChanges& changes) override {
    std::lock_guard lock(records_.mutex);
    const auto found = records_.users.find(changes.id);
    if (found == records_.users.end()) return std::nullopt;
    v1::User& user = found->second.user;
    if (changes.first_name) user.set_first_name(*changes.first_name);
    if (changes.last_name) user.set_last_name(*changes.last_name);
    if (changes.email) user.set_email(*changes.email);
    return user;
  }
  bool SetPasswordHash(Timeout, int64_t id, const std::string& password_hash) override {
    std::lock_guard lock(records_.mutex);
    const auto found = records_.users.find(id);
    if (found == records_.users.end()) return false;
    found->second.password_hash = password_hash;
    return true;
  }
  bool CreateIfNoUsers(Timeout timeout, const NewUser& user) override {
    return !AnyUserExists(timeout) && Create(timeout, user).has_value();
  }
  bool AnyUserExists(Timeout) override {
    std::lock_guard lock(records_.mutex);
    return !records_.users.empty();
  }
  void RecordSignIn(Timeout, const std::string& username, bool succeeded,
                    const std::string&) override {
    std::lock_guard lock(records_.mutex);
    records_.sign_ins.emplace_back(username, succeeded);
  }

 private:
  FakeIdentityRecords& records_;
};

class FakeCustomerStore final : public CustomerStore {
 public:
  explicit FakeCustomerStore(FakeIdentityRecords& records) : records_(records) {}

  ListPage<v1::Customer> List(Timeout, const common::Principal& caller,
                              const ListQuery& list) override {
    std::lock_guard lock(records_.mutex);
    std::vector<v1::Customer> customers;
    for (const auto& [id, customer] : records_.customers) {
      if (records_.CanSee(caller, id) &&
          (list.search.empty() || Contains(customer.name(), list.search) ||
           Contains(customer.notes(), list.search))) {
        customers.push_back(customer);
      }
    }
    const bool by_id = list.ordering == "id" || list.ordering == "-id";
    return PageOf(std::move(customers), list,
                  [by_id](const v1::Customer& a, const v1::Customer& b) {
                    return by_id ? a.id() < b.id() : a.name() < b.name();
                  });
  }
  v1::Customer Create(Timeout, const std::string& name, const std::string& notes,
                      const std::string& created_by) override {
    std::lock_guard lock(records_.mutex);
    RequireFreeName(name, 0);
    v1::Customer customer;
    customer.set_id(records_.NextId());
    customer.set_name(name);
    customer.set_notes(notes);
    records_.Stamp(customer, 0, created_by);
    records_.customers[customer.id()] = customer;
    return customer;
  }
  std::optional<v1::Customer> FindVisible(Timeout, const common::Principal& caller,
                                          int64_t id) override {
    std::lock_guard lock(records_.mutex);
    if (!records_.CanSee(caller, id)) return std::nullopt;
    return records_.customers.at(id);
  }
  common::MergeBase LoadMergeBase(Timeout, int64_t, int64_t) override {
    throw common::Error(common::ErrorKind::kInternal, "The fake store keeps no history.");
  }

  v1::Customer Update(Timeout, const common::Principal& caller,
                      const CustomerChanges& changes) override {
    std::lock_guard lock(records_.mutex);
    v1::Customer& current =
        AtVersion(Visible(caller, changes.id), changes.expected_version, "customer");
    return records_.Rewrite(current, changes, caller.username(), [&](const std::string& name) {
      if (name != current.name() && !caller.is_superuser()) {
        throw common::Error(common::ErrorKind::kPermissionDenied,
                            "Only a superuser can rename a customer.");
      }
      RequireFreeName(name, current.id());
    });
  }
  void Delete(Timeout, const common::Principal& caller, int64_t id,
              int64_t expected_version) override {
    std::lock_guard lock(records_.mutex);
    AtVersion(Visible(caller, id), expected_version, "customer");
    records_.customers.erase(id);
    std::erase_if(records_.projects,
                  [id](const auto& entry) { return entry.second.customer() == id; });
    std::erase_if(records_.memberships, [id](const auto& entry) { return entry.first == id; });
  }
  std::vector<v1::Member> ListMembers(Timeout, int64_t customer_id) override {
    std::lock_guard lock(records_.mutex);
    RequireExists(customer_id);
    std::vector<v1::Member> members;
    for (const auto& [member_customer, user_id] : records_.memberships) {
      if (member_customer == customer_id) members.push_back(MemberOf(user_id));
    }
    std::sort(members.begin(), members.end(),
              [](const v1::Member& a, const v1::Member& b) { return a.username() < b.username(); });
    return members;
  }
  v1::Member AddMember(Timeout, int64_t customer_id, std::string_view username) override {
    std::lock_guard lock(records_.mutex);
    RequireExists(customer_id);
    for (const auto& [id, record] : records_.users) {
      if (Lower(record.user.username()) == Lower(username)) {
        records_.memberships.insert({customer_id, id});
        return MemberOf(id);
      }
    }
    throw common::Error(common::ErrorKind::kNotFound, "User not found.");
  }
  void RemoveMember(Timeout, int64_t customer_id, int64_t user_id) override {
    std::lock_guard lock(records_.mutex);
    RequireExists(customer_id);
    if (records_.memberships.erase({customer_id, user_id}) == 0) {
      throw common::Error(common::ErrorKind::kNotFound,
                          "That user is not a member of this customer.");
    }
    const auto context = records_.contexts.find(user_id);
    if (context != records_.contexts.end() && context->second.customer_id == customer_id) {
      context->second = ContextChange{};
    }
  }

 private:
  v1::Customer& Visible(const common::Principal& caller, int64_t id) {
    if (!records_.CanSee(caller, id)) {
      throw common::Error(common::ErrorKind::kNotFound, kCustomerNotFound);
    }
    return records_.customers.at(id);
  }
  void RequireExists(int64_t id) const {
    if (!records_.customers.contains(id)) {
      throw common::Error(common::ErrorKind::kNotFound, kCustomerNotFound);
    }
  }
  void RequireFreeName(const std::string& name, int64_t own_id) const {
    for (const auto& [id, customer] : records_.customers) {
      if (id != own_id && customer.name() == name) {
        throw common::Error(common::ErrorKind::kAlreadyExists,
                            "A customer with that name already exists.");
      }
    }
  }
  v1::Member MemberOf(int64_t user_id) const {
    const v1::User& user = records_.users.at(user_id).user;
    v1::Member member;
    member.set_user_id(user.id());
    member.set_username(user.username());
    member.set_first_name(user.first_name());
    member.set_last_name(user.last_name());
    return member;
  }

  FakeIdentityRecords& records_;
};

class FakeProjectStore final : public ProjectStore {
 public:
  explicit FakeProjectStore(FakeIdentityRecords& records) : records_(records) {}

  std::vector<v1::ProjectSummary> ListForCustomer(Timeout, const common::Principal& caller,
                                                  int64_t customer_id) override {
    std::lock_guard lock(records_.mutex);
    RequireVisibleCustomer(caller, customer_id);
    std::vector<v1::ProjectSummary> summaries;
    for (const auto& [id, project] : records_.projects) {
      if (project.customer() != customer_id) continue;
      v1::ProjectSummary& summary = summaries.emplace_back();
      summary.set_id(id);
      summary.set_name(project.name());
    }
    std::sort(summaries.begin(), summaries.end(),
              [](const v1::ProjectSummary& a, const v1::ProjectSummary& b) {
                return a.name() < b.name();
              });
    return summaries;
  }
  std::optional<v1::Project> FindVisible(Timeout, const common::Principal& caller,
                                         int64_t id) override {
    std::lock_guard lock(records_.mutex);
    const auto found = records_.projects.find(id);
    if (found == records_.projects.end() || !records_.CanSee(caller, found->second.customer())) {
      return std::nullopt;
    }
    return found->second;
  }
  std::vector<v1::ProjectRef> Resolve(Timeout, const std::vector<int64_t>& ids) override {
    std::lock_guard lock(records_.mutex);
    return OnePerKnownId<v1::ProjectRef>(ids, records_.projects,
                                         [](int64_t id, const v1::Project& project) {
                                           v1::ProjectRef ref;
                                           ref.set_id(id);
                                           ref.set_customer_id(project.customer());
                                           return ref;
                                         });
  }
  v1::Project Create(Timeout, const common::Principal& caller, int64_t customer_id,
                     const std::string& name, const std::string& notes) override {
    std::lock_guard lock(records_.mutex);
    RequireVisibleCustomer(caller, customer_id);
    RequireFreeName(customer_id, name, 0);
    v1::Project project;
    project.set_id(records_.NextId());
    project.set_customer(customer_id);
    project.set_name(name);
    project.set_notes(notes);
    records_.Stamp(project, 0, caller.username());
    records_.projects[project.id()] = project;
    return project;
  }
  common::MergeBase LoadMergeBase(Timeout, int64_t, int64_t) override {
    throw common::Error(common::ErrorKind::kInternal, "The fake store keeps no history.");
  }

  v1::Project Update(Timeout, const common::Principal& caller,
                     const ProjectChanges& changes) override {
    std::lock_guard lock(records_.mutex);
    v1::Project& current =
        AtVersion(Visible(caller, changes.id), changes.expected_version, "project");
    return records_.Rewrite(current, changes, caller.username(), [&](const std::string& name) {
      RequireFreeName(current.customer(), name, current.id());
    });
  }
  std::string Delete(Timeout, const common::Principal& caller, int64_t id,
                     int64_t expected_version) override {
    std::lock_guard lock(records_.mutex);
    const v1::Project& current = AtVersion(Visible(caller, id), expected_version, "project");
    std::string name = current.name();
    records_.projects.erase(id);
    return name;
  }

 private:
  v1::Project& Visible(const common::Principal& caller, int64_t id) {
    const auto found = records_.projects.find(id);
    if (found == records_.projects.end() || !records_.CanSee(caller, found->second.customer())) {
      throw common::Error(common::ErrorKind::kNotFound, kProjectNotFound);
    }
    return found->second;
  }
  void RequireVisibleCustomer(const common::Principal& caller, int64_t customer_id) const {
    if (!records_.CanSee(caller, customer_id)) {
      throw common::Error(common::ErrorKind::kNotFound, kCustomerNotFound);
    }
  }
  void RequireFreeName(int64_t customer_id, const std::string& name, int64_t own_id) const {
    for (const auto& [id, project] : records_.projects) {
      if (id != own_id && project.customer() == customer_id && project.name() == name) {
        throw common::Error(common::ErrorKind::kAlreadyExists,
                            "A project with that name already exists for this customer.");
      }
    }
  }

  FakeIdentityRecords& records_;
};

class FakeUserConfigStore final : public UserConfigStore {
 public:
  explicit FakeUserConfigStore(FakeIdentityRecords& records) : records_(records) {}

  v1::UserConfig Get(Timeout, int64_t user_id) override {
    std::lock_guard lock(records_.mutex);
    v1::UserConfig config;
    const auto found = records_.contexts.find(user_id);
    if (found == records_.contexts.end()) return config;
    if (found->second.customer_id) {
      *config.mutable_active_customer() = CustomerRef(*found->second.customer_id);
    }
    if (found->second.project_id) {
      *config.mutable_active_project() = ProjectRef(*found->second.project_id);
    }
    return config;
  }
  v1::UserConfig Set(Timeout timeout, const common::Principal& caller,
                     const ContextChange& change) override {
    {
      std::lock_guard lock(records_.mutex);
      if (change.customer_id && !records_.CanSee(caller, *change.customer_id)) {
        throw common::Error(common::ErrorKind::kInvalidArgument,
                            "Customer " + std::to_string(*change.customer_id) +
                                " does not exist or you are not a member of it.");
      }
      if (change.project_id) {
        const auto project = records_.projects.find(*change.project_id);
        if (project == records_.projects.end() ||
            project->second.customer() != *change.customer_id) {
          throw common::Error(common::ErrorKind::kInvalidArgument,
                              "Project " + std::to_string(*change.project_id) +
                                  " is not a project of customer " +
                                  std::to_string(*change.customer_id) + ".");
        }
      }
      records_.contexts[caller.user_id()] = change;
    }
    return Get(timeout, caller.user_id());
  }
  v1::TableColumnsList TableColumns(Timeout, int64_t user_id) override {
    std::lock_guard lock(records_.mutex);
    v1::TableColumnsList list;
    for (const auto& [key, columns] : records_.table_columns) {
      if (key.first == user_id) *list.add_tables() = columns;
    }
    return list;
  }
  void SetTableColumns(Timeout, int64_t user_id, const v1::TableColumns& columns) override {
    std::lock_guard lock(records_.mutex);
    records_.table_columns[{user_id, columns.table()}] = columns;
  }
  void ResetTableColumns(Timeout, int64_t user_id, const std::string& table) override {
    std::lock_guard lock(records_.mutex);
    records_.table_columns.erase({user_id, table});
  }
  std::vector<v1::UserContext> Contexts(Timeout, const std::vector<int64_t>& user_ids) override {
    std::lock_guard lock(records_.mutex);
    return OnePerKnownId<v1::UserContext>(
        user_ids, records_.users, [&](int64_t id, const auto& user) {
          v1::UserContext context;
          context.mutable_user()->set_id(id);
          context.mutable_user()->set_username(user.user.username());
          context.mutable_user()->set_first_name(user.user.first_name());
          context.mutable_user()->set_last_name(user.user.last_name());
          context.mutable_active_customer();
          context.mutable_active_project();
          const auto found = records_.contexts.find(id);
          if (found == records_.contexts.end()) return context;
          if (found->second.customer_id) {
            *context.mutable_active_customer() = CustomerRef(*found->second.customer_id);
          }
          if (found->second.project_id) {
            *context.mutable_active_project() = ProjectRef(*found->second.project_id);
          }
          return context;
        });
  }
  // A directory that never changes (version 1): the Postgres one and its change log are tested
  // on the real stack (tests/integration/active_users_directory.test.mjs).
  v1::GetUserDirectoryResponse Directory(Timeout timeout, int64_t since_version,
                                         const std::vector<int64_t>& user_ids) override {
    v1::GetUserDirectoryResponse directory;
    directory.set_version(1);
    if (since_version > 1) {
      directory.set_reset(true);
      return directory;
    }
    std::set<int64_t> gone(user_ids.begin(), user_ids.end());
    for (v1::UserContext& user : Contexts(timeout, user_ids)) {
      gone.erase(user.user().id());
      *directory.add_users() = std::move(user);
    }
    for (int64_t id : gone) directory.add_gone(id);
    return directory;
  }

 private:
  common::v1::NamedRef CustomerRef(int64_t id) const {
    common::v1::NamedRef ref;
    ref.set_id(id);
    ref.set_name(records_.customers.at(id).name());
    return ref;
  }
  common::v1::NamedRef ProjectRef(int64_t id) const {
    common::v1::NamedRef ref;
    ref.set_id(id);
    ref.set_name(records_.projects.at(id).name());
    return ref;
  }

  FakeIdentityRecords& records_;
};

/// Sessions in memory, under counted tokens.
class FakeSessionStore final : public SessionStore {
 public:
  NewSession Create(int64_t user_id) override {
    std::lock_guard lock(mutex_);
    NewSession session{"session-" + std::to_string(++last_session_), "csrf"};
    users_[session.token] = user_id;
    return session;
  }
  std::optional<int64_t> FindUser(std::string_view token) override {
    std::lock_guard lock(mutex_);
    const auto found = users_.find(std::string(token));
    if (found == users_.end()) return std::nullopt;
    return found->second;
  }
  void Delete(std::string_view token) override {
    std::lock_guard lock(mutex_);
    users_.erase(std::string(token));
  }
  void EndOtherSessions(int64_t user_id, std::string_view keep_token) override {
    std::lock_guard lock(mutex_);
    std::erase_if(users_, [&](const auto& entry) {
      return entry.second == user_id && entry.first != keep_token;
    });
  }

 private:
  std::mutex mutex_;
  std::map<std::string, int64_t> users_;
  int64_t last_session_ = 0;
};

/// Every store over one set of records.
struct FakeIdentityStores {
  FakeIdentityRecords records;
  FakeUserStore users{records};
  FakeCustomerStore customers{records};
  FakeProjectStore projects{records};
  FakeUserConfigStore user_configs{records};
  FakeSessionStore sessions;
};

}  // namespace sanplane::identity::testing
