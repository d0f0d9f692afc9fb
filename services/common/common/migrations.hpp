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

/// Applies, in name order, the migrations not yet recorded in <schema>.schema_migrations, all in
/// one transaction that holds a transaction-level advisory lock derived from the schema name, so
/// replicas that start together apply each migration exactly once, a failure applies none of
/// them, and it works through a pooler in transaction mode. Creates the schema if needed.
void ApplyMigrations(PgPool& pool, const std::string& schema,
                     const std::vector<Migration>& migrations);

}  // namespace sanplane::common
