#pragma once
// Encoders between C++ values and the text forms Postgres parameters and results use, shared by
// every store: array literals for `= ANY($n::bigint[])`, LIKE patterns, and the audit stamp every
// versioned row carries. Query files select that stamp as
//   version, last_modified_by, (extract(epoch FROM last_modified_at) * 1000000)::bigint
// so StampAt reads it back in microseconds without parsing timestamps.

#include <cstdint>
#include <pqxx/pqxx>
#include <string>
#include <string_view>
#include <vector>

#include "common/versioning.hpp"

namespace sanplane::common {

/// "{1,2,3}" for a `$n::bigint[]` parameter.
std::string PgBigintArray(const std::vector<int64_t>& values);

/// "{\"a\",\"b\\\"c\"}" for a `$n::text[]` parameter; every element quoted, so commas, braces and
/// the word NULL stay plain text.
std::string PgTextArray(const std::vector<std::string>& values);

/// The ILIKE pattern matching `term` anywhere, with LIKE's own wildcards (% _ \) escaped.
std::string LikeContains(std::string_view term);

/// Integers of a comma-separated list ("3,1,2" from array_to_string); malformed parts are skipped.
std::vector<int64_t> ParseIdList(std::string_view text);

/// The parts of a comma-separated list of values that hold no comma themselves (WWPNs from
/// array_to_string); empty for an empty text.
std::vector<std::string> SplitList(std::string_view text);

/// The audit stamp at columns `first` (version), `first + 1` (last_modified_by, nullable) and
/// `first + 2` (last_modified_at in epoch microseconds).
RecordStamp StampAt(const pqxx::row& row, pqxx::row::size_type first);

}  // namespace sanplane::common
