#pragma once
// The zoning scripts of stored fabrics: the model of each (zoning_records.hpp) through the
// generator (zoning/script.hpp), refused as a whole when a record cannot be written or a fabric's
// hygiene report has an error. Pure: the RPC loads the fabrics and answers what this builds.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sanplane/san/v1/san.pb.h"
#include "zoning_records.hpp"

namespace sanplane::san {

enum class ScriptKind { kCreate, kDelete };

/// "create" / "delete"; anything else is Error(kInvalidArgument) naming the field `kind`. The
/// output `format` ("json", "text", "zip", empty for json) is checked alike.
ScriptKind ParseScriptKind(const std::string& kind);
void CheckScriptFormat(const std::string& format);

/// One script per fabric, by fabric name. With `project_id`, only that project's records are
/// created or deleted. Throws Error(kInvalidArgument):
///  - with a BatchFailure naming every record that cannot be written (its `zone`, `alias` or
///    `fabric` key and field errors), else
///  - for a create script, with Problems listing the error-severity findings of every fabric's
///    hygiene report. Delete scripts are not held to it: removing a record is how one fixes it.
v1::ScriptsResponse BuildScripts(const std::vector<FabricZoning>& fabrics,
                                 std::optional<int64_t> project_id, ScriptKind kind);

/// The hygiene report of a fabric in its wire form.
v1::LintResponse LintReport(const FabricZoning& fabric, std::optional<size_t> alias_max_zones);

}  // namespace sanplane::san
