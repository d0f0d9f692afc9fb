#pragma once
// ProjectStore in Postgres (identity.projects; queries/projects.sql). A project is visible to
// whoever sees its customer, decided in SQL.

#include "common/pg_pool.hpp"
#include "store.hpp"

namespace sanplane::identity {

class PgProjectStore final : public ProjectStore {
 public:
  explicit PgProjectStore(common::PgPool& pool);

  std::vector<v1::ProjectSummary> ListForCustomer(Timeout timeout, const common::Principal& caller,
                                                  int64_t customer_id) override;
  std::optional<v1::Project> FindVisible(Timeout timeout, const common::Principal& caller,
                                         int64_t id) override;
  std::vector<v1::ProjectRef> Resolve(Timeout timeout, const std::vector<int64_t>& ids) override;
  v1::Project Create(Timeout timeout, const common::Principal& caller, int64_t customer_id,
                     const std::string& name, const std::string& notes) override;
  v1::Project Update(Timeout timeout, const common::Principal& caller,
                     const ProjectChanges& changes) override;
  common::MergeBase LoadMergeBase(Timeout timeout, int64_t id, int64_t base_version) override;
  std::string Delete(Timeout timeout, const common::Principal& caller, int64_t id,
                     int64_t expected_version) override;

 private:
  common::PgPool& pool_;
};

}  // namespace sanplane::identity
