#pragma once
// Schema migrations a service carries in its binary (see embed_sql.cmake).

#include <string>
#include <vector>

namespace sanplane::common {

struct Migration {
  std::string name;  // "001_init"
  std::string sql;
};

class PgPool;

/// Applies, in name order, the migrations not yet recorded in <schema>.schema_migrations, each in
/// its own transaction, while holding a Postgres advisory lock derived from the schema name, so
/// replicas that start together apply each migration exactly once. Creates the schema if needed.
void ApplyMigrations(PgPool& pool, const std::string& schema,
                     const std::vector<Migration>& migrations);

}  // namespace sanplane::common
