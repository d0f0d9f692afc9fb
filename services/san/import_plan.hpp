#pragma once
// The import of a switch's show output into a fabric, planned as a pure function of what the text
// says (zoning/import.hpp) and what the fabric holds: per alias and zone whether it is created,
// updated, unchanged, in conflict with what is stored, or skipped. Nothing here touches Postgres;
// the store writes a plan in one transaction (Store::ApplyImport).
//
// Matching: an imported alias or zone is the stored one of the same name. Stored values are the
// merge base: a conflict is an alias stored with other WWPNs, an alias whose WWPN another alias
// holds, or a zone stored with other members. Everything else the switch shows (zone type, member
// roles, zoneset membership, that the zone exists) updates the stored zone without asking; what
// the switch does not show (notes, projects, host, an alias's declared use) is never touched.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "records.hpp"
#include "sanplane/san/v1/san.pb.h"
#include "zoning/import.hpp"
#include "zoning/model.hpp"
#include "zoning_records.hpp"

namespace sanplane::san {

/// The fabric an import goes into: the stored one (and everything it holds), or the values of the
/// one it creates.
struct ImportTarget {
  std::optional<FabricZoning> stored;
  FabricValues new_fabric;
};

enum class ImportAction { kCreate, kUpdate, kUnchanged, kConflict, kSkip };
std::string_view ImportActionName(ImportAction action);

/// (kind "alias" | "zone", name) -> "skip" | "replace" | "rename".
using ImportResolutions = std::map<std::pair<std::string, std::string>, std::string>;

struct ImportConflictNote {
  std::string kind;  // "alias" | "zone"
  std::string name;
  std::string reason;  // "alias_wwpns", "wwpn_in_use", "zone_members"
  std::string message;
  std::vector<std::string> stored, imported;
  std::vector<std::string> resolutions;  // those this conflict accepts
};

struct PlannedAlias {
  std::string name;  // as stored after the import (a renamed alias has its new name)
  ImportAction action = ImportAction::kCreate;
  const AliasRow* stored = nullptr;  // updates, unchanged, conflicts, skips
  AliasValues values;                // what a create or an update writes
  std::vector<std::string> changes;
};

struct PlannedZone {
  std::string name;
  ImportAction action = ImportAction::kCreate;
  const ZoneRow* stored = nullptr;
  ZoneValues values;
  /// Creates and updates: the member aliases by name (as stored after the import), with roles.
  std::vector<std::string> members;
  std::map<std::string, std::string> roles;
  bool members_change = false;  // an update that writes the members
  std::vector<std::string> changes;
};

struct ImportPlan {
  ImportAction fabric_action = ImportAction::kCreate;  // create, update or unchanged
  const FabricRow* stored_fabric = nullptr;            // nullptr: created
  FabricValues fabric_values;
  std::vector<std::string> fabric_changes;
  std::vector<PlannedAlias> aliases;  // by imported name
  std::vector<PlannedZone> zones;
  std::vector<ImportConflictNote> conflicts;
  /// The stored records the import matched: (kind, id) -> the version it read.
  std::map<std::pair<std::string, int64_t>, int64_t> touched;
};

/// The parsed fabric an import takes from `result`: the one Cisco VSAN of the text, or the one
/// whose VSAN is `vsan`; the Brocade fabric. Error(kInvalidArgument) when the text was refused,
/// holds no zoning, or leaves the choice open.
const zoning::Fabric& ImportedFabric(const zoning::ImportResult& result,
                                     std::optional<int32_t> vsan);

/// Plans the import of `imported` into `target`. Without `resolutions` (a preview) conflicts stay
/// conflicts; with them (an apply) each conflict takes its resolution, and one without a usable
/// resolution is Error(kInvalidArgument) naming it. Imported values a record cannot hold (a name
/// too long, too many members) are Error(kInvalidArgument) listing each.
ImportPlan PlanImport(const zoning::Fabric& imported, const ImportTarget& target,
                      const ImportResolutions* resolutions);

/// A digest of what a preview saw: the text, the fabric and the version of every stored record
/// the plan touches. Apply recomputes it; any difference means something moved meanwhile.
std::string ImportDigest(std::string_view text, const ImportTarget& target, const ImportPlan& plan);

/// The preview's wire form (without warnings and digest).
void FillPreview(const ImportPlan& plan, v1::ImportPreview& preview);

}  // namespace sanplane::san
