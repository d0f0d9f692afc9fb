#pragma once
// One statement in one round trip, with the settings of its transaction. A transaction costs
// three round trips besides its statements (BEGIN with its settings, COMMIT); each is about
// 0.13 ms on loopback, more than a key lookup runs for.

#include <chrono>
#include <pqxx/pqxx>
#include <string>
#include <string_view>

#include "common/named_queries.hpp"

namespace sanplane::common {

/// Sends its settings and one prepared statement as one simple-query message:
///   SET LOCAL statement_timeout = 40; …; EXECUTE "UpdateZones"('[…]', 'alice')
/// Postgres runs a message of several statements as one implicit transaction: the SET LOCALs hold
/// for the statement, and it commits when the statement ends (deferred triggers fire then) or
/// rolls back with its error. The parameters travel as quoted literals, which Postgres converts
/// to the parameter types of the statement as it prepared it.
class PgTrip {
 public:
  /// `settings`: the SET LOCAL commands, separated by "; " (PgPool builds them).
  PgTrip(pqxx::connection_base& connection, std::string settings);

  /// Runs the parameterless statement `name` first, in the same message and transaction, with a
  /// snapshot of its own: what commits while it waits (on a lock) is visible to the statement
  /// after it, as in a transaction at read committed.
  void Before(std::string_view name);

  /// Runs the statement `name` (prepared by the pool) with `args` as its parameters, once: a trip
  /// carries one statement (after any Before).
  template <class... Args>
  pqxx::result Exec(std::string_view name, const Args&... args) {
    std::string arguments;
    ((arguments += (arguments.empty() ? "" : ", ") + connection_.quote(args)), ...);
    return Run(name, arguments);
  }

  /// Whether the statement was sent: after that, a broken connection leaves its outcome unknown.
  bool sent() const { return sent_; }

 private:
  pqxx::result Run(std::string_view name, const std::string& arguments);
  /// "; EXECUTE <name>", the statement prepared on the server first.
  std::string Execute(std::string_view name);

  pqxx::connection_base& connection_;
  std::string settings_;
  std::string before_;
  bool sent_ = false;
};

/// Runs the prepared statement `name` in `trip` (as Exec of named_queries.hpp does in a
/// transaction, with the same latency histogram).
template <class... Args>
pqxx::result Exec(PgTrip& trip, std::string_view name, const Args&... args) {
  const auto started = std::chrono::steady_clock::now();
  pqxx::result result = trip.Exec(name, args...);
  ObserveQuery(name, std::chrono::steady_clock::now() - started);
  return result;
}

}  // namespace sanplane::common
