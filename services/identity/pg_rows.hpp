#pragma once
// What the Postgres stores of this service read and write alike: the names of a user in a row,
// the first row of an answer, a batch of rows looked up by ids, the compare-and-set of a
// customer's or project's name and notes, and what a merged save of one reads from the history.

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "common/merge_base.hpp"
#include "common/named_queries.hpp"
#include "common/pg_encode.hpp"
#include "common/pg_pool.hpp"
#include "common/principal.hpp"
#include "pg_store_errors.hpp"
#include "queries.hpp"
#include "store.hpp"

namespace sanplane::identity {

/// Columns 1..3 of every row that names a user (after its id at 0): username, first_name,
/// last_name, into a message that has them (User, Member, UserSummary).
template <class Person>
void SetNames(Person& person, const pqxx::row& row) {
  person.set_username(row[1].as<std::string>());
  person.set_first_name(row[2].as<std::string>());
  person.set_last_name(row[3].as<std::string>());
}

/// `from_row` of the first of `rows`; nullopt when there are none.
template <class FromRow>
auto FirstRow(const pqxx::result& rows, FromRow from_row)
    -> std::optional<std::invoke_result_t<FromRow, const pqxx::row&>> {
  if (rows.empty()) {
    return std::nullopt;
  }
  return from_row(rows[0]);
}

/// FirstRow of what `statement` answers for `params`, run in a transaction of its own.
template <class FromRow, class... Params>
auto ReadFirstRow(common::PgPool& pool, Timeout timeout, FromRow from_row,
                  std::string_view statement, const Params&... params)
    -> std::optional<std::invoke_result_t<FromRow, const pqxx::row&>> {
  std::optional<std::invoke_result_t<FromRow, const pqxx::row&>> found;
  pool.Transaction(timeout, [&](pqxx::transaction_base& tx) {
    found = FirstRow(common::Exec(tx, statement, params...), from_row);
  });
  return found;
}

/// The rows `statement` answers for `ids` (its $1, a bigint[]) in one transaction, each read by
/// `from_row`; none, without asking, for no ids.
template <class Item, class FromRow>
std::vector<Item> RowsForIds(common::PgPool& pool, Timeout timeout, std::string_view statement,
                             const std::vector<int64_t>& ids, FromRow from_row) {
  std::vector<Item> items;
  if (ids.empty()) {
    return items;
  }
  pool.Transaction(timeout, [&](pqxx::transaction_base& tx) {
    const pqxx::result rows = common::Exec(tx, statement, common::PgBigintArray(ids));
    items.reserve(rows.size());
    for (const pqxx::row& row : rows) {
      items.push_back(from_row(row));
    }
  });
  return items;
}

/// The compare-and-set `statement` (UpdateCustomer, UpdateProject: $1 id, $2 superuser, $3 user
/// id, $4 expected version, $5 name, $6 notes, $7 username) in a transaction of its own, its row
/// read by `from_row`. When it matched nothing, `explain_no_row(tx)` throws why or returns the
/// record as it is. A taken name is kAlreadyExists with `duplicate_name`.
template <class FromRow, class ExplainNoRow>
auto CompareAndSetNameAndNotes(common::PgPool& pool, Timeout timeout, std::string_view statement,
                               const common::Principal& caller, const NameAndNotesChanges& changes,
                               const char* duplicate_name, FromRow from_row,
                               ExplainNoRow explain_no_row) {
  std::invoke_result_t<FromRow, const pqxx::row&> result;
  RethrowDuplicateAs(duplicate_name, [&] {
    pool.Transaction(timeout, [&](pqxx::transaction_base& tx) {
      const pqxx::result rows =
          common::Exec(tx, statement, changes.id, caller.is_superuser(), caller.user_id(),
                       changes.expected_version, changes.name, changes.notes, caller.username());
      result = rows.empty() ? explain_no_row(tx) : from_row(rows[0]);
    });
  });
  return result;
}

/// Record `id` of kind `entity` ("customer", "project") at `base_version` and now, in a
/// transaction of its own: what merging a save sent with base_version needs.
inline common::MergeBase ReadMergeBase(common::PgPool& pool, Timeout timeout,
                                       const std::string& entity, int64_t id,
                                       int64_t base_version) {
  common::MergeBase base;
  pool.Transaction(timeout, [&](pqxx::transaction_base& tx) {
    base = common::LoadMergeBase(
        tx, {query::kHistorySnapshot, query::kCurrentRecordState, query::kHistoryChangesSince},
        entity, id, base_version);
  });
  return base;
}

}  // namespace sanplane::identity
