#include "pg_project_store.hpp"

#include "common/acting_user.hpp"
#include "common/errors.hpp"
#include "common/named_queries.hpp"
#include "common/pg_encode.hpp"
#include "common/versioning.hpp"
#include "pg_rows.hpp"
#include "pg_store_errors.hpp"
#include "queries.hpp"
#include "versioned_record.hpp"

namespace sanplane::identity {

namespace {

using common::Exec;

constexpr char kDuplicateName[] = "A project with that name already exists for this customer.";

// Row layout of projects.sql: id, customer_id, name, notes, version, last_modified_by, micros.
v1::Project ProjectFromRow(const pqxx::row& row) {
  v1::Project project;
  project.set_id(row[0].as<int64_t>());
  project.set_customer(row[1].as<int64_t>());
  project.set_name(row[2].as<std::string>());
  project.set_notes(row[3].as<std::string>());
  SetStamp(project, common::StampAt(row, 4));
  return project;
}

std::optional<v1::Project> SelectVisible(pqxx::transaction_base& tx,
                                         const common::Principal& caller, int64_t id) {
  return FirstRow(Exec(tx, query::kFindVisibleProject, id, caller.is_superuser(), caller.user_id()),
                  ProjectFromRow);
}

void RequireVisibleCustomer(pqxx::transaction_base& tx, const common::Principal& caller,
                            int64_t customer_id, std::string_view statement) {
  if (Exec(tx, statement, customer_id, caller.is_superuser(), caller.user_id()).empty()) {
    throw common::Error(common::ErrorKind::kNotFound, kCustomerNotFound);
  }
}

}  // namespace

PgProjectStore::PgProjectStore(common::PgPool& pool) : pool_(pool) {}

std::vector<v1::ProjectSummary> PgProjectStore::ListForCustomer(Timeout timeout,
                                                                const common::Principal& caller,
                                                                int64_t customer_id) {
  std::vector<v1::ProjectSummary> projects;
  pool_.Transaction(timeout, [&](pqxx::transaction_base& tx) {
    RequireVisibleCustomer(tx, caller, customer_id, query::kFindVisibleCustomer);
    for (const pqxx::row& row : Exec(tx, query::kListCustomerProjects, customer_id)) {
      v1::ProjectSummary& summary = projects.emplace_back();
      summary.set_id(row[0].as<int64_t>());
      summary.set_name(row[1].as<std::string>());
    }
  });
  return projects;
}

std::optional<v1::Project> PgProjectStore::FindVisible(Timeout timeout,
                                                       const common::Principal& caller,
                                                       int64_t id) {
  std::optional<v1::Project> found;
  pool_.Transaction(timeout,
                    [&](pqxx::transaction_base& tx) { found = SelectVisible(tx, caller, id); });
  return found;
}

std::vector<v1::ProjectRef> PgProjectStore::Resolve(Timeout timeout,
                                                    const std::vector<int64_t>& ids) {
  return RowsForIds<v1::ProjectRef>(pool_, timeout, query::kResolveProjects, ids,
                                    [](const pqxx::row& row) {
                                      v1::ProjectRef project;
                                      project.set_id(row[0].as<int64_t>());
                                      project.set_customer_id(row[1].as<int64_t>());
                                      return project;
                                    });
}

v1::Project PgProjectStore::Create(Timeout timeout, const common::Principal& caller,
                                   int64_t customer_id, const std::string& name,
                                   const std::string& notes) {
  v1::Project created;
  RethrowDuplicateAs(kDuplicateName, [&] {
    pool_.Transaction(timeout, [&](pqxx::transaction_base& tx) {
      // Locked so the customer cannot disappear between the check and the insert.
      RequireVisibleCustomer(tx, caller, customer_id, query::kLockVisibleCustomer);
      created = ProjectFromRow(
          Exec(tx, query::kCreateProject, customer_id, name, notes, caller.username())[0]);
    });
  });
  return created;
}

v1::Project PgProjectStore::Update(Timeout timeout, const common::Principal& caller,
                                   const ProjectChanges& changes) {
  return CompareAndSetNameAndNotes(pool_, timeout, query::kUpdateProject, caller, changes,
                                   kDuplicateName, ProjectFromRow, [&](pqxx::transaction_base& tx) {
                                     // Nothing matched: missing or invisible, moved on, or a save
                                     // that changes nothing.
                                     return CurrentAtVersion(SelectVisible(tx, caller, changes.id),
                                                             changes.expected_version, "project",
                                                             kProjectNotFound);
                                   });
}

common::MergeBase PgProjectStore::LoadMergeBase(Timeout timeout, int64_t id, int64_t base_version) {
  return ReadMergeBase(pool_, timeout, "project", id, base_version);
}

std::string PgProjectStore::Delete(Timeout timeout, const common::Principal& caller, int64_t id,
                                   int64_t expected_version) {
  std::string name;
  pool_.Transaction(timeout, [&](pqxx::transaction_base& tx) {
    common::SetActingUser(tx, caller.username());  // who deleted, for the history
    const pqxx::result rows = Exec(tx, query::kDeleteProject, id, caller.is_superuser(),
                                   caller.user_id(), expected_version);
    if (!rows.empty()) {
      name = rows[0][0].as<std::string>();
      return;
    }
    // Visible at the caller's version, yet not deleted: it moved on in between all the same.
    const v1::Project current = CurrentAtVersion(SelectVisible(tx, caller, id), expected_version,
                                                 "project", kProjectNotFound);
    throw common::ConflictError("project", StampOf(current));
  });
  return name;
}

}  // namespace sanplane::identity
