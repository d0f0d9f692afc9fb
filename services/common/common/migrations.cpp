#include "common/migrations.hpp"

#include <algorithm>
#include <chrono>
#include <pqxx/pqxx>
#include <set>
#include <stdexcept>

#include "common/log.hpp"
#include "common/metrics.hpp"
#include "common/pg_pool.hpp"

namespace sanplane::common {
namespace {

std::set<std::string> AppliedMigrations(pqxx::transaction_base& tx, const std::string& table) {
  std::set<std::string> names;
  for (const auto& row : tx.exec("SELECT name FROM " + table)) {
    names.insert(row[0].as<std::string>());
  }
  return names;
}

}  // namespace

void ApplyMigrations(PgPool& pool, const std::string& schema,
                     const std::vector<Migration>& migrations) {
  std::vector<const Migration*> ordered;
  for (const Migration& migration : migrations) {
    ordered.push_back(&migration);
  }
  std::sort(ordered.begin(), ordered.end(),
            [](const Migration* a, const Migration* b) { return a->name < b->name; });

  // One transaction holds a transaction-level advisory lock, finds what is applied and applies
  // the rest. A session-level lock would break behind a pooler in transaction mode (PgBouncer):
  // the pooler may hand the session's server connection to another client between statements,
  // and the lock with it. Within one transaction the lock and the migrations share a connection,
  // replicas starting together wait for each other, and a failure leaves the schema as it was.
  pool.WithConnection([&](pqxx::connection& connection) {
    const std::string quoted_schema = connection.quote_name(schema);
    const std::string table = quoted_schema + ".schema_migrations";
    pqxx::work tx(connection);
    // The key travels as a parameter, not quoted into the text: nothing to escape, and GCC 12 at
    // -O3 reports a false -Wrestrict overlap inside the concatenation pqxx's quote() inlines.
    tx.exec_params("SELECT pg_advisory_xact_lock(hashtext($1))", schema);
    tx.exec0("CREATE SCHEMA IF NOT EXISTS " + quoted_schema);
    tx.exec0("CREATE TABLE IF NOT EXISTS " + table +
             " (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
    const std::set<std::string> applied = AppliedMigrations(tx, table);
    std::vector<std::string> newly_applied;
    for (const Migration* migration : ordered) {
      if (applied.contains(migration->name)) continue;
      tx.exec(migration->sql);
      tx.exec_params0("INSERT INTO " + table + " (name) VALUES ($1)", migration->name);
      newly_applied.push_back(migration->name);
    }
    tx.commit();
    for (const std::string& name : newly_applied) {
      log::Info("migration applied", {{"schema", schema}, {"migration", name}});
    }
    // The schema this replica started on (old replicas in a rollout keep reporting theirs): a
    // dashboard shows which code runs on which schema.
    Metrics::Get()
        .schema_version.Add({{"schema", schema}})
        .Set(static_cast<double>(applied.size() + newly_applied.size()));
  });
}

void PrepareSchema(PgPool& runtime, const std::string& migration_dsn, const std::string& schema,
                   const std::vector<Migration>& migrations) {
  if (migration_dsn.empty()) {
    ApplyMigrations(runtime, schema, migrations);
    return;
  }
  std::string runtime_user;
  runtime.WithConnection([&](pqxx::connection& connection) {
    pqxx::nontransaction read(connection);
    runtime_user = read.exec1("SELECT current_user")[0].as<std::string>();
  });
  PgPool owner(migration_dsn, 1, std::chrono::seconds(30));
  ApplyMigrations(owner, schema, migrations);
  owner.WithConnection([&](pqxx::connection& connection) {
    pqxx::work tx(connection);
    if (tx.exec1("SELECT current_user")[0].as<std::string>() == runtime_user) return;
    const std::string on_schema = connection.quote_name(schema);
    const std::string to_user = " TO " + connection.quote_name(runtime_user);
    tx.exec0("GRANT USAGE ON SCHEMA " + on_schema + to_user);
    tx.exec0("GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA " + on_schema + to_user);
    tx.exec0("GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA " + on_schema + to_user);
    tx.exec0("GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA " + on_schema + to_user);
    tx.commit();
    log::Info("schema granted", {{"schema", schema}, {"to", runtime_user}});
  });
}

}  // namespace sanplane::common
