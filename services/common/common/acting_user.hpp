#pragma once
// Who a write transaction acts for, told to Postgres.

#include <pqxx/pqxx>
#include <string>

namespace sanplane::common {

/// Sets the transaction-local setting `sanplane.user` to `username`. The history triggers of every
/// schema record it as who deleted a record: a deleted row cannot carry its deleter in
/// last_modified_by. Ends with the transaction, so a pooled connection never keeps it.
void SetActingUser(pqxx::transaction_base& tx, const std::string& username);

}  // namespace sanplane::common
