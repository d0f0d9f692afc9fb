#include "common/migrations.hpp"

#include <gtest/gtest.h>

#include <pqxx/pqxx>
#include <regex>
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
      pool.Transaction(5s, [&](pqxx::transaction_base& tx) {
        tx.exec0("DROP SCHEMA IF EXISTS " + schema_ + " CASCADE");
      });
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
    pool.Transaction(1s, [&](pqxx::transaction_base& tx) {
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
  pool.Transaction(1s, [&](pqxx::transaction_base& tx) {
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
  pool.Transaction(1s, [&](pqxx::transaction_base& tx) {
    note_exists = tx.exec1("SELECT count(*) FROM information_schema.columns WHERE table_schema = " +
                           tx.quote(schema_) + " AND column_name = 'note'")[0]
                      .as<int>() > 0;
  });
  EXPECT_FALSE(note_exists);
  bool half_exists = true;
  pool.Transaction(1s, [&](pqxx::transaction_base& tx) {
    half_exists =
        !tx.exec1("SELECT to_regclass(" + tx.quote(schema_ + ".half") + ") IS NULL")[0].as<bool>();
  });
  EXPECT_FALSE(half_exists);
}

std::string WithUser(const std::string& dsn, const std::string& user) {
  return std::regex_replace(dsn, std::regex("user=\\S+"), "user=" + user);
}

// Two roles of their own: the owner migrates, the runtime user may only use what it made.
class MigrationRoleTest : public MigrationsTest {
 protected:
  void SetUp() override {
    MigrationsTest::SetUp();
    if (dsn_.empty()) return;
    owner_ = schema_ + "_owner";
    runtime_ = schema_ + "_runtime";
    pqxx::connection admin(dsn_);
    pqxx::work tx(admin);
    tx.exec0("CREATE ROLE " + owner_ + " LOGIN");
    tx.exec0("CREATE ROLE " + runtime_ + " LOGIN");
    tx.exec0("GRANT CREATE ON DATABASE " + tx.quote_name(admin.dbname()) + " TO " + owner_);
    tx.commit();
  }
  void TearDown() override {
    MigrationsTest::TearDown();
    if (dsn_.empty()) return;
    pqxx::connection admin(dsn_);
    pqxx::work tx(admin);
    for (const std::string& role : {owner_, runtime_}) {
      tx.exec0("DROP OWNED BY " + role);
      tx.exec0("DROP ROLE " + role);
    }
    tx.commit();
  }
  std::string owner_;
  std::string runtime_;
};

TEST_F(MigrationRoleTest, TheOwnerMigratesAndTheRuntimeUserOnlyReadsAndWrites) {
  PgPool runtime(WithUser(dsn_, runtime_), 1, 1s);
  PrepareSchema(runtime, WithUser(dsn_, owner_), schema_, Migrations());
  EXPECT_EQ(Applied(), (std::vector<std::string>{"001_zones", "002_items"}));

  pqxx::connection as_runtime(WithUser(dsn_, runtime_));
  {
    pqxx::work tx(as_runtime);
    tx.exec0("INSERT INTO " + schema_ + ".zones (id) VALUES (1)");
    tx.exec0("UPDATE " + schema_ + ".zones SET id = 2 WHERE id = 1");
    EXPECT_EQ(tx.exec1("SELECT count(*) FROM " + schema_ + ".zones")[0].as<int>(), 1);
    tx.exec0("DELETE FROM " + schema_ + ".zones");
    tx.commit();
  }
  for (const std::string& ddl : {"CREATE TABLE " + schema_ + ".extra (id int)",
                                 "ALTER TABLE " + schema_ + ".zones ADD COLUMN note text",
                                 "DROP TABLE " + schema_ + ".items"}) {
    pqxx::work tx(as_runtime);
    EXPECT_THROW(tx.exec0(ddl), pqxx::insufficient_privilege) << ddl;
  }
  // A later start with a new migration: the owner applies it, the runtime user may use it.
  std::vector<Migration> more = Migrations();
  more.push_back({"003_notes", "CREATE TABLE " + schema_ + ".notes (id int);"});
  PrepareSchema(runtime, WithUser(dsn_, owner_), schema_, more);
  pqxx::work tx(as_runtime);
  tx.exec0("INSERT INTO " + schema_ + ".notes VALUES (1)");
}

}  // namespace
}  // namespace sanplane::common
