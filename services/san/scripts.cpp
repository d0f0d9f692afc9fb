#include "scripts.hpp"

#include <algorithm>

#include "common/errors.hpp"
#include "common/versioning.hpp"
#include "zoning/lint.hpp"
#include "zoning/script.hpp"

namespace sanplane::san {
namespace {

using common::Error;
using common::ErrorKind;

/// The records no script could be written for, in the batch failure's shape.
Error UnrenderableRecords(const std::vector<zoning::RecordError>& errors) {
  common::v1::ErrorDetails details;
  common::v1::BatchFailure& failure = *details.mutable_batch_failure();
  failure.set_item_key(errors.front().record);
  for (const zoning::RecordError& error : errors) {
    common::v1::BatchFailure::Item* item = nullptr;
    for (auto& listed : *failure.mutable_items()) {
      const std::string& key = listed.item_key().empty() ? failure.item_key() : listed.item_key();
      if (key == error.record && listed.label() == error.name) item = &listed;
    }
    if (item == nullptr) {
      item = failure.add_items();
      item->set_label(error.name);
      if (error.record != failure.item_key()) item->set_item_key(error.record);
    }
    common::v1::FieldViolation& violation = *item->mutable_invalid()->add_violations();
    violation.set_field(error.field);
    violation.set_message(error.message);
  }
  return Error(ErrorKind::kInvalidArgument,
               "Some records cannot be written into a script; nothing was generated.", details);
}

/// "FAB_A: NO_TARGET z_noT: A smart zone …" for every error-severity finding.
std::vector<std::string> HygieneErrors(const FabricZoning& fabric, const zoning::Fabric& model) {
  std::vector<std::string> problems;
  for (const zoning::Finding& finding : zoning::LintFabric(model)) {
    if (finding.severity != zoning::Severity::kError) continue;
    std::string records;
    for (const std::string& record : finding.records) {
      records += (records.empty() ? "" : ", ") + record;
    }
    problems.push_back(fabric.fabric.values.name + ": " + finding.code + " " + records + ": " +
                       finding.message);
  }
  return problems;
}

}  // namespace

ScriptKind ParseScriptKind(const std::string& kind) {
  if (kind == "create") return ScriptKind::kCreate;
  if (kind == "delete") return ScriptKind::kDelete;
  throw common::InvalidFields("The script kind is missing or unknown.",
                              {{"kind", "Use create or delete."}});
}

void CheckScriptFormat(const std::string& format) {
  if (format.empty() || format == "json" || format == "text" || format == "zip") return;
  throw common::InvalidFields("The script format is unknown.",
                              {{"format", "Use json, text or zip."}});
}

v1::ScriptsResponse BuildScripts(const std::vector<FabricZoning>& fabrics,
                                 std::optional<int64_t> project_id, ScriptKind kind) {
  std::vector<const FabricZoning*> by_name;
  for (const FabricZoning& fabric : fabrics) by_name.push_back(&fabric);
  std::sort(by_name.begin(), by_name.end(), [](const FabricZoning* a, const FabricZoning* b) {
    return a->fabric.values.name < b->fabric.values.name;
  });

  v1::ScriptsResponse response;
  std::vector<zoning::RecordError> errors;
  std::vector<std::string> hygiene;
  for (const FabricZoning* fabric : by_name) {
    const zoning::Fabric model = ZoningFabricOf(*fabric, project_id);
    zoning::Script script = kind == ScriptKind::kCreate ? zoning::GenerateCreateScript(model)
                                                        : zoning::GenerateDeleteScript(model);
    errors.insert(errors.end(), script.errors.begin(), script.errors.end());
    if (kind == ScriptKind::kCreate) {
      for (std::string& problem : HygieneErrors(*fabric, model)) {
        hygiene.push_back(std::move(problem));
      }
    }
    const FabricValues& values = fabric->fabric.values;
    v1::FabricScript& out = *response.add_scripts();
    out.set_fabric_id(fabric->fabric.id);
    out.set_fabric(values.name);
    out.set_vendor(values.san_vendor);
    if (values.vsan) out.set_vsan(*values.vsan);
    out.set_zoneset_name(values.zoneset_name);
    for (std::string& command : script.commands) out.add_commands(std::move(command));
    for (std::string& warning : script.warnings) out.add_warnings(std::move(warning));
  }
  if (!errors.empty()) throw UnrenderableRecords(errors);
  if (!hygiene.empty()) {
    common::v1::ErrorDetails details;
    for (const std::string& problem : hygiene) details.mutable_problems()->add_problems(problem);
    throw Error(ErrorKind::kInvalidArgument,
                "The hygiene report has errors; fix them before generating a create script.",
                details);
  }
  return response;
}

v1::LintResponse LintReport(const FabricZoning& fabric, std::optional<size_t> alias_max_zones) {
  zoning::LintOptions options;
  options.alias_max_zones = alias_max_zones;
  v1::LintResponse response;
  for (const zoning::Finding& finding : zoning::LintFabric(ZoningFabricOf(fabric), options)) {
    v1::LintFinding& out = *response.add_findings();
    out.set_code(finding.code);
    out.set_severity(std::string(zoning::SeverityName(finding.severity)));
    out.set_message(finding.message);
    for (const std::string& record : finding.records) out.add_records(record);
  }
  return response;
}

}  // namespace sanplane::san
