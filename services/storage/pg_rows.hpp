#pragma once
// What every part of PgStore shares: the visibility parameter of its queries, nullable fields of
// result rows, and the count-and-page of a list.

#include <cstdint>
#include <optional>
#include <pqxx/pqxx>
#include <string>
#include <string_view>
#include <vector>

#include "common/named_queries.hpp"
#include "common/pagination.hpp"
#include "common/principal.hpp"
#include "record_stamp.hpp"
#include "store.hpp"

namespace sanplane::storage {

/// The "visible customers" parameter of the queries: the principal's customer ids as a
/// `bigint[]`, or null for a superuser (who sees all).
std::optional<std::string> VisibleCustomers(const common::Principal& principal);

std::optional<std::string> OptionalText(const pqxx::field& field);
std::optional<int64_t> OptionalInt(const pqxx::field& field);

/// The parts of a comma-separated list ("" is none).
std::vector<std::string> SplitList(std::string_view list);

/// NOT_FOUND when `list` filters by a storage system the principal cannot see.
void RequireStorageFilterVisible(pqxx::transaction_base& tx, const common::Principal& principal,
                                 const ListQuery& list);

/// Runs a list's count query and page query, which bind $1 visible customers, $2 customer,
/// $3 storage id and $4 search; the page query also $5 ordering, $6 limit and $7 offset.
template <class Response, class FromRow>
Response ListPage(pqxx::transaction_base& tx, std::string_view count_query,
                  std::string_view page_query, const common::Principal& principal,
                  const ListQuery& list, FromRow from_row) {
  const std::optional<std::string> customers = VisibleCustomers(principal);
  const int64_t count =
      common::Exec(tx, count_query, customers, list.customer, list.storage_id, list.search)[0][0]
          .as<int64_t>();
  const pqxx::result rows =
      common::Exec(tx, page_query, customers, list.customer, list.storage_id, list.search,
                   list.ordering, list.page.page_size, list.page.offset());
  Response response;
  for (const pqxx::row& row : rows) *response.add_results() = from_row(row);
  common::FillPageInfo(response, count, list.page);
  return response;
}

}  // namespace sanplane::storage
