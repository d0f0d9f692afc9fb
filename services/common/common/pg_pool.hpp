#pragma once
// A bounded pool of libpqxx 6 connections. A connection that breaks is dropped and replaced on the
// next lease, so a restarted Postgres is picked up without restarting the service.

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <pqxx/pqxx>
#include <string>
#include <vector>

#include "common/named_queries.hpp"
#include "common/pg_trip.hpp"
#include "common/pool_metrics.hpp"
#include "common/socket_watchdog.hpp"

namespace sanplane::common {

/// What a PgPool transaction sets for itself besides statement_timeout, in the same round trip as
/// its BEGIN (PgWork).
struct PgTransactionSettings {
  /// `SET LOCAL plan_cache_mode = force_generic_plan`: each prepared statement is planned once
  /// per connection instead of at every execution. For transactions whose statements look
  /// records up by key (ids, names), where PostgreSQL keeps choosing custom plans that cost
  /// more to make (a view's per-record subqueries: ~0.5 ms) than to run.
  bool generic_plans = false;
  /// `SET LOCAL enable_bitmapscan = off`: index scans instead. For a statement that scans a
  /// partial index whose entries go stale at every write (the change feed's unnumbered rows):
  /// an index scan marks the stale entries it meets as dead and later scans skip them, while a
  /// bitmap scan visits every one of them again until VACUUM runs.
  bool index_scans = false;
};

class PgPool {
 public:
  /// Connections are opened lazily. Waiting longer than `acquire_timeout` for a free connection
  /// throws Error(kResourceExhausted) while connections come and go (overload), and
  /// Error(kUnavailable) when not one came back healthy during the wait (the database is not
  /// answering). A failure to connect throws Error(kUnavailable).
  /// `statements` are prepared on every connection the pool opens (libpqxx sends each to the
  /// server the first time it runs there), so Exec(tx, name, …) finds them on any lease.
  PgPool(std::string dsn, int size, std::chrono::milliseconds acquire_timeout,
         std::vector<NamedQuery> statements = {});
  ~PgPool();

  /// Runs `work` in one transaction (PgWork, read committed) with `SET LOCAL statement_timeout` =
  /// `timeout`, opened with its settings in one round trip, and commits, unless `timeout` has
  /// passed by then (Error(kDeadlineExceeded), rolled back). pqxx::broken_connection drops the
  /// connection and becomes Error(kUnavailable); other exceptions propagate unchanged (after
  /// rollback). A database that does not answer at all (frozen, or cut off by a partition) cannot
  /// hold the thread much past `timeout`: the socket is cut then.
  void Transaction(std::chrono::milliseconds timeout,
                   const std::function<void(pqxx::transaction_base&)>& work,
                   PgTransactionSettings settings = {});

  /// Runs `read` outside a transaction block (pqxx::nontransaction): one statement that only
  /// reads, without the BEGIN, SET LOCAL and COMMIT round trips of Transaction. Postgres's
  /// statement_timeout is not set, so this is for statements that look records up by key and
  /// wait on no row lock; one that does not answer within `timeout` has its socket cut, as in
  /// Transaction. Failures as in Transaction.
  void ReadOnce(std::chrono::milliseconds timeout,
                const std::function<void(pqxx::transaction_base&)>& read);

  /// Runs `work`, which sends one statement through its PgTrip: the statement with its settings
  /// and `SET LOCAL statement_timeout` = `timeout` in one message and one implicit transaction,
  /// committed when the statement ends. One round trip where Transaction takes three besides the
  /// statement. A connection that breaks once the statement went out throws
  /// Error(kUnavailable) saying the save may have happened; other failures as in Transaction.
  void OneTrip(std::chrono::milliseconds timeout, PgTransactionSettings settings,
               const std::function<void(PgTrip&)>& work);

  /// As Transaction, for a session-level use of a raw connection (migrations: advisory locks).
  void WithConnection(const std::function<void(pqxx::connection&)>& use);

  int size() const { return size_; }
  /// What the pool connects with (ConnectString), for a connection of its own such as LISTEN's.
  std::string connect_string() const { return ConnectString(); }

 private:
  using Clock = std::chrono::steady_clock;
  struct Lease {
    std::unique_ptr<pqxx::connection> connection;
    bool reused;  // taken from the idle list rather than opened for this lease
  };
  Lease Acquire();
  /// A broken connection is closed, and so are the idle ones: they most likely broke with it.
  void Release(std::unique_ptr<pqxx::connection> connection, bool broken);
  /// Drops a connection that broke under `error` and throws Error(kUnavailable, message).
  [[noreturn]] void DropBroken(Lease lease, const std::exception& error, const char* message);
  /// After any other failure: kept when it is still open, else dropped.
  void ReleaseAfterError(Lease lease);
  /// Drops an idle connection found broken before any work ran on it (Postgres restarted while it
  /// sat in the pool); the caller then tries once more with another.
  void DropStale(Lease& lease, const pqxx::broken_connection& error);
  void ReleaseHealthy(Lease lease);

  /// The DSN with a connect timeout, so an unreachable host fails fast instead of blocking a
  /// service thread for the operating system's TCP timeout, and TCP keepalives, so a pooled
  /// connection to a host that vanished is noticed while it sits idle.
  std::string ConnectString() const;

  std::string dsn_;
  int size_;
  std::chrono::milliseconds acquire_timeout_;
  std::vector<NamedQuery> statements_;
  std::mutex mutex_;
  std::condition_variable available_;
  std::vector<std::unique_ptr<pqxx::connection>> idle_;
  int in_use_ = 0;
  // When a connection last came back healthy: a wait that times out with none since it began saw
  // the database answer nothing at all.
  Clock::time_point last_healthy_return_{};
  PoolMetrics metrics_;
  SocketWatchdog watchdog_;
};

}  // namespace sanplane::common
