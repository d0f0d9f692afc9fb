#include "common/pg_pool.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "common/errors.hpp"
#include "common/metrics.hpp"
#include "error_capture.hpp"
#include "store_env.hpp"

namespace sanplane::common {
namespace {

using namespace std::chrono_literals;
using testing::CaptureError;

using PgPoolTest = testing::PostgresTest;

int64_t BackendPid(PgPool& pool) {
  int64_t pid = 0;
  pool.Transaction(1s, [&](pqxx::transaction_base& tx) {
    pid = tx.exec1("SELECT pg_backend_pid()")[0].as<int64_t>();
  });
  return pid;
}

TEST_F(PgPoolTest, TransactionCommitsAndReusesTheConnection) {
  PgPool pool(dsn_, 2, 1s);
  const std::string table = testing::UniqueName("pool_test_");
  pool.Transaction(1s, [&](pqxx::transaction_base& tx) {
    tx.exec0("CREATE TABLE " + table + " (id int primary key)");
    tx.exec0("INSERT INTO " + table + " VALUES (1)");
  });
  int64_t count = 0;
  pool.Transaction(1s, [&](pqxx::transaction_base& tx) {
    count = tx.exec1("SELECT count(*) FROM " + table)[0].as<int64_t>();
  });
  EXPECT_EQ(count, 1);
  EXPECT_EQ(BackendPid(pool), BackendPid(pool));
  pool.Transaction(1s, [&](pqxx::transaction_base& tx) { tx.exec0("DROP TABLE " + table); });
}

TEST_F(PgPoolTest, ExceptionRollsBack) {
  PgPool pool(dsn_, 1, 1s);
  const std::string table = testing::UniqueName("pool_test_");
  pool.Transaction(
      1s, [&](pqxx::transaction_base& tx) { tx.exec0("CREATE TABLE " + table + " (id int)"); });
  EXPECT_THROW(pool.Transaction(1s,
                                [&](pqxx::transaction_base& tx) {
                                  tx.exec0("INSERT INTO " + table + " VALUES (1)");
                                  throw Error(ErrorKind::kInvalidArgument, "nope");
                                }),
               Error);
  int64_t count = -1;
  pool.Transaction(1s, [&](pqxx::transaction_base& tx) {
    count = tx.exec1("SELECT count(*) FROM " + table)[0].as<int64_t>();
  });
  EXPECT_EQ(count, 0);
  pool.Transaction(1s, [&](pqxx::transaction_base& tx) { tx.exec0("DROP TABLE " + table); });
}

TEST_F(PgPoolTest, StatementTimeoutBecomesDeadlineExceeded) {
  PgPool pool(dsn_, 1, 1s);
  grpc::Status status;
  try {
    pool.Transaction(50ms, [](pqxx::transaction_base& tx) { tx.exec("SELECT pg_sleep(2)"); });
    FAIL() << "expected the statement to be cancelled";
  } catch (...) {
    status = StatusFromCurrentException("r");
  }
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED) << status.error_message();
  EXPECT_GT(BackendPid(pool), 0);  // the connection is still usable
}

TEST_F(PgPoolTest, UniqueViolationBecomesAlreadyExists) {
  PgPool pool(dsn_, 1, 1s);
  grpc::Status status;
  try {
    pool.Transaction(1s, [](pqxx::transaction_base& tx) {
      tx.exec0("CREATE TEMP TABLE dup (name text UNIQUE)");
      tx.exec0("INSERT INTO dup VALUES ('a'), ('a')");
    });
    FAIL() << "expected a unique violation";
  } catch (...) {
    status = StatusFromCurrentException("r");
  }
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
}

TEST_F(PgPoolTest, BrokenConnectionIsUnavailableThenReplaced) {
  PgPool pool(dsn_, 1, 1s);
  const int64_t first_pid = BackendPid(pool);
  const Error error = CaptureError([&] {
    pool.Transaction(1s, [](pqxx::transaction_base& tx) {
      tx.exec("SELECT pg_terminate_backend(pg_backend_pid())");
    });
  });
  EXPECT_EQ(error.kind(), ErrorKind::kUnavailable);
  EXPECT_STREQ(error.what(), "The database is unavailable.");
  const int64_t second_pid = BackendPid(pool);
  EXPECT_NE(second_pid, first_pid);
}

TEST_F(PgPoolTest, StaleIdleConnectionIsReplacedTransparently) {
  PgPool pool(dsn_, 1, 1s);
  PgPool killer(dsn_, 1, 1s);
  const int64_t pid = BackendPid(pool);
  killer.Transaction(1s, [&](pqxx::transaction_base& tx) {
    tx.exec_params("SELECT pg_terminate_backend($1)", pid);
  });
  std::this_thread::sleep_for(100ms);
  EXPECT_NE(BackendPid(pool), pid);
}

// ---- OneTrip: one prepared statement with its settings in one message -------------------------

TEST_F(PgPoolTest, OneTripRunsThePreparedStatementWithQuotedParametersAndCommits) {
  const std::string table = testing::UniqueName("trip_test_");
  PgPool pool(dsn_, 1, 1s,
              {{"TripInsert", "INSERT INTO " + table +
                                  " (id, note, tags) VALUES ($1, $2, $3::text[]) RETURNING note"}});
  pool.Transaction(1s, [&](pqxx::transaction_base& tx) {
    tx.exec0("CREATE TABLE " + table + " (id bigint PRIMARY KEY, note text, tags text[])");
  });
  // Quotes, a backslash and a semicolon are the parameter's text, not SQL.
  const std::string note = R"(O'Brien's \ note; DROP TABLE x; --)";
  std::string returned;
  pool.OneTrip(1s, {}, [&](PgTrip& trip) {
    returned = Exec(trip, "TripInsert", int64_t{7}, note, std::string(R"({"a b",c})"))[0][0]
                   .as<std::string>();
  });
  EXPECT_EQ(returned, note);
  // Committed: another connection sees it.
  PgPool other(dsn_, 1, 1s);
  other.Transaction(1s, [&](pqxx::transaction_base& tx) {
    const pqxx::row row = tx.exec1("SELECT note, array_length(tags, 1) FROM " + table);
    EXPECT_EQ(row[0].as<std::string>(), note);
    EXPECT_EQ(row[1].as<int>(), 2);
    tx.exec0("DROP TABLE " + table);
  });
}

TEST_F(PgPoolTest, OneTripSettingsHoldForItsStatementOnly) {
  PgPool pool(dsn_, 1, 1s,
              {{"TripSettings",
                "SELECT current_setting('plan_cache_mode'), "
                "current_setting('statement_timeout')"}});
  pqxx::result inside;
  pool.OneTrip(1500ms, {.generic_plans = true},
               [&](PgTrip& trip) { inside = Exec(trip, "TripSettings"); });
  EXPECT_EQ(inside[0][0].as<std::string>(), "force_generic_plan");
  EXPECT_EQ(inside[0][1].as<std::string>(), "1500ms");
  // The next user of the same connection has the defaults back.
  std::string after;
  pool.Transaction(1s, [&](pqxx::transaction_base& tx) {
    after = tx.exec1("SELECT current_setting('plan_cache_mode')")[0].as<std::string>();
  });
  EXPECT_EQ(after, "auto");
}

TEST_F(PgPoolTest, OneTripRunsItsBeforeStatementInTheSameTransactionFirst) {
  PgPool pool(dsn_, 1, 1s,
              {{"TripLock", "SELECT pg_advisory_xact_lock(4242)"},
               {"TripLocksHeld",
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' "
                "AND objid = 4242 AND pid = pg_backend_pid()"}});
  int64_t during = -1;
  pool.OneTrip(1s, {}, [&](PgTrip& trip) {
    trip.Before("TripLock");
    during = Exec(trip, "TripLocksHeld")[0][0].as<int64_t>();
  });
  EXPECT_EQ(during, 1);
  // A transaction-level lock: gone with the trip's transaction.
  int64_t after = -1;
  pool.OneTrip(1s, {},
               [&](PgTrip& trip) { after = Exec(trip, "TripLocksHeld")[0][0].as<int64_t>(); });
  EXPECT_EQ(after, 0);
}

TEST_F(PgPoolTest, OneTripThatFailsWritesNothing) {
  const std::string table = testing::UniqueName("trip_test_");
  PgPool pool(dsn_, 1, 1s,
              {{"TripInsertTwice",
                "INSERT INTO " + table + " SELECT $1::bigint FROM generate_series(1, 2)"}});
  pool.Transaction(1s, [&](pqxx::transaction_base& tx) {
    tx.exec0("CREATE TABLE " + table + " (id bigint PRIMARY KEY)");
  });
  EXPECT_THROW(pool.OneTrip(1s, {}, [&](PgTrip& trip) { Exec(trip, "TripInsertTwice", 1); }),
               pqxx::unique_violation);
  pool.Transaction(1s, [&](pqxx::transaction_base& tx) {
    EXPECT_EQ(tx.exec1("SELECT count(*) FROM " + table)[0].as<int64_t>(), 0);
    tx.exec0("DROP TABLE " + table);
  });
}

TEST_F(PgPoolTest, OneTripPastItsTimeoutIsCancelled) {
  PgPool pool(dsn_, 1, 1s, {{"TripSleep", "SELECT pg_sleep($1::float8)"}});
  grpc::Status status;
  try {
    pool.OneTrip(50ms, {}, [](PgTrip& trip) { Exec(trip, "TripSleep", 2); });
    FAIL() << "expected the statement to be cancelled";
  } catch (...) {
    status = StatusFromCurrentException("r");
  }
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED) << status.error_message();
  EXPECT_GT(BackendPid(pool), 0);
}

