#include "pg_session_store.hpp"

#include "common/named_queries.hpp"
#include "queries.hpp"
#include "tokens.hpp"

namespace sanplane::identity {

using common::Exec;

PgSessionStore::PgSessionStore(common::PgPool& pool, std::chrono::seconds ttl, Timeout timeout)
    : pool_(pool), ttl_(ttl), timeout_(timeout) {}

SessionStore::NewSession PgSessionStore::Create(int64_t user_id) {
  NewSession session{RandomHexToken(), RandomHexToken()};
  pool_.Transaction(timeout_, [&](pqxx::transaction_base& tx) {
    Exec(tx, query::kCreateSession, Sha256Hex(session.token), user_id,
         static_cast<double>(ttl_.count()));
  });
  return session;
}

std::optional<int64_t> PgSessionStore::FindUser(std::string_view token) {
  if (!IsWellFormedToken(token)) return std::nullopt;
  std::optional<int64_t> user_id;
  pool_.Transaction(timeout_, [&](pqxx::transaction_base& tx) {
    const pqxx::result rows = Exec(tx, query::kFindSessionUser, Sha256Hex(token));
    if (!rows.empty()) user_id = rows[0][0].as<int64_t>();
  });
  return user_id;
}

void PgSessionStore::Delete(std::string_view token) {
  if (!IsWellFormedToken(token)) return;
  pool_.Transaction(timeout_, [&](pqxx::transaction_base& tx) {
    Exec(tx, query::kDeleteSession, Sha256Hex(token));
  });
}

void PgSessionStore::EndOtherSessions(int64_t user_id, std::string_view keep_token) {
  const std::string keep = IsWellFormedToken(keep_token) ? Sha256Hex(keep_token) : std::string();
  pool_.Transaction(timeout_, [&](pqxx::transaction_base& tx) {
    Exec(tx, query::kEndOtherSessions, user_id, keep);
  });
}

}  // namespace sanplane::identity
