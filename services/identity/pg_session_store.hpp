#pragma once
// SessionStore in Postgres (identity.sessions; queries/sessions.sql): the durable record of every
// session. Only the token's digest is stored.

#include <chrono>

#include "common/pg_pool.hpp"
#include "store.hpp"

namespace sanplane::identity {

class PgSessionStore final : public SessionStore {
 public:
  /// `ttl`: how long a session lives; `timeout`: each statement's budget.
  PgSessionStore(common::PgPool& pool, std::chrono::seconds ttl, Timeout timeout);

  NewSession Create(int64_t user_id) override;
  std::optional<int64_t> FindUser(std::string_view token) override;
  void Delete(std::string_view token) override;
  void EndOtherSessions(int64_t user_id, std::string_view keep_token) override;

 private:
  common::PgPool& pool_;
  std::chrono::seconds ttl_;
  Timeout timeout_;
};

}  // namespace sanplane::identity
