#pragma once
// What a three-way merge of a save needs from a service's history (common/three_way_merge.hpp):
// the record at the version the client loaded, the record now, and who changed which field since.

#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <pqxx/pqxx>
#include <string>
#include <string_view>

#include "common/three_way_merge.hpp"
#include "common/versioning.hpp"

namespace sanplane::common {

/// The names of the service's statements of queries/history.sql.
struct MergeQueries {
  std::string_view snapshot;       // HistorySnapshot
  std::string_view current;        // CurrentRecordState
  std::string_view changes_since;  // HistoryChangesSince
};

struct MergeBase {
  /// The base version is in the history (not pruned, not made up).
  bool base_found = false;
  boost::json::object base;
  /// The record exists now.
  bool exists = false;
  int64_t customer_id = 0;
  RecordStamp stamp;
  boost::json::object current;
  /// Per field, who last changed it after the base version.
  std::map<std::string, FieldAuthor> authors;
};

/// Reads record `id` of kind `entity` at `base_version` and now, in `tx`.
MergeBase LoadMergeBase(pqxx::transaction_base& tx, const MergeQueries& queries,
                        const std::string& entity, int64_t id, int64_t base_version);

}  // namespace sanplane::common
