#pragma once
// The read-committed transaction PgPool runs work in. pqxx::work sends its BEGIN alone and the
// transaction's settings (SET LOCAL statement_timeout, …) then cost a round trip of their own on
// every transaction; this one opens with them, in one simple-query message.

#include <pqxx/pqxx>
#include <string>

namespace sanplane::common {

class PgWork final : public pqxx::internal::basic_transaction {
 public:
  /// Opens the transaction with `begin`: BEGIN, then any SET LOCAL of this transaction, as one
  /// command string (no parameters). An empty `begin` is a plain BEGIN.
  explicit PgWork(pqxx::connection_base& connection, std::string begin = {});
  ~PgWork() override;
  PgWork(const PgWork&) = delete;
  PgWork& operator=(const PgWork&) = delete;

 private:
  void do_begin() override;

  std::string begin_;
};

}  // namespace sanplane::common
