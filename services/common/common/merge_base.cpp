#include "common/merge_base.hpp"

#include <boost/json/parse.hpp>

#include "common/named_queries.hpp"

namespace sanplane::common {

MergeBase LoadMergeBase(pqxx::transaction_base& tx, const MergeQueries& queries,
                        const std::string& entity, int64_t id, int64_t base_version) {
  MergeBase merge;
  const pqxx::result base = Exec(tx, queries.snapshot, entity, id, base_version);
  if (!base.empty()) {
    merge.base_found = true;
    merge.base = boost::json::parse(base[0][0].as<std::string>()).as_object();
  }
  // customer_id, version, last_modified_by, last_modified_at (epoch microseconds), snapshot.
  const pqxx::result current = Exec(tx, queries.current, entity, id);
  if (!current.empty()) {
    merge.exists = true;
    merge.customer_id = current[0][0].as<int64_t>();
    merge.stamp.version = current[0][1].as<int64_t>();
    if (!current[0][2].is_null()) merge.stamp.last_modified_by = current[0][2].as<std::string>();
    merge.stamp.last_modified_at_micros = current[0][3].as<int64_t>();
    merge.current = boost::json::parse(current[0][4].as<std::string>()).as_object();
  }
  // changes, changed_by, at_micros of every entry after the base, oldest first: the last wins.
  for (const pqxx::row& row : Exec(tx, queries.changes_since, entity, id, base_version)) {
    const boost::json::object changes = boost::json::parse(row[0].as<std::string>()).as_object();
    FieldAuthor author;
    if (!row[1].is_null()) author.by = row[1].as<std::string>();
    author.at_micros = row[2].as<int64_t>();
    for (const auto& change : changes) merge.authors[std::string(change.key())] = author;
  }
  return merge;
}

}  // namespace sanplane::common
