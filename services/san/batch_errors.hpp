#pragma once
// The failure answer of a batch save, in the seed's shape:
// {"error":"Some zones could not be saved.","details":[{"zone":"Zone_A","errors":{…}}, …]}

#include <boost/json/object.hpp>
#include <cstddef>
#include <map>
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
/// {"id":"This zone no longer exists (it was deleted by another user). Please refresh."}
boost::json::object DeletedErrors(const EntityNames& names);

/// Collects the failing items of one batch, keyed by their position in the request.
class BatchFailures {
 public:
  explicit BatchFailures(EntityNames names) : names_(std::move(names)) {}

  /// Field errors of item `index` (merged with earlier ones; the first message per field wins).
  /// Ignored when the item already lost a version race.
  void AddInvalid(size_t index, const std::string& label, const boost::json::object& errors);
  /// The item lost a version race (or its record is gone): `errors` replaces anything recorded
  /// for it, and the answer becomes a conflict. Counts the conflict metric.
  void AddConflict(size_t index, const std::string& label, boost::json::object errors);
  /// AddConflict for a record deleted by another user.
  void AddDeleted(size_t index, const std::string& label);
  /// AddConflict for a record whose version is not the one the item was based on.
  void AddStale(size_t index, const std::string& label, const common::RecordStamp& current);

  bool empty() const { return items_.empty(); }
  bool has_conflict() const { return conflicts_ > 0; }
  bool Failed(size_t index) const { return items_.count(index) > 0; }

  /// The body above, items in request order.
  boost::json::object Body() const;
  /// Error(kVersionConflict) when any item lost a race, else Error(kInvalidArgument), with Body().
  common::Error ToError() const;

 private:
  struct Item {
    std::string label;
    boost::json::object errors;
    bool conflict = false;
  };
  EntityNames names_;
  std::map<size_t, Item> items_;
  int conflicts_ = 0;
};

/// The label of an item in `details`: the name it was sent with, else the stored name, else
/// "Unknown".
std::string ItemLabel(const std::string* sent_name, const std::string* stored_name);

}  // namespace sanplane::san
