#include "common/pg_pool.hpp"

#include <algorithm>
#include <stdexcept>

#include "common/errors.hpp"
#include "common/log.hpp"
#include "common/pg_work.hpp"
#include "common/request_scope.hpp"

namespace sanplane::common {

std::string PgPool::ConnectString() const {
  // libpq counts whole seconds and treats anything below 2 as 2.
  const auto connect_seconds =
      std::max<int64_t>(2, std::chrono::ceil<std::chrono::seconds>(acquire_timeout_).count());
  // A setting the DSN makes itself wins.
  const std::pair<const char*, std::string> defaults[] = {
      {"connect_timeout", std::to_string(connect_seconds)},
      {"keepalives", "1"},
      {"keepalives_idle", "30"},
      {"keepalives_interval", "10"},
      {"keepalives_count", "3"},
  };
  const bool url = dsn_.starts_with("postgres://") || dsn_.starts_with("postgresql://");
  std::string result = dsn_;
  for (const auto& [name, value] : defaults) {
    if (dsn_.find(name + std::string("=")) != std::string::npos) continue;
    const std::string setting = std::string(name) + "=" + value;
    if (url) {
      result += (result.find('?') == std::string::npos ? "?" : "&") + setting;
    } else {
      result += (result.empty() ? "" : " ") + setting;
    }
  }
  return result;
}

namespace {

constexpr char kUnavailableMessage[] = "The database is unavailable.";
constexpr char kExhaustedMessage[] = "The database connection pool is exhausted; try again.";
constexpr char kCommitInDoubtMessage[] =
    "The database stopped answering during the save; reload to see whether it was saved.";
constexpr char kNotAnsweringMessage[] = "The database is not answering in time.";
// How long after a transaction's timeout its socket is cut, when Postgres itself could not cancel
// the statement (statement_timeout equals the timeout).
constexpr std::chrono::milliseconds kUnansweredGrace{500};

/// A transaction's settings as SET LOCAL commands, separated by "; ". The values are this file's
/// constants and a number: nothing from a request is in the text.
std::string SettingsCommand(std::chrono::milliseconds timeout,
                            const PgTransactionSettings& settings) {
  // 0 would mean "no limit" to Postgres.
  const auto timeout_ms = std::max<std::chrono::milliseconds::rep>(timeout.count(), 1);
  std::string command = "SET LOCAL statement_timeout = " + std::to_string(timeout_ms);
  if (settings.generic_plans) command += "; SET LOCAL plan_cache_mode = force_generic_plan";
  if (settings.index_scans) command += "; SET LOCAL enable_bitmapscan = off";
  return command;
}

/// BEGIN and the transaction's settings, one simple-query message.
std::string BeginCommand(std::chrono::milliseconds timeout, const PgTransactionSettings& settings) {
  return "BEGIN; " + SettingsCommand(timeout, settings);
}

}  // namespace

PgPool::PgPool(std::string dsn, int size, std::chrono::milliseconds acquire_timeout,
               std::vector<NamedQuery> statements)
    : dsn_(std::move(dsn)),
      size_(size),
      acquire_timeout_(acquire_timeout),
      statements_(std::move(statements)),
      metrics_("postgres", "postgres") {
  if (size_ < 1) {
    throw std::invalid_argument("PgPool size must be at least 1");
  }
  metrics_.size.Increment(size_);
}

PgPool::~PgPool() { metrics_.size.Decrement(size_); }

PgPool::Lease PgPool::Acquire() {
  {
    std::unique_lock lock(mutex_);
    if (in_use_ < size_) {
      metrics_.Waited({});
    } else {
      metrics_.waits.Increment();
      const auto waiting_since = Clock::now();
      // No longer than the caller still waits.
      const bool freed = available_.wait_for(lock, RequestScope::Remaining(acquire_timeout_),
                                             [this] { return in_use_ < size_; });
      metrics_.Waited(Clock::now() - waiting_since);
      if (!freed) {
        metrics_.timeouts.Increment();
        if (last_healthy_return_ < waiting_since) {
          throw Error(ErrorKind::kUnavailable, kNotAnsweringMessage);
        }
        throw Error(ErrorKind::kResourceExhausted, kExhaustedMessage);
      }
    }
    ++in_use_;
    metrics_.in_use.Increment();
    if (!idle_.empty()) {
      Lease lease{std::move(idle_.back()), true};
      idle_.pop_back();
      return lease;
    }
  }
  // Connect outside the lock: it can take a while and must not stall other leases.
  try {
    auto connection = std::make_unique<pqxx::connection>(ConnectString());
    for (const NamedQuery& statement : statements_) {
      connection->prepare(statement.name, statement.sql);
    }
    return Lease{std::move(connection), false};
  } catch (const std::exception& error) {
    Release(nullptr, true);
    metrics_.ConnectionFailed();
    log::Warn("postgres connect failed", {{"detail", error.what()}});
    throw Error(ErrorKind::kUnavailable, kUnavailableMessage);
  }
}

void PgPool::Release(std::unique_ptr<pqxx::connection> connection, bool broken) {
  std::vector<std::unique_ptr<pqxx::connection>> closing;
  {
    std::lock_guard lock(mutex_);
    --in_use_;
    metrics_.in_use.Decrement();
    if (broken) {
      closing.swap(idle_);
    } else if (connection && connection->is_open()) {
      idle_.push_back(std::move(connection));
      last_healthy_return_ = Clock::now();
    }
  }
  available_.notify_one();
  // `closing` and a broken `connection` are closed here, outside the lock.
}

void PgPool::Transaction(std::chrono::milliseconds timeout,
                         const std::function<void(pqxx::transaction_base&)>& work,
                         PgTransactionSettings settings) {
  // statement_timeout bounds each statement; this bounds the transaction, so nothing commits after
  // the caller has already been told the request took too long.
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (int attempt = 0;; ++attempt) {
    Lease lease = Acquire();
    bool started = false;
    try {
      // Postgres cancels a statement at statement_timeout; when it cannot answer at all, the
      // socket is cut a little later, so the thread is not held until TCP gives up.
      SocketWatchdog::Guard watch(watchdog_, lease.connection->sock(), deadline + kUnansweredGrace);
      PgWork transaction(*lease.connection, BeginCommand(timeout, settings));
      started = true;
      work(transaction);
      if (std::chrono::steady_clock::now() > deadline) {
        throw Error(ErrorKind::kDeadlineExceeded, "The request took too long; nothing was saved.");
      }
      transaction.commit();
    } catch (const pqxx::in_doubt_error& error) {
      // The connection broke while the commit was on its way: it may or may not have happened.
      DropBroken(std::move(lease), error, kCommitInDoubtMessage);
    } catch (const pqxx::broken_connection& error) {
      // An idle connection that broke before any work ran (Postgres restarted while it sat in
      // the pool) is safe to replace once.
      if (!started && lease.reused && attempt == 0) {
        DropStale(lease, error);
        continue;
      }
      DropBroken(std::move(lease), error, kUnavailableMessage);
    } catch (...) {
      ReleaseAfterError(std::move(lease));
      throw;
    }
    ReleaseHealthy(std::move(lease));
    return;
  }
}

void PgPool::DropStale(Lease& lease, const pqxx::broken_connection& error) {
  Release(std::move(lease.connection), true);
  log::Info("postgres connection was stale; reconnecting", {{"detail", error.what()}});
}

void PgPool::ReadOnce(std::chrono::milliseconds timeout,
                      const std::function<void(pqxx::transaction_base&)>& read) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (int attempt = 0;; ++attempt) {
    Lease lease = Acquire();
    try {
      SocketWatchdog::Guard watch(watchdog_, lease.connection->sock(), deadline + kUnansweredGrace);
      pqxx::nontransaction statement(*lease.connection);
      read(statement);
    } catch (const pqxx::broken_connection& error) {
      // Nothing was written: an idle connection that broke is replaced once, as in Transaction
      // (not one the watchdog cut at the deadline).
      if (lease.reused && attempt == 0 && std::chrono::steady_clock::now() < deadline) {
        DropStale(lease, error);
        continue;
      }
      DropBroken(std::move(lease), error, kUnavailableMessage);
    } catch (...) {
      ReleaseAfterError(std::move(lease));
      throw;
    }
    ReleaseHealthy(std::move(lease));
    return;
  }
}

