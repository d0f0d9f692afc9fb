#include "common/migrations.hpp"

#include <algorithm>
#include <pqxx/pqxx>
#include <set>
#include <stdexcept>

#include "common/log.hpp"
#include "common/metrics.hpp"
#include "common/pg_pool.hpp"

namespace sanplane::common {
namespace {

// Session-level advisory lock: held across the per-migration transactions, released by unlock or
// when the session ends (a crashed replica cannot leave it held).
class AdvisoryLock {
 public:
  AdvisoryLock(pqxx::connection& connection, const std::string& key)
      : connection_(connection), key_(key) {
    Run("SELECT pg_advisory_lock(hashtext($1))");
  }
  ~AdvisoryLock() {
    try {
      Run("SELECT pg_advisory_unlock(hashtext($1))");
    } catch (const std::exception& error) {
      // The session is broken or closing; Postgres drops the lock with it.
      log::Warn("migration lock release failed", {{"detail", error.what()}});
    }
  }
  AdvisoryLock(const AdvisoryLock&) = delete;
  AdvisoryLock& operator=(const AdvisoryLock&) = delete;

 private:
  // The key travels as a parameter, not quoted into the text: nothing to escape, and GCC 12 at -O3
  // reports a false -Wrestrict overlap inside the string concatenation pqxx's quote() inlines.
  void Run(const std::string& sql) {
    pqxx::nontransaction statement(connection_);
    statement.exec_params(sql, key_);
  }
  pqxx::connection& connection_;
  std::string key_;
};

std::set<std::string> AppliedMigrations(pqxx::connection& connection, const std::string& table) {
  pqxx::nontransaction read(connection);
  std::set<std::string> names;
  for (const auto& row : read.exec("SELECT name FROM " + table)) {
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

  pool.WithConnection([&](pqxx::connection& connection) {
    const AdvisoryLock lock(connection, schema);
    const std::string quoted_schema = connection.quote_name(schema);
    const std::string table = quoted_schema + ".schema_migrations";
    {
      pqxx::work setup(connection);
      setup.exec0("CREATE SCHEMA IF NOT EXISTS " + quoted_schema);
      setup.exec0("CREATE TABLE IF NOT EXISTS " + table +
                  " (name text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())");
      setup.commit();
    }
    const std::set<std::string> applied = AppliedMigrations(connection, table);
    size_t applied_count = applied.size();
    for (const Migration* migration : ordered) {
      if (applied.contains(migration->name)) {
        continue;
      }
      ++applied_count;
      pqxx::work apply(connection);
      apply.exec(migration->sql);
      apply.exec_params0("INSERT INTO " + table + " (name) VALUES ($1)", migration->name);
      apply.commit();
      log::Info("migration applied", {{"schema", schema}, {"migration", migration->name}});
    }
    // The schema this replica started on (old replicas in a rollout keep reporting theirs): a
    // dashboard shows which code runs on which schema.
    Metrics::Get().schema_version.Add({{"schema", schema}}).Set(static_cast<double>(applied_count));
  });
}

}  // namespace sanplane::common
