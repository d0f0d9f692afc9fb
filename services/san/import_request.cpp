#include "import_request.hpp"

#include "common/text.hpp"
#include "validation.hpp"

namespace sanplane::san {
namespace {

constexpr size_t kFabricNameMax = 64;  // as validation.cpp holds fabrics to
constexpr size_t kZonesetNameMax = 200;

void CheckText(const std::string& text, FieldErrors& errors) {
  if (text.empty()) {
    AddError(errors, "text", kRequired);
  } else if (text.size() > zoning::kMaxImportBytes) {
    AddError(errors, "text",
             "The text is over " + std::to_string(zoning::kMaxImportBytes / (1024 * 1024)) +
                 " MB; import one switch's output at a time.");
  } else if (common::HasNul(text) || !common::IsValidUtf8(text)) {
    AddError(errors, "text", "The text is binary, not a switch's show output.");
  }
}

void CheckNewFabric(const v1::NewFabric& fabric, FieldErrors& errors, FabricValues& values) {
  if (auto error = CheckLabel(fabric.name(), kFabricNameMax)) {
    AddError(errors, "new_fabric.name", fabric.name().empty() ? std::string(kRequired) : *error);
  }
  values.name = fabric.name();
  if (fabric.has_zoneset_name()) {
    if (auto error = CheckLabel(fabric.zoneset_name(), kZonesetNameMax)) {
      AddError(errors, "new_fabric.zoneset_name", *error);
    }
    values.zoneset_name = fabric.zoneset_name();
  }
  if (fabric.has_domain_id()) {
    if (fabric.domain_id() < 1 || fabric.domain_id() > 239) {
      AddError(errors, "new_fabric.domain_id", "Ensure this value is between 1 and 239.");
    }
    values.domain_id = fabric.domain_id();
  }
  if (auto error = san::CheckText(fabric.notes())) AddError(errors, "new_fabric.notes", *error);
  values.notes = fabric.notes();
}

}  // namespace

CheckedImport CheckImportRequest(const v1::ImportRequest& request, bool apply) {
  CheckedImport checked;
  FieldErrors errors;
  if (request.customer() <= 0) AddError(errors, "customer", kRequired);
  if (request.has_fabric() == request.has_new_fabric()) {
    AddError(errors, "fabric", "Give either fabric (an id) or new_fabric, not both.");
  } else if (request.has_fabric()) {
    if (request.fabric() <= 0) AddError(errors, "fabric", "Fabric does not exist.");
    checked.fabric_id = request.fabric();
  } else {
    CheckNewFabric(request.new_fabric(), errors, checked.new_fabric);
  }
  const std::string& format = request.format();
  if (format.empty() || format == "auto") {
    checked.format = zoning::ImportFormat::kAuto;
  } else if (format == "cisco") {
    checked.format = zoning::ImportFormat::kCisco;
  } else if (format == "brocade") {
    checked.format = zoning::ImportFormat::kBrocade;
  } else {
    AddError(errors, "format", "Use auto, cisco or brocade.");
  }
  CheckText(request.text(), errors);
  if (request.has_project() && request.project() <= 0) {
    AddError(errors, "project", "Project does not exist.");
  }
  if (apply && request.digest().empty()) {
    AddError(errors, "digest", "The digest of the preview is required.");
  }
  for (const v1::ImportResolution& resolution : request.resolutions()) {
    const bool known_kind = resolution.kind() == "alias" || resolution.kind() == "zone";
    const bool known_action = resolution.action() == "skip" || resolution.action() == "replace" ||
                              resolution.action() == "rename";
    if (!known_kind || !known_action) {
      AddError(errors, "resolutions",
               "Each resolution needs kind alias or zone and action skip, replace or rename.");
      continue;
    }
    checked.resolutions[{resolution.kind(), resolution.name()}] = resolution.action();
  }
  if (!errors.empty()) throw common::InvalidFields("The import could not be read.", errors);
  return checked;
}

}  // namespace sanplane::san
