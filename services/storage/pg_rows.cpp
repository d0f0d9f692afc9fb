#include "pg_rows.hpp"

#include "common/errors.hpp"
#include "common/pg_encode.hpp"
#include "queries.hpp"

namespace sanplane::storage {

std::optional<std::string> VisibleCustomers(const common::Principal& principal) {
  if (principal.is_superuser()) return std::nullopt;
  return common::PgBigintArray(
      std::vector<int64_t>(principal.customer_ids().begin(), principal.customer_ids().end()));
}

void RequireStorageFilterVisible(pqxx::transaction_base& tx, const common::Principal& principal,
                                 const ListQuery& list) {
  if (list.storage_id &&
      common::Exec(tx, query::kStorageVisible, *list.storage_id, VisibleCustomers(principal))
          .empty()) {
    throw common::Error(common::ErrorKind::kNotFound, kStorageNotFound);
  }
}

std::optional<std::string> OptionalText(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  return std::string(field.c_str(), field.size());
}

std::optional<int64_t> OptionalInt(const pqxx::field& field) {
  if (field.is_null()) return std::nullopt;
  return field.as<int64_t>();
}

std::vector<std::string> SplitList(std::string_view list) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start < list.size()) {
    size_t end = list.find(',', start);
    if (end == std::string_view::npos) end = list.size();
    out.emplace_back(list.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace sanplane::storage
