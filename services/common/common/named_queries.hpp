#pragma once
// Named SQL statements. Each service keeps its SQL in `queries/*.sql`, one file per table, every
// statement introduced by a line `-- name: <Name>`. The files are compiled into the binary (like
// the migrations), PgPool prepares every statement once per connection it opens, and callers run
// them by name through Exec, which records a latency histogram per statement name. No SQL text is
// built at run time.

#include <chrono>
#include <pqxx/pqxx>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sanplane::common {

struct NamedQuery {
  std::string name;
  std::string sql;
};

/// Splits one query file into its statements. Text before the first `-- name:` line is the file's
/// comment. Throws std::invalid_argument naming `file_name` for a marker without a name, a name
/// that is not an identifier, or a statement with no SQL.
std::vector<NamedQuery> ParseQueryFile(std::string_view file_name, std::string_view text);

/// Every statement of every file; throws std::invalid_argument when a name appears twice.
std::vector<NamedQuery> ParseQueryFiles(
    const std::vector<std::pair<std::string_view, std::string_view>>& files);

/// Records one statement's latency in sanplane_db_query_duration_seconds{query}.
void ObserveQuery(std::string_view name, std::chrono::steady_clock::duration elapsed);

/// Runs the prepared statement `name` with `args` as its parameters ($1, $2, …).
template <class... Args>
pqxx::result Exec(pqxx::transaction_base& tx, std::string_view name, Args&&... args) {
  const auto started = std::chrono::steady_clock::now();
  struct Observe {
    std::string_view name;
    std::chrono::steady_clock::time_point started;
    ~Observe() { ObserveQuery(name, std::chrono::steady_clock::now() - started); }
  } observe{name, started};
  return tx.exec_prepared(std::string(name), std::forward<Args>(args)...);
}

}  // namespace sanplane::common