TEST_F(PgPoolTest, OneTripWhoseConnectionBreaksMayHaveSaved) {
  PgPool pool(dsn_, 1, 1s, {{"TripTerminate", "SELECT pg_terminate_backend(pg_backend_pid())"}});
  const Error error = CaptureError(
      [&] { pool.OneTrip(1s, {}, [](PgTrip& trip) { Exec(trip, "TripTerminate"); }); });
  EXPECT_EQ(error.kind(), ErrorKind::kUnavailable);
  EXPECT_STREQ(error.what(),
               "The database stopped answering during the save; reload to see whether it was "
               "saved.");
  EXPECT_GT(BackendPid(pool), 0);
}

// Not one connection came back while the caller waited: the database is not answering, which is
// a 503, not the 429 of a busy pool.
TEST_F(PgPoolTest, PoolThatMakesNoProgressIsUnavailable) {
  PgPool pool(dsn_, 1, 100ms);
  auto& timeouts = Metrics::Get().pool_timeouts.Add({{"pool", "postgres"}});
  const double before = timeouts.Value();
  std::atomic<bool> holding{false};
  std::atomic<bool> release{false};
  std::thread holder([&] {
    pool.WithConnection([&](pqxx::connection&) {
      holding = true;
      while (!release) std::this_thread::sleep_for(5ms);
    });
  });
  while (!holding) std::this_thread::sleep_for(5ms);
  const Error error = CaptureError([&] { pool.Transaction(1s, [](pqxx::transaction_base&) {}); });
  EXPECT_EQ(error.kind(), ErrorKind::kUnavailable);
  EXPECT_STREQ(error.what(), "The database is not answering in time.");
  EXPECT_EQ(timeouts.Value(), before + 1);
  release = true;
  holder.join();
  EXPECT_NO_THROW(pool.Transaction(1s, [](pqxx::transaction_base&) {}));
}

TEST(PgPoolUnreachableTest, ConnectFailureIsUnavailable) {
  PgPool pool("host=127.0.0.1 port=1 user=nobody dbname=nothing connect_timeout=2", 1, 100ms);
  const Error error = CaptureError([&] { pool.Transaction(1s, [](pqxx::transaction_base&) {}); });
  EXPECT_EQ(error.kind(), ErrorKind::kUnavailable);
  EXPECT_STREQ(error.what(), "The database is unavailable.");
  // The failed attempt gave its slot back.
  EXPECT_THROW(pool.Transaction(1s, [](pqxx::transaction_base&) {}), Error);
}

}  // namespace
}  // namespace sanplane::common
