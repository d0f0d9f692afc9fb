#pragma once
// What a script will write, checked and put in order before any vendor renders it: the records
// flagged for the script, sorted by name, their WWPNs canonical and their members resolved. Every
// record that cannot be rendered becomes a RecordError instead.

#include <optional>
#include <string>
#include <vector>

#include "zoning/model.hpp"
#include "zoning/script.hpp"

namespace sanplane::san::zoning {

struct PlannedAlias {
  std::string name;
  AliasKind kind = AliasKind::kDeviceAlias;
  std::vector<std::string> wwpns;  // canonical
};

struct PlannedMember {
  PlannedAlias alias;
  std::optional<Role> role;  // set for every member of a smart zone
};

struct PlannedZone {
  std::string name;
  ZoneType type = ZoneType::kStandard;
  bool in_zoneset = true;
  std::vector<PlannedMember> members;  // by alias name
};

struct ScriptPlan {
  std::vector<PlannedAlias> aliases;  // by name
  std::vector<PlannedZone> zones;     // by name
  std::vector<std::string> warnings;
  std::vector<RecordError> errors;

  /// Whether any planned zone is (to be) a member of the zoneset / cfg.
  bool TouchesZoneset() const;
  bool empty() const { return aliases.empty() && zones.empty(); }
};

/// The aliases and zones flagged `create`, with what a switch needs to accept them.
ScriptPlan PlanCreate(const Fabric& fabric);

/// The aliases and zones flagged `del`; an alias still named by a zone that stays is an error.
ScriptPlan PlanDelete(const Fabric& fabric);

}  // namespace sanplane::san::zoning
