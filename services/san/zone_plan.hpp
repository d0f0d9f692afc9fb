#pragma once
// The plan of a zone batch save: a pure function of the request and of what the transaction
// loaded, deciding for every item whether it creates, updates, changes nothing, lost a version
// race or is invalid. zone_save.cpp loads, plans, then applies the plan set-based (one statement
// per kind of change); nothing here touches Postgres, so every rule is unit-tested without it.

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "batch_errors.hpp"
#include "records.hpp"
#include "saves.hpp"
#include "validation.hpp"

namespace sanplane::san {

/// What the request alone says of one item (checked before the transaction).
struct ZoneItemCheck : detail::ItemPlan {
  std::optional<std::vector<int64_t>> members;
  MemberRoles roles;  // of the members listed
};

/// Request-only checks of every item; also the ids to load and the aliases to lock.
struct ZoneRequestCheck {
  std::vector<ZoneItemCheck> items;
  std::vector<int64_t> update_ids;
  std::vector<int64_t> member_ids;
};
ZoneRequestCheck CheckZoneRequest(const google::protobuf::RepeatedPtrField<v1::ZoneItem>& items);

/// What the transaction loaded for the plan.
struct ZoneState {
  std::map<int64_t, ZoneRow> rows;       // the zones updates name
  std::map<int64_t, FabricRow> fabrics;  // the customer's fabrics creates name, locked
  std::map<int64_t, AliasRef> aliases;   // the customer's aliases named as members, locked
};

struct ZoneCreate : detail::ItemCreate<ZoneValues> {
  std::vector<int64_t> members;
  MemberRoles roles;
};

struct ZoneUpdate : detail::ItemUpdate<ZoneValues> {
  IdSetDiff members;  // of the stored zone
  /// The members the item lists (nullopt: it leaves them as they are) and their roles.
  std::optional<std::vector<int64_t>> listed_members;
  MemberRoles roles;
};

using ZoneSavePlan = detail::BatchPlan<ZoneValues, ZoneCreate, ZoneUpdate>;

struct ZoneBatch : detail::BatchRequest<v1::ZoneItem, ZoneRequestCheck> {
  const std::map<int64_t, bool>& project_verdicts;  // listed project -> the customer's
  // Plan, apply and read back, then roll everything back (a preview of the save).
  bool dry_run = false;
};

/// Validates every item against `state` (reporting into `failures`) and sorts the valid ones
/// into creates, updates and unchanged.
ZoneSavePlan PlanZoneSave(const ZoneBatch& batch, const ZoneState& state, BatchFailures& failures);

/// The (fabric, name) pairs the plan writes, to look up stored zones that may clash. An update
/// that keeps its zone's stored (fabric, name) is left out: stored names are unique, so only the
/// zone itself holds that pair, and the new names of the other items are looked up anyway (a
/// save that renames nothing skips the lookup).
struct ZoneNames {
  std::vector<int64_t> fabric_ids;
  std::vector<std::string> names;
};
ZoneNames NamesToCheck(const ZoneSavePlan& plan, const ZoneState& state);

/// Unique (fabric, name): within the batch, and against `stored` zones the batch does not itself
/// change.
void CheckZoneNames(const ZoneSavePlan& plan, const std::vector<ZoneKey>& stored,
                    BatchFailures& failures);

}  // namespace sanplane::san
