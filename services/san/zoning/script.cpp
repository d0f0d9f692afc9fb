#include "zoning/script.hpp"

#include <algorithm>

#include "zoning/script_plan.hpp"
#include "zoning/vendor_scripts.hpp"

namespace sanplane::san::zoning {
namespace {

/// A record named twice over (a failing alias, and the zone naming it) reports its error once.
void RemoveRepeatedErrors(std::vector<RecordError>& errors) {
  std::vector<RecordError> unique;
  for (RecordError& error : errors) {
    if (std::find(unique.begin(), unique.end(), error) == unique.end()) {
      unique.push_back(std::move(error));
    }
  }
  errors = std::move(unique);
}

Script Finish(const Fabric& fabric, ScriptPlan plan, bool create) {
  Script script;
  script.warnings = std::move(plan.warnings);
  script.errors = std::move(plan.errors);
  RemoveRepeatedErrors(script.errors);
  if (!script.errors.empty()) return script;
  if (plan.empty()) {
    script.warnings.push_back("Fabric " + fabric.name + " has nothing to " +
                              (create ? "create." : "delete."));
    return script;
  }
  if (fabric.vendor == Vendor::kCisco) {
    script.commands =
        create ? CiscoCreateCommands(fabric, plan) : CiscoDeleteCommands(fabric, plan);
  } else {
    script.commands = create ? BrocadeCreateCommands(fabric, plan, script.warnings)
                             : BrocadeDeleteCommands(fabric, plan);
  }
  return script;
}

}  // namespace

std::string Script::Text() const {
  std::string text;
  for (const std::string& command : commands) {
    text += command;
    text += '\n';
  }
  return text;
}

Script GenerateCreateScript(const Fabric& fabric) {
  return Finish(fabric, PlanCreate(fabric), true);
}

Script GenerateDeleteScript(const Fabric& fabric) {
  return Finish(fabric, PlanDelete(fabric), false);
}

}  // namespace sanplane::san::zoning
