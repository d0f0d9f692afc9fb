#pragma once
// Who a write transaction acts for, and what kind of write it is, told to Postgres for the history
// triggers of every schema.

#include <pqxx/pqxx>
#include <string>

namespace sanplane::common {

/// Sets the transaction-local setting `sanplane.user` to `username`. The history triggers of every
/// schema record it as who deleted a record: a deleted row cannot carry its deleter in
/// last_modified_by. Ends with the transaction, so a pooled connection never keeps it.
void SetActingUser(pqxx::transaction_base& tx, const std::string& username);

/// Marks the transaction as the restore of record `id` of kind `entity` to `from_version`
/// (settings `sanplane.restore`, `sanplane.restore_from`): its history entry says "restore" and
/// the version restored.
void MarkRestore(pqxx::transaction_base& tx, const std::string& entity, int64_t id,
                 int64_t from_version);

/// Marks the transaction as an import (setting `sanplane.write_action`): the records it creates or
/// changes are recorded with action "import".
void MarkImport(pqxx::transaction_base& tx);

}  // namespace sanplane::common
