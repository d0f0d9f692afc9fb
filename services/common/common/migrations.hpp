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

/// A service's schema at start. Without `migration_dsn`, ApplyMigrations through `runtime`. With
/// it, the migrations run as that DSN's user (the schema's owner, who may change it), and that
/// user grants the runtime pool's user what serving needs and no more: using the schema, reading
/// and writing its tables and sequences, calling its functions. The runtime user then needs no
/// right to create or alter anything.
void PrepareSchema(PgPool& runtime, const std::string& migration_dsn, const std::string& schema,
                   const std::vector<Migration>& migrations);

}  // namespace sanplane::common
