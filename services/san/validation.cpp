#include "validation.hpp"

#include <algorithm>
#include <initializer_list>
#include <set>

#include "common/text.hpp"
#include "wwpn.hpp"

namespace sanplane::san {
namespace {

using common::IsBlank;
using common::Utf8Length;

constexpr size_t kAliasNameMax = 100;
constexpr size_t kZoneNameMax = 100;
constexpr size_t kFabricNameMax = 64;
constexpr size_t kZonesetNameMax = 200;

bool IsControl(unsigned char c) { return c < 0x20 || c == 0x7f; }

std::optional<std::string> CheckLength(std::string_view text, size_t max_length) {
  if (Utf8Length(text) > max_length) {
    return "Ensure this field has no more than " + std::to_string(max_length) + " characters.";
  }
  return std::nullopt;
}

std::optional<std::string> CheckChoice(std::string_view value,
                                       std::initializer_list<std::string_view> choices) {
  for (std::string_view choice : choices) {
    if (value == choice) return std::nullopt;
  }
  std::string message = "\"" + std::string(value) + "\" is not a valid choice. Use ";
  size_t i = 0;
  for (std::string_view choice : choices) {
    if (i > 0) message += (i + 1 == choices.size()) ? " or " : ", ";
    message += choice;
    ++i;
  }
  return message + ".";
}

std::optional<std::string> CheckRange(int64_t value, int64_t min, int64_t max) {
  if (value < min || value > max) {
    return "Ensure this value is between " + std::to_string(min) + " and " + std::to_string(max) +
           ".";
  }
  return std::nullopt;
}

/// Sets `target` from a present string field after `check`, or records the error.
template <class Check>
void ApplyString(bool has, const std::string& value, bool named, std::string_view field,
                 std::string& target, FieldErrors& errors, Check check) {
  if (has) {
    if (auto error = check(value)) {
      AddError(errors, field, *error);
    } else {
      target = value;
    }
  } else if (named) {
    AddError(errors, field, kNotNull);
  }
}

void ApplyBool(bool has, bool value, bool named, std::string_view field, bool& target,
               FieldErrors& errors) {
  if (has) {
    target = value;
  } else if (named) {
    AddError(errors, field, kNotNull);
  }
}

/// Notes: null clears them.
void ApplyNotes(bool has, const std::string& value, bool named, std::string& target,
                FieldErrors& errors) {
  if (has) {
    if (auto error = CheckText(value)) {
      AddError(errors, "notes", *error);
    } else if (auto too_long = CheckLength(value, common::kMaxNotesLength)) {
      AddError(errors, "notes", *too_long);
    } else {
      target = value;
    }
  } else if (named) {
    target.clear();
  }
}

/// A nullable reference to a record of another service (host, storage): null clears it.
void ApplyReference(bool has, int64_t value, bool named, std::string_view field,
                    std::optional<int64_t>& target, FieldErrors& errors) {
  if (has) {
    if (value <= 0) {
      AddError(errors, field, "Invalid id " + std::to_string(value) + ".");
    } else {
      target = value;
    }
  } else if (named) {
    target.reset();
  }
}

void ApplyFabricId(bool has, int64_t value, bool named, int64_t& target, FieldErrors& errors) {
  if (has) {
    if (value <= 0) {
      AddError(errors, "fabric", "Fabric " + std::to_string(value) + " does not exist.");
    } else {
      target = value;
    }
  } else if (named) {
    AddError(errors, "fabric", kNotNull);
  }
}

std::optional<std::string> CheckUse(const std::string& use) {
  return CheckChoice(use, {"init", "target", "both"});
}

/// `wwpns` replaces the list; `wwpn` alone replaces its first WWPN; both must agree.
void ApplyWwpns(const v1::AliasItem& item, const Presence& present, AliasValues& values,
                FieldErrors& errors) {
  std::optional<std::string> first;
  if (item.has_wwpn()) {
    WwpnParse parsed = ParseWwpn(item.wwpn());
    if (!parsed.wwpn) {
      AddError(errors, "wwpn", parsed.error);
      return;
    }
    first = std::move(*parsed.wwpn);
  } else if (present.Named("wwpn")) {
    AddError(errors, "wwpn", kNotNull);
    return;
  }
  if (item.wwpns_size() == 0 && !present.Named("wwpns")) {
    if (first) values.wwpn = *first;
  } else {
    std::vector<std::string> wwpns;
    for (const std::string& text : item.wwpns()) {
      WwpnParse parsed = ParseWwpn(text);
      if (!parsed.wwpn) {
        AddError(errors, "wwpns", parsed.error);
        return;
      }
      wwpns.push_back(std::move(*parsed.wwpn));
    }
    if (wwpns.empty()) {
      AddError(errors, "wwpns", "An alias needs at least one WWPN.");
      return;
    }
    if (wwpns.size() > kMaxAliasWwpns) {
      AddError(errors, "wwpns",
               "An alias holds at most " + std::to_string(kMaxAliasWwpns) + " WWPNs.");
      return;
    }
    if (first && *first != wwpns.front()) {
      AddError(errors, "wwpn", "wwpn must be the first of wwpns when both are sent.");
      return;
    }
    values.wwpn = wwpns.front();
    values.more_wwpns.assign(wwpns.begin() + 1, wwpns.end());
  }
  const std::vector<std::string> all = values.Wwpns();
  if (std::set<std::string>(all.begin(), all.end()).size() != all.size()) {
    AddError(errors, "wwpns", "An alias lists each WWPN once.");
  }
}

std::optional<std::string> CheckZoningMode(const std::string& mode) {
  return CheckChoice(mode, {"enhanced", "basic"});
}

std::optional<std::string> CheckFosNameRules(const std::string& rules) {
  return CheckChoice(rules, {"8.1+", "legacy"});
}

}  // namespace

bool Presence::Named(std::string_view field) const {
  return std::find(names_.begin(), names_.end(), field) != names_.end();
}

std::optional<std::string> CheckText(std::string_view text) {
  if (common::HasNul(text)) {
    return std::string("This field may not contain NUL characters.");
  }
  return std::nullopt;
}

std::optional<std::string> CheckLabel(std::string_view label, size_t max_length) {
  if (IsBlank(label)) return std::string("This field may not be blank.");
  if (std::any_of(label.begin(), label.end(),
                  [](char c) { return IsControl(static_cast<unsigned char>(c)); })) {
    return std::string("This field may not contain control characters.");
  }
  return CheckLength(label, max_length);
}

std::optional<std::string> CheckObjectName(std::string_view name, size_t max_length) {
  if (IsBlank(name)) return std::string("This field may not be blank.");
  if (std::any_of(name.begin(), name.end(),
                  [](char c) { return c == ' ' || IsControl(static_cast<unsigned char>(c)); })) {
    return std::string("Names may not contain spaces or control characters.");
  }
  return CheckLength(name, max_length);
}

namespace {

/// The fabric and the name, the first fields of every alias and zone item; a name is at most
/// `name_max` long.
template <class Item>
void ApplyFabricAndName(const Item& item, const Presence& present, size_t name_max,
                        FabricObjectValues& values, FieldErrors& errors) {
  ApplyFabricId(item.has_fabric(), item.fabric(), present.Named("fabric"), values.fabric_id,
                errors);
  ApplyString(item.has_name(), item.name(), present.Named("name"), "name", values.name, errors,
              [name_max](const std::string& name) { return CheckObjectName(name, name_max); });
}

}  // namespace

void ApplyAliasItem(const v1::AliasItem& item, AliasValues& values, FieldErrors& errors) {
  const Presence present(item.json_fields());
  ApplyFabricAndName(item, present, kAliasNameMax, values, errors);
  ApplyWwpns(item, present, values, errors);
  if (item.has_use()) {
    // An empty string is how some tables send "no use".
    if (item.use().empty()) {
      values.use.reset();
    } else if (auto error = CheckUse(item.use())) {
      AddError(errors, "use", *error);
    } else {
      values.use = item.use();
    }
  } else if (present.Named("use")) {
    values.use.reset();
  }
  ApplyString(item.has_cisco_alias(), item.cisco_alias(), present.Named("cisco_alias"),
              "cisco_alias", values.cisco_alias, errors, [](const std::string& kind) {
                return CheckChoice(kind, {"device-alias", "fcalias", "wwpn"});
              });
  ApplyBool(item.has_create(), item.create(), present.Named("create"), "create", values.create,
            errors);
  ApplyBool(item.has_delete_(), item.delete_(), present.Named("delete"), "delete", values.del,
            errors);
  ApplyBool(item.has_include_in_zoning(), item.include_in_zoning(),
            present.Named("include_in_zoning"), "include_in_zoning", values.include_in_zoning,
            errors);
  ApplyBool(item.has_logged_in(), item.logged_in(), present.Named("logged_in"), "logged_in",
            values.logged_in, errors);
  ApplyReference(item.has_host(), item.host(), present.Named("host"), "host", values.host_id,
                 errors);
  ApplyReference(item.has_storage(), item.storage(), present.Named("storage"), "storage",
                 values.storage_id, errors);
  ApplyNotes(item.has_notes(), item.notes(), present.Named("notes"), values.notes, errors);
}

void CheckAliasCreate(const v1::AliasItem& item, FieldErrors& errors) {
  const Presence present(item.json_fields());
  if (!item.has_fabric() && !present.Named("fabric")) AddError(errors, "fabric", kRequired);
  if (!item.has_name() && !present.Named("name")) AddError(errors, "name", kRequired);
  if (!item.has_wwpn() && !present.Named("wwpn") && item.wwpns_size() == 0 &&
      !present.Named("wwpns")) {
    AddError(errors, "wwpn", kRequired);
  }
}

void ApplyZoneItem(const v1::ZoneItem& item, ZoneValues& values, FieldErrors& errors) {
  const Presence present(item.json_fields());
  ApplyFabricAndName(item, present, kZoneNameMax, values, errors);
  ApplyString(item.has_zone_type(), item.zone_type(), present.Named("zone_type"), "zone_type",
              values.zone_type, errors, [](const std::string& type) {
                return CheckChoice(type, {"standard", "smart"});
              });
  ApplyBool(item.has_create(), item.create(), present.Named("create"), "create", values.create,
            errors);
  ApplyBool(item.has_delete_(), item.delete_(), present.Named("delete"), "delete", values.del,
            errors);
  ApplyBool(item.has_exists(), item.exists(), present.Named("exists"), "exists", values.exists,
            errors);
  ApplyBool(item.has_in_zoneset(), item.in_zoneset(), present.Named("in_zoneset"), "in_zoneset",
            values.in_zoneset, errors);
  ApplyNotes(item.has_notes(), item.notes(), present.Named("notes"), values.notes, errors);
}

void CheckZoneCreate(const v1::ZoneItem& item, FieldErrors& errors) {
  const Presence present(item.json_fields());
  if (!item.has_fabric() && !present.Named("fabric")) AddError(errors, "fabric", kRequired);
  if (!item.has_name() && !present.Named("name")) AddError(errors, "name", kRequired);
}

std::optional<std::vector<int64_t>> RequestedMembers(const v1::ZoneItem& item,
                                                     FieldErrors& errors) {
  const Presence present(item.json_fields());
  if (item.members_size() == 0 && !present.Named("members")) return std::nullopt;
  std::vector<int64_t> ids;
  std::set<int64_t> seen;
  for (const v1::ZoneMember& member : item.members()) {
    if (member.alias() <= 0) {
      AddError(errors, "members", "Each member needs the id of an alias: {\"alias\": <id>}.");
      continue;
    }
    if (seen.insert(member.alias()).second) ids.push_back(member.alias());
  }
  for (const v1::ZoneMember& member : item.members()) {
    if (!member.has_role()) continue;
    if (auto error = CheckUse(member.role())) AddError(errors, "members", "Role " + *error);
  }
  if (ids.size() > kMaxZoneMembers) {
    AddError(errors, "members",
             "A zone holds at most " + std::to_string(kMaxZoneMembers) + " members.");
  }
  return ids;
}

std::optional<std::vector<int64_t>> RequestedProjects(
    const google::protobuf::RepeatedField<int64_t>& projects, const Presence& presence,
    FieldErrors& errors) {
  if (projects.empty() && !presence.Named("projects")) return std::nullopt;
  std::vector<int64_t> ids;
  std::set<int64_t> seen;
  for (int64_t project : projects) {
    if (project <= 0) {
      AddError(errors, "projects", "Project " + std::to_string(project) + " does not exist.");
      continue;
    }
    if (seen.insert(project).second) ids.push_back(project);
  }
  return ids;
}

MemberRoles RequestedMemberRoles(const v1::ZoneItem& item) {
  MemberRoles roles;
  for (const v1::ZoneMember& member : item.members()) {
    if (member.alias() > 0 && member.has_role() && !CheckUse(member.role())) {
      roles.emplace(member.alias(), member.role());
    }
  }
  return roles;
}

bool IsUpdate(std::optional<int64_t> id) { return id.has_value() && *id != 0; }

IdSetDiff DiffIdSets(const std::vector<int64_t>& current, const std::vector<int64_t>& wanted) {
  const std::set<int64_t> have(current.begin(), current.end());
  const std::set<int64_t> want(wanted.begin(), wanted.end());
  IdSetDiff diff;
  std::set_difference(want.begin(), want.end(), have.begin(), have.end(),
                      std::back_inserter(diff.added));
  std::set_difference(have.begin(), have.end(), want.begin(), want.end(),
                      std::back_inserter(diff.removed));
  return diff;
}

namespace {

void ApplyVendor(bool has, const std::string& value, bool named, FabricValues& values,
                 FieldErrors& errors) {
  ApplyString(has, value, named, "san_vendor", values.san_vendor, errors,
              [](const std::string& vendor) {
                return CheckChoice(vendor, {"BR", "CI"});
              });
}

void ApplyOptionalInt(bool has, int32_t value, bool named, std::string_view field, int64_t min,
                      int64_t max, std::optional<int32_t>& target, FieldErrors& errors) {
  if (has) {
    if (auto error = CheckRange(value, min, max)) {
      AddError(errors, field, *error);
    } else {
      target = value;
    }
  } else if (named) {
    target.reset();
  }
}

/// zoning_mode, smart_zoning and fos_name_rules of a create or update request.
template <class Request>
void ApplyZoningSettings(const Request& request, const Presence& present, FabricValues& values,
                         FieldErrors& errors) {
  ApplyString(request.has_zoning_mode(), request.zoning_mode(), present.Named("zoning_mode"),
              "zoning_mode", values.zoning_mode, errors, CheckZoningMode);
  ApplyBool(request.has_smart_zoning(), request.smart_zoning(), present.Named("smart_zoning"),
            "smart_zoning", values.smart_zoning, errors);
  ApplyString(request.has_fos_name_rules(), request.fos_name_rules(),
              present.Named("fos_name_rules"), "fos_name_rules", values.fos_name_rules, errors,
              CheckFosNameRules);
}

constexpr int64_t kVsanMin = 1, kVsanMax = 4094;
constexpr int64_t kDomainMin = 1, kDomainMax = 239;

}  // namespace

FabricValues FabricFromCreate(const v1::CreateFabricRequest& request, FieldErrors& errors) {
  FabricValues values;
  if (auto error = CheckLabel(request.name(), kFabricNameMax)) {
    AddError(errors, "name", request.name().empty() ? std::string(kRequired) : *error);
  } else {
    values.name = request.name();
  }
  if (auto error = CheckLabel(request.zoneset_name(), kZonesetNameMax)) {
    AddError(errors, "zoneset_name",
             request.zoneset_name().empty() ? std::string(kRequired) : *error);
  } else {
    values.zoneset_name = request.zoneset_name();
  }
  ApplyVendor(request.has_san_vendor(), request.san_vendor(), false, values, errors);
  ApplyOptionalInt(request.has_vsan(), request.vsan(), false, "vsan", kVsanMin, kVsanMax,
                   values.vsan, errors);
  ApplyOptionalInt(request.has_domain_id(), request.domain_id(), false, "domain_id", kDomainMin,
                   kDomainMax, values.domain_id, errors);
  values.exists = request.exists();
  ApplyNotes(true, request.notes(), false, values.notes, errors);
  ApplyZoningSettings(request, Presence(google::protobuf::RepeatedPtrField<std::string>()), values,
                      errors);
  return values;
}

void ApplyFabricUpdate(const v1::UpdateFabricRequest& request, FabricValues& values,
                       FieldErrors& errors) {
  const Presence present(request.json_fields());
  auto is_present = [&](bool has, std::string_view field) { return has || present.Named(field); };
  if (!request.partial()) {
    // PUT: every editable field takes the request's value or its default.
    const FabricValues defaults;
    if (!is_present(request.has_name(), "name")) AddError(errors, "name", kRequired);
    if (!is_present(request.has_zoneset_name(), "zoneset_name")) {
      AddError(errors, "zoneset_name", kRequired);
    }
    if (!is_present(request.has_san_vendor(), "san_vendor"))
      values.san_vendor = defaults.san_vendor;
    if (!is_present(request.has_vsan(), "vsan")) values.vsan.reset();
    if (!is_present(request.has_domain_id(), "domain_id")) values.domain_id.reset();
    if (!is_present(request.has_exists(), "exists")) values.exists = defaults.exists;
    if (!is_present(request.has_notes(), "notes")) values.notes.clear();
    if (!is_present(request.has_zoning_mode(), "zoning_mode")) {
      values.zoning_mode = defaults.zoning_mode;
    }
    if (!is_present(request.has_smart_zoning(), "smart_zoning")) {
      values.smart_zoning = defaults.smart_zoning;
    }
    if (!is_present(request.has_fos_name_rules(), "fos_name_rules")) {
      values.fos_name_rules = defaults.fos_name_rules;
    }
  }
  ApplyString(request.has_name(), request.name(), present.Named("name"), "name", values.name,
              errors, [](const std::string& name) { return CheckLabel(name, kFabricNameMax); });
  ApplyString(request.has_zoneset_name(), request.zoneset_name(), present.Named("zoneset_name"),
              "zoneset_name", values.zoneset_name, errors,
              [](const std::string& name) { return CheckLabel(name, kZonesetNameMax); });
  ApplyVendor(request.has_san_vendor(), request.san_vendor(), present.Named("san_vendor"), values,
              errors);
  ApplyOptionalInt(request.has_vsan(), request.vsan(), present.Named("vsan"), "vsan", kVsanMin,
                   kVsanMax, values.vsan, errors);
  ApplyOptionalInt(request.has_domain_id(), request.domain_id(), present.Named("domain_id"),
                   "domain_id", kDomainMin, kDomainMax, values.domain_id, errors);
  ApplyBool(request.has_exists(), request.exists(), present.Named("exists"), "exists",
            values.exists, errors);
  ApplyNotes(request.has_notes(), request.notes(), present.Named("notes"), values.notes, errors);
  ApplyZoningSettings(request, present, values, errors);
}

}  // namespace sanplane::san
