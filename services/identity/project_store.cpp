#include "project_store.hpp"

#include "common/errors.hpp"
#include "common/versioning.hpp"
#include "customer_store.hpp"
#include "store_sql.hpp"

namespace sanplane::identity {

namespace {

constexpr char kDuplicateName[] = "A project with that name already exists for this customer.";

// Row layout: id, customer_id, name, notes, version, last_modified_by, micros.
constexpr char kProjectColumns[] =
    "p.id, p.customer_id, p.name, p.notes, p.version, p.last_modified_by, "
    "identity.epoch_micros(p.last_modified_at)";

// Parameters $2 (caller is superuser) and $3 (caller's user id) decide visibility through the
// project's customer.
constexpr char kProjectVisibleToCaller[] =
    "($2::boolean OR EXISTS (SELECT 1 FROM identity.memberships m "
    "WHERE m.customer_id = p.customer_id AND m.user_id = $3))";
constexpr char kCustomerVisibleToCaller[] =
    "($2::boolean OR EXISTS (SELECT 1 FROM identity.memberships m "
    "WHERE m.customer_id = c.id AND m.user_id = $3))";

v1::Project ProjectFromRow(const pqxx::row& row) {
  v1::Project project;
  project.set_id(row[0].as<int64_t>());
  project.set_customer(row[1].as<int64_t>());
  project.set_name(row[2].as<std::string>());
  project.set_notes(row[3].as<std::string>());
  SetStamp(project, StampAt(row, 4));
  return project;
}

std::optional<v1::Project> SelectVisible(pqxx::work& tx, const common::Principal& caller,
                                         int64_t id) {
  const pqxx::result rows =
      tx.exec_params(std::string("SELECT ") + kProjectColumns +
                         " FROM identity.projects p WHERE p.id = $1 AND " + kProjectVisibleToCaller,
                     id, caller.is_superuser(), caller.user_id());
  if (rows.empty()) {
    return std::nullopt;
  }
  return ProjectFromRow(rows[0]);
}

[[noreturn]] void ThrowProjectNotFound() {
  throw common::Error(common::ErrorKind::kNotFound, kProjectNotFound);
}

void RequireVisibleCustomer(pqxx::work& tx, const common::Principal& caller, int64_t customer_id,
                            bool lock) {
  const pqxx::result rows =
      tx.exec_params(std::string("SELECT 1 FROM identity.customers c WHERE c.id = $1 AND ") +
                         kCustomerVisibleToCaller + (lock ? " FOR KEY SHARE" : ""),
                     customer_id, caller.is_superuser(), caller.user_id());
  if (rows.empty()) {
    throw common::Error(common::ErrorKind::kNotFound, kCustomerNotFound);
  }
}

}  // namespace

ProjectStore::ProjectStore(common::PgPool& pool) : pool_(pool) {}

std::vector<v1::ProjectSummary> ProjectStore::ListForCustomer(Timeout timeout,
                                                              const common::Principal& caller,
                                                              int64_t customer_id) {
  std::vector<v1::ProjectSummary> projects;
  pool_.Transaction(timeout, [&](pqxx::work& tx) {
    RequireVisibleCustomer(tx, caller, customer_id, /*lock=*/false);
    const pqxx::result rows = tx.exec_params(
        "SELECT p.id, p.name FROM identity.projects p WHERE p.customer_id = $1 "
        "ORDER BY p.name, p.id",
        customer_id);
    for (const pqxx::row& row : rows) {
      v1::ProjectSummary& summary = projects.emplace_back();
      summary.set_id(row[0].as<int64_t>());
      summary.set_name(row[1].as<std::string>());
    }
  });
  return projects;
}

std::optional<v1::Project> ProjectStore::FindVisible(Timeout timeout,
                                                     const common::Principal& caller, int64_t id) {
  std::optional<v1::Project> found;
  pool_.Transaction(timeout, [&](pqxx::work& tx) { found = SelectVisible(tx, caller, id); });
  return found;
}

v1::Project ProjectStore::Create(Timeout timeout, const common::Principal& caller,
                                 int64_t customer_id, const std::string& name,
                                 const std::string& notes) {
  v1::Project created;
  RethrowDuplicateAs(kDuplicateName, [&] {
    pool_.Transaction(timeout, [&](pqxx::work& tx) {
      // Locked so the customer cannot disappear between the check and the insert.
      RequireVisibleCustomer(tx, caller, customer_id, /*lock=*/true);
      created = ProjectFromRow(tx.exec_params1(
          std::string("INSERT INTO identity.projects AS p (customer_id, name, notes, "
                      "last_modified_by) VALUES ($1, $2, $3, $4) RETURNING ") +
              kProjectColumns,
          customer_id, name, notes, caller.username()));
    });
  });
  return created;
}

v1::Project ProjectStore::Update(Timeout timeout, const common::Principal& caller,
                                 const ProjectChanges& changes) {
  v1::Project result;
  RethrowDuplicateAs(kDuplicateName, [&] {
    pool_.Transaction(timeout, [&](pqxx::work& tx) {
      // See CustomerStore::Update: one compare-and-set, moved only by a real change.
      const pqxx::result rows = tx.exec_params(
          std::string("UPDATE identity.projects AS p SET "
                      "name = COALESCE($5::text, p.name), notes = COALESCE($6::text, p.notes), "
                      "version = p.version + 1, last_modified_by = $7, last_modified_at = now() "
                      "WHERE p.id = $1 AND p.version = $4 AND ") +
              kProjectVisibleToCaller +
              " AND (p.name IS DISTINCT FROM COALESCE($5::text, p.name) "
              "OR p.notes IS DISTINCT FROM COALESCE($6::text, p.notes)) RETURNING " +
              kProjectColumns,
          changes.id, caller.is_superuser(), caller.user_id(), changes.expected_version,
          changes.name, changes.notes, caller.username());
      if (!rows.empty()) {
        result = ProjectFromRow(rows[0]);
        return;
      }
      std::optional<v1::Project> current = SelectVisible(tx, caller, changes.id);
      if (!current) {
        ThrowProjectNotFound();
      }
      if (current->version() != changes.expected_version) {
        throw common::ConflictError("project", StampOf(*current));
      }
      result = std::move(*current);
    });
  });
  return result;
}

std::string ProjectStore::Delete(Timeout timeout, const common::Principal& caller, int64_t id,
                                 int64_t expected_version) {
  std::string name;
  pool_.Transaction(timeout, [&](pqxx::work& tx) {
    const pqxx::result rows = tx.exec_params(
        std::string("DELETE FROM identity.projects AS p WHERE p.id = $1 AND p.version = $4 AND ") +
            kProjectVisibleToCaller + " RETURNING p.name",
        id, caller.is_superuser(), caller.user_id(), expected_version);
    if (!rows.empty()) {
      name = rows[0][0].as<std::string>();
      return;
    }
    std::optional<v1::Project> current = SelectVisible(tx, caller, id);
    if (!current) {
      ThrowProjectNotFound();
    }
    throw common::ConflictError("project", StampOf(*current));
  });
  return name;
}

}  // namespace sanplane::identity
