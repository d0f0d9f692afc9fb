#pragma once
// A save item sent with `base_version` (a message with optional `id`, `version`, `base_version`
// and `json_fields`) merged with its record's history (common/merge_base.hpp) by the one set of
// rules (common/three_way_merge.hpp), and turned into the item of an ordinary `version` save, so
// that every check and write of the save stays the one it always was. Written once for every kind
// of record: records and requests become JSON of one shape through the item's message type.

#include <google/protobuf/message.h>

#include <boost/json/object.hpp>
#include <string>
#include <vector>

#include "common/errors.hpp"
#include "common/merge_base.hpp"
#include "common/three_way_merge.hpp"
#include "sanplane/common/v1/common.pb.h"

namespace sanplane::common {

/// The fields of `record` (a history snapshot) that an item of `item`'s type can carry, in the
/// form MessageFields gives them: the base and current side of a merge.
boost::json::object RecordAsItemFields(const boost::json::object& record,
                                       const google::protobuf::Message& item);

/// The fields `item` sends (the keys of its json_fields, without id, version and base_version),
/// int64 as JSON numbers, unset optional fields as null: the "mine" side of a merge.
boost::json::object SentItemFields(const google::protobuf::Message& item);

/// The outcome of merging one item.
struct ItemMerge {
  MergeOutcome outcome;
  int64_t id = 0;
};

/// Merges `item` (with base_version) against `base` and rewrites it in place into the item of a
/// `version` save of the record as it stands: the merged fields, `version` the current one,
/// json_fields naming what it sends. A base version not in the history is a 400 naming
/// base_version. When the record is gone the item is left to the save to report (version set to
/// the base).
ItemMerge MergeItem(google::protobuf::Message& item, const MergeBase& base,
                    const MergeRules& rules);

/// The 409 of a merge whose fields collided: every conflict of every item, nothing written.
Error MergeConflictsError(const std::vector<ItemMerge>& merges);

/// What the answer says of one merged item.
v1::MergeReport MergeReportOf(const ItemMerge& merge);

}  // namespace sanplane::common
