#pragma once
// The vendors' command forms for a checked ScriptPlan (script_plan.hpp). Each function writes
// every line of the script; the plan has already refused what cannot be written.

#include <string>
#include <vector>

#include "zoning/model.hpp"
#include "zoning/script_plan.hpp"

namespace sanplane::san::zoning {

std::vector<std::string> CiscoCreateCommands(const Fabric& fabric, const ScriptPlan& plan);
std::vector<std::string> CiscoDeleteCommands(const Fabric& fabric, const ScriptPlan& plan);

/// A member whose role is `both` has no place in a Brocade peer zone; it is written as a
/// principal member and a warning says so.
std::vector<std::string> BrocadeCreateCommands(const Fabric& fabric, const ScriptPlan& plan,
                                               std::vector<std::string>& warnings);
std::vector<std::string> BrocadeDeleteCommands(const Fabric& fabric, const ScriptPlan& plan);

}  // namespace sanplane::san::zoning
