#pragma once
// The plan of an alias batch save: a pure function of the request and of what the transaction
// loaded, deciding for every item whether it creates, updates, changes nothing, lost a version
// race or is invalid. alias_save.cpp loads, plans, then applies the plan set-based (one statement
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

/// Request-only checks of every item; also the ids to load.
struct AliasRequestCheck {
  std::vector<detail::ItemPlan> items;
  std::vector<int64_t> update_ids;
};
AliasRequestCheck CheckAliasRequest(const google::protobuf::RepeatedPtrField<v1::AliasItem>& items);

/// What the transaction loaded for the plan.
struct AliasState {
  std::map<int64_t, AliasRow> rows;  // the aliases updates name
  /// The customer's fabrics creates name, locked, and those of the aliases updates name (a
  /// Cisco device-alias holds one WWPN).
  std::map<int64_t, FabricRow> fabrics;
};

/// What other services said before the transaction: id -> whether it is the request's customer's.
struct AliasVerdicts {
  const std::map<int64_t, bool>& projects;
  const std::map<int64_t, bool>& hosts;
  const std::map<int64_t, bool>& storage_systems;
};

using AliasCreate = detail::ItemCreate<AliasValues>;
using AliasUpdate = detail::ItemUpdate<AliasValues>;

using AliasSavePlan = detail::BatchPlan<AliasValues, AliasCreate, AliasUpdate>;

struct AliasBatch : detail::BatchRequest<v1::AliasItem, AliasRequestCheck> {
  AliasVerdicts verdicts;
  // Plan, apply and read back, then roll everything back (a preview of the save).
  bool dry_run = false;
};

AliasSavePlan PlanAliasSave(const AliasBatch& batch, const AliasState& state,
                            BatchFailures& failures);

/// The fabrics, names and WWPNs the plan saves, to look up stored aliases that may clash.
struct AliasKeys {
  std::vector<int64_t> fabric_ids;
  std::vector<std::string> names;
  std::vector<std::string> wwpns;
};
AliasKeys KeysToCheck(const AliasSavePlan& plan);

/// Unique (fabric, name) and (fabric, wwpn): within the batch, and against `stored` aliases the
/// batch does not itself change.
void CheckAliasKeys(const AliasSavePlan& plan, const std::vector<AliasKey>& stored,
                    BatchFailures& failures);

}  // namespace sanplane::san
