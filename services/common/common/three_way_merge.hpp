#pragma once
// The three-way merge of a save sent with `base_version` (the version the client loaded) instead
// of `version`: the fields the client changed ("mine") against the fields changed since the base
// ("theirs", from the history). Pure: the record's states come in as JSON objects of one shape
// (each service converts its records and requests alike), so every kind of record merges by the
// same rules, unit-tested without a database.

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

namespace sanplane::common {

/// How the fields of one kind of record merge beyond "a whole value per field".
struct MergeRules {
  /// Lists of objects that merge as sets keyed by one of their fields ("members" by "alias"): each
  /// side's additions, removals and edits of distinct elements all apply; the same element changed
  /// differently on both sides is a conflict.
  std::map<std::string, std::string> keyed_lists;
  /// Fields a save only adds to (a record's projects): mine apply as sent, never a conflict.
  std::set<std::string> additive;
};

/// Who last changed a field since the base, and when.
struct FieldAuthor {
  std::optional<std::string> by;
  int64_t at_micros = 0;
};

/// One field changed differently on both sides: its value at the base, now ("theirs", by
/// `author`) and in the request ("mine"). For a keyed list, the element (null where absent).
struct MergeConflict {
  std::string field;
  boost::json::value base;
  boost::json::value theirs;
  boost::json::value mine;
  FieldAuthor author;
};

struct MergeOutcome {
  /// What to save onto the record as it stands now: mine's fields, keyed lists merged with theirs.
  /// Empty when there are conflicts.
  boost::json::object fields;
  /// The fields the request changed, and those others changed since the base (with who and when),
  /// in field name order.
  std::vector<std::string> mine;
  std::vector<std::pair<std::string, FieldAuthor>> theirs;
  std::vector<MergeConflict> conflicts;
};

/// Merges `mine` (the fields a request sends) into `current` (the record now), `base` being the
/// record at the version the request was based on and `authors` who last changed each field since.
/// A field of `mine` equal to its base value was not changed by the request and is left as it
/// stands; one changed only by the request applies; one changed on both sides to the same value
/// is no conflict; to different values, a conflict.
MergeOutcome ThreeWayMerge(const boost::json::object& base, const boost::json::object& current,
                           const boost::json::object& mine,
                           const std::map<std::string, FieldAuthor>& authors,
                           const MergeRules& rules);

}  // namespace sanplane::common
