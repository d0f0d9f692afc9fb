#pragma once
// A database of a test process's own on the test PostgreSQL server, so that test processes can run
// side by side. Made with the server's base DSN (SANPLANE_TEST_PG_DSN, key=value form).

#include <pqxx/pqxx>
#include <string>

#include "store_env.hpp"

namespace sanplane::common::testing {

/// Drops `database` (if a failed run left it) and creates it empty.
inline void RecreateDatabase(const std::string& base_dsn, const std::string& database) {
  pqxx::connection admin(base_dsn);
  pqxx::nontransaction statement(admin);
  statement.exec0("DROP DATABASE IF EXISTS " + statement.quote_name(database));
  statement.exec0("CREATE DATABASE " + statement.quote_name(database));
}

/// Drops `database`; every pool connected to it must be closed first.
inline void DropDatabase(const std::string& base_dsn, const std::string& database) {
  pqxx::connection admin(base_dsn);
  pqxx::nontransaction statement(admin);
  statement.exec0("DROP DATABASE IF EXISTS " + statement.quote_name(database));
}

/// Deletes a suite's fixture, which closes its pools, and then drops the database it names
/// (`fixture->database`, on the server of SANPLANE_TEST_PG_DSN).
template <class Fixture>
void DeleteFixtureAndDatabase(Fixture*& fixture) {
  const std::string database = fixture->database;
  delete fixture;
  fixture = nullptr;
  DropDatabase(PgDsn(), database);
}

/// The DSN of `database` on the server of `base_dsn`: a later keyword wins in a libpq string.
inline std::string DatabaseDsn(const std::string& base_dsn, const std::string& database) {
  return base_dsn + " dbname=" + database;
}

}  // namespace sanplane::common::testing
