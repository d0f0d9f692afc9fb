#include "store_sql.hpp"

#include <optional>

namespace sanplane::identity {

common::RecordStamp StampAt(const pqxx::row& row, pqxx::row::size_type first) {
  common::RecordStamp stamp;
  stamp.version = row[first].as<int64_t>();
  stamp.last_modified_by = row[first + 1].as<std::optional<std::string>>();
  stamp.last_modified_at_micros = row[first + 2].as<int64_t>();
  return stamp;
}

std::string BigintArrayLiteral(const std::vector<int64_t>& values) {
  std::string literal = "{";
  for (std::size_t i = 0; i < values.size(); ++i) {
    if (i > 0) {
      literal.push_back(',');
    }
    literal += std::to_string(values[i]);
  }
  literal.push_back('}');
  return literal;
}

}  // namespace sanplane::identity
