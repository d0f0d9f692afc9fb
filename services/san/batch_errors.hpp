#pragma once
// The failure of a batch save: every failing item with its field errors or its lost version race,
// as sanplane.common.v1.BatchFailure. The gateway renders it in the seed's shape:
// {"error":"Some zones could not be saved.","details":[{"zone":"Zone_A","errors":{…}}, …]}

#include <boost/json/object.hpp>
#include <cstddef>
#include <map>
#include <optional>
#include <string>

#include "common/errors.hpp"
#include "common/versioning.hpp"

namespace sanplane::san {

/// The words of one entity: "a zone"/"zones", "an alias"/"aliases".
struct EntityNames {
  std::string singular;
  std::string plural;
  std::string article;
};
inline const EntityNames kZoneNames{"zone", "zones", "a"};
inline const EntityNames kAliasNames{"alias", "aliases", "an"};

/// {"version":"The current version is required to update a zone."}
boost::json::object VersionMissingErrors(const EntityNames& names);

/// Collects the failing items of one batch, keyed by their position in the request.
class BatchFailures {
 public:
  explicit BatchFailures(EntityNames names) : names_(std::move(names)) {}

  /// Field errors of item `index` (merged with earlier ones; the first message per field wins).
  /// Ignored when the item already lost a version race.
  void AddInvalid(size_t index, const std::string& label, const boost::json::object& errors);
  /// The item's record was deleted by another user: a conflict, see AddStale.
  void AddDeleted(size_t index, const std::string& label);
  /// The item's record is no longer at the version the item was based on: this replaces anything
  /// recorded for the item, and the answer becomes a conflict. Counts the conflict metric.
  void AddStale(size_t index, const std::string& label, const common::RecordStamp& current);

  bool empty() const { return items_.empty(); }
  bool has_conflict() const { return conflicts_ > 0; }
  bool Failed(size_t index) const { return items_.count(index) > 0; }

  /// The failing items in request order.
  common::v1::BatchFailure Detail() const;
  /// Error(kVersionConflict) when any item lost a race, else Error(kInvalidArgument), carrying
  /// Detail(); its message is "Some zones could not be saved."
  common::Error ToError() const;

 private:
  struct Item {
    std::string label;
    common::FieldErrors invalid;
    // Set once the item lost a version race; field errors no longer matter then.
    std::optional<common::v1::BatchFailure::Item> conflict;
  };
  void AddConflict(size_t index, const std::string& label, common::v1::BatchFailure::Item conflict);

  EntityNames names_;
  std::map<size_t, Item> items_;
  int conflicts_ = 0;
};

/// The label of an item in `details`: the name it was sent with, else the stored name, else
/// "Unknown".
std::string ItemLabel(const std::string* sent_name, const std::string* stored_name);

}  // namespace sanplane::san
