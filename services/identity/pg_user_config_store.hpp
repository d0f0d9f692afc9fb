#pragma once
// UserConfigStore in Postgres (identity.user_config; queries/user_config.sql), with the batched
// read of many users' contexts that presence needs, the directory it caches
// (queries/user_directory.sql), and each user's columns per web UI table
// (identity.user_table_columns).

#include "common/pg_pool.hpp"
#include "store.hpp"

namespace sanplane::identity {

class PgUserConfigStore final : public UserConfigStore {
 public:
  explicit PgUserConfigStore(common::PgPool& pool);

  v1::UserConfig Get(Timeout timeout, int64_t user_id) override;
  v1::UserConfig Set(Timeout timeout, const common::Principal& caller,
                     const ContextChange& change) override;
  std::vector<v1::UserContext> Contexts(Timeout timeout,
                                        const std::vector<int64_t>& user_ids) override;
  v1::TableColumnsList TableColumns(Timeout timeout, int64_t user_id) override;
  void SetTableColumns(Timeout timeout, int64_t user_id, const v1::TableColumns& columns) override;
  void ResetTableColumns(Timeout timeout, int64_t user_id, const std::string& table) override;
  v1::GetUserDirectoryResponse Directory(Timeout timeout, int64_t since_version,
                                         const std::vector<int64_t>& user_ids) override;

 private:
  common::PgPool& pool_;
};

}  // namespace sanplane::identity
