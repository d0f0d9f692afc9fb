#include "common/migrations.hpp"

#include <gtest/gtest.h>

#include <thread>

#include "common/pg_pool.hpp"
#include "store_env.hpp"

namespace sanplane::common {
namespace {

using namespace std::chrono_literals;

class MigrationsTest : public testing::PostgresTest {
 protected:
  void SetUp() override {
    PostgresTest::SetUp();
    schema_ = testing::UniqueName("migtest_");
  }
  void TearDown() override {
    if (!dsn_.empty()) {
      PgPool pool(dsn_, 1, 1s);
      pool.Transaction(
          5s, [&](pqxx::work& tx) { tx.exec0("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE"); });
    }
  }
  std::vector<Migration> Migrations() const {
    // Not idempotent on purpose: applying any of them twice fails.
    return {
        {"002_items", "CREATE TABLE " + schema_ +
                          ".items (id int primary key, zone int);"
                          "SELECT pg_sleep(0.2);"},
        {"001_zones", "CREATE TABLE " + schema_ + ".zones (id int primary key);"},
    };
  }
  std::vector<std::string> Applied() {
    PgPool pool(dsn_, 1, 1s);
    std::vector<std::string> names;
    pool.Transaction(1s, [&](pqxx::work& tx) {
      for (const auto& row : tx.exec("SELECT name FROM " + schema_ +
                                     ".schema_migrations ORDER BY applied_at, name")) {
        names.push_back(row[0].as<std::string>());
      }
    });
    return names;
  }

  std::string schema_;
};

TEST_F(MigrationsTest, AppliesInNameOrderOnce) {
  PgPool pool(dsn_, 1, 1s);
  ApplyMigrations(pool, schema_, Migrations());
  EXPECT_EQ(Applied(), (std::vector<std::string>{"001_zones", "002_items"}));
  ApplyMigrations(pool, schema_, Migrations());  // nothing left to do
  std::vector<Migration> more = Migrations();
  more.push_back({"003_note", "ALTER TABLE " + schema_ + ".zones ADD COLUMN note text;"});
  ApplyMigrations(pool, schema_, more);
  EXPECT_EQ(Applied(), (std::vector<std::string>{"001_zones", "002_items", "003_note"}));
}

// The lock is the transaction's, so nothing outlives the call on the connection: behind a pooler
// in transaction mode, a session-level lock would stay with a server connection other clients get.
TEST_F(MigrationsTest, NoAdvisoryLockOutlivesTheCall) {
  PgPool pool(dsn_, 1, 1s);
  ApplyMigrations(pool, schema_, Migrations());
  int64_t held = -1;
  pool.Transaction(1s, [&](pqxx::work& tx) {
    held = tx.exec1(
                 "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND pid = "
                 "pg_backend_pid()")[0]
               .as<int64_t>();
  });
  EXPECT_EQ(held, 0);
}

TEST_F(MigrationsTest, ConcurrentAppliersApplyEachMigrationOnce) {
  std::vector<std::thread> replicas;
  std::vector<std::string> failures(2);
  for (int i = 0; i < 2; ++i) {
    replicas.emplace_back([&, i] {
      try {
        PgPool pool(dsn_, 1, 5s);
        ApplyMigrations(pool, schema_, Migrations());
      } catch (const std::exception& error) {
        failures[i] = error.what();
      }
    });
  }
  for (std::thread& replica : replicas) replica.join();
  EXPECT_EQ(failures[0], "");
  EXPECT_EQ(failures[1], "");
  EXPECT_EQ(Applied(), (std::vector<std::string>{"001_zones", "002_items"}));
}

TEST_F(MigrationsTest, FailedMigrationsAreRolledBackTogetherAndNotRecorded) {
  PgPool pool(dsn_, 1, 1s);
  ApplyMigrations(pool, schema_, Migrations());
  std::vector<Migration> migrations = Migrations();
  migrations.push_back({"003_note", "ALTER TABLE " + schema_ + ".zones ADD COLUMN note text;"});
  migrations.push_back({"004_broken", "CREATE TABLE " + schema_ + ".half (id int); SELEC 1;"});
  EXPECT_ANY_THROW(ApplyMigrations(pool, schema_, migrations));
  // 003 ran before 004 failed, yet is neither recorded nor kept: the schema is as it was.
  EXPECT_EQ(Applied(), (std::vector<std::string>{"001_zones", "002_items"}));
  bool note_exists = true;
  pool.Transaction(1s, [&](pqxx::work& tx) {
    note_exists = tx.exec1("SELECT count(*) FROM information_schema.columns WHERE table_schema = " +
                           tx.quote(schema_) + " AND column_name = 'note'")[0]
                      .as<int>() > 0;
  });
  EXPECT_FALSE(note_exists);
  bool half_exists = true;
  pool.Transaction(1s, [&](pqxx::work& tx) {
    half_exists =
        !tx.exec1("SELECT to_regclass(" + tx.quote(schema_ + ".half") + ") IS NULL")[0].as<bool>();
  });
  EXPECT_FALSE(half_exists);
}

}  // namespace
}  // namespace sanplane::common
