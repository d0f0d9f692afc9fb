#include "common/pg_work.hpp"

namespace sanplane::common {

PgWork::PgWork(pqxx::connection_base& connection, std::string begin)
    : pqxx::internal::namedclass("PgWork"),
      pqxx::internal::basic_transaction(connection, "READ COMMITTED", pqxx::read_write),
      begin_(begin.empty() ? "BEGIN" : std::move(begin)) {
  Begin();
}

PgWork::~PgWork() { End(); }

// No retries: a connection that broke while idle surfaces as pqxx::broken_connection before any
// work ran, and PgPool replaces it (pqxx::work's BEGIN would reconnect on its own, silently).
void PgWork::do_begin() { direct_exec(begin_.c_str()); }

}  // namespace sanplane::common