void PgPool::OneTrip(std::chrono::milliseconds timeout, PgTransactionSettings settings,
                     const std::function<void(PgTrip&)>& work) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  for (int attempt = 0;; ++attempt) {
    Lease lease = Acquire();
    bool sent = false;
    try {
      SocketWatchdog::Guard watch(watchdog_, lease.connection->sock(), deadline + kUnansweredGrace);
      PgTrip trip(*lease.connection, SettingsCommand(timeout, settings));
      try {
        work(trip);
      } catch (...) {
        sent = trip.sent();
        throw;
      }
    } catch (const pqxx::broken_connection& error) {
      // An idle connection that broke before the statement went out is replaced once. Once it
      // went out, the statement may have committed.
      if (!sent && lease.reused && attempt == 0) {
        DropStale(lease, error);
        continue;
      }
      DropBroken(std::move(lease), error, sent ? kCommitInDoubtMessage : kUnavailableMessage);
    } catch (...) {
      ReleaseAfterError(std::move(lease));
      throw;
    }
    ReleaseHealthy(std::move(lease));
    return;
  }
}

void PgPool::WithConnection(const std::function<void(pqxx::connection&)>& use) {
  Lease lease = Acquire();
  try {
    use(*lease.connection);
  } catch (const pqxx::broken_connection& error) {
    DropBroken(std::move(lease), error, kUnavailableMessage);
  } catch (...) {
    ReleaseAfterError(std::move(lease));
    throw;
  }
  ReleaseHealthy(std::move(lease));
}

void PgPool::DropBroken(Lease lease, const std::exception& error, const char* message) {
  Release(std::move(lease.connection), true);
  metrics_.ConnectionFailed();
  log::Warn("postgres connection broken", {{"detail", error.what()}});
  throw Error(ErrorKind::kUnavailable, message);
}

void PgPool::ReleaseAfterError(Lease lease) {
  const bool broken = !lease.connection->is_open();
  Release(std::move(lease.connection), broken);
}

void PgPool::ReleaseHealthy(Lease lease) {
  Release(std::move(lease.connection), false);
  metrics_.ConnectionSucceeded();
}

}  // namespace sanplane::common
