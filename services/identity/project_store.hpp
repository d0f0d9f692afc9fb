#pragma once
// Projects in Postgres (identity.projects). A project belongs to one customer and is visible to
// whoever sees that customer; an invisible project is reported exactly like a missing one.

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/pg_pool.hpp"
#include "common/principal.hpp"
#include "sanplane/identity/v1/identity.pb.h"

namespace sanplane::identity {

inline constexpr char kProjectNotFound[] = "Project not found.";

/// A compare-and-set update; unset fields keep their value.
struct ProjectChanges {
  int64_t id = 0;
  std::optional<std::string> name;
  std::optional<std::string> notes;
  int64_t expected_version = 0;
};

class ProjectStore {
 public:
  using Timeout = std::chrono::milliseconds;

  explicit ProjectStore(common::PgPool& pool);

  /// {id, name} ordered by name; kNotFound when the customer is missing or invisible.
  std::vector<v1::ProjectSummary> ListForCustomer(Timeout timeout, const common::Principal& caller,
                                                  int64_t customer_id);
  std::optional<v1::Project> FindVisible(Timeout timeout, const common::Principal& caller,
                                         int64_t id);
  /// kNotFound when the customer is missing or invisible; kAlreadyExists for a name the customer
  /// already uses.
  v1::Project Create(Timeout timeout, const common::Principal& caller, int64_t customer_id,
                     const std::string& name, const std::string& notes);
  /// Compare-and-set, with the same outcomes as CustomerStore::Update.
  v1::Project Update(Timeout timeout, const common::Principal& caller,
                     const ProjectChanges& changes);
  /// Deletes only at `expected_version`; returns the deleted project's name.
  std::string Delete(Timeout timeout, const common::Principal& caller, int64_t id,
                     int64_t expected_version);

 private:
  common::PgPool& pool_;
};

}  // namespace sanplane::identity
