#include "import_plan.hpp"

#include <sodium.h>

#include <algorithm>
#include <set>

#include "common/errors.hpp"
#include "validation.hpp"

namespace sanplane::san {
namespace {

using common::Error;
using common::ErrorKind;

constexpr size_t kMaxReportedProblems = 100;
constexpr size_t kNameMax = 100;  // alias and zone names (validation.cpp)

/// Problems of the imported values, refused together.
class Problems {
 public:
  void Add(std::string problem) {
    if (details_.problems().problems_size() < static_cast<int>(kMaxReportedProblems)) {
      details_.mutable_problems()->add_problems(std::move(problem));
    }
    ++count_;
  }
  void ThrowIfAny(const std::string& what) const {
    if (count_ == 0) return;
    throw Error(ErrorKind::kInvalidArgument,
                what + ": " + details_.problems().problems(0) +
                    (count_ > 1 ? " (" + std::to_string(count_ - 1) + " more in details)" : ""),
                details_);
  }

 private:
  size_t count_ = 0;
  common::v1::ErrorDetails details_;
};

std::string Joined(const std::vector<std::string>& parts) {
  std::string text;
  for (const std::string& part : parts) text += (text.empty() ? "" : ", ") + part;
  return text;
}

/// The resolution of a conflict, or nullopt (a preview, or none given).
std::optional<std::string> ResolutionOf(const ImportResolutions* resolutions,
                                        const std::string& kind, const std::string& name) {
  if (resolutions == nullptr) return std::nullopt;
  const auto found = resolutions->find({kind, name});
  if (found == resolutions->end()) return std::nullopt;
  return found->second;
}

/// Plans one import; the state of a plan under way.
class Planner {
 public:
  Planner(const zoning::Fabric& imported, const ImportTarget& target,
          const ImportResolutions* resolutions)
      : imported_(imported), target_(target), resolutions_(resolutions) {
    if (target.stored) {
      for (const AliasRow& alias : target.stored->aliases) {
        aliases_by_name_[alias.values.name] = &alias;
        alias_names_[alias.id] = alias.values.name;
        for (const std::string& wwpn : alias.values.Wwpns())
          wwpn_holders_[wwpn] = alias.values.name;
        taken_names_.insert({"alias", alias.values.name});
      }
      for (const ZoneRow& zone : target.stored->zones) {
        zones_by_name_[zone.values.name] = &zone;
        taken_names_.insert({"zone", zone.values.name});
      }
    }
    for (const zoning::Alias& alias : imported.aliases) taken_names_.insert({"alias", alias.name});
    for (const zoning::Zone& zone : imported.zones) taken_names_.insert({"zone", zone.name});
  }

  ImportPlan Plan() {
    PlanFabric();
    for (const zoning::Alias& alias : imported_.aliases) PlanAlias(alias);
    for (const zoning::Zone& zone : imported_.zones) PlanZone(zone);
    problems_.ThrowIfAny("The import cannot be written");
    unresolved_.ThrowIfAny("Some conflicts have no usable resolution");
    return std::move(plan_);
  }

 private:
  void PlanFabric() {
    const std::string vendor = SanVendorOf(imported_.vendor);
    if (!target_.stored) {
      plan_.fabric_action = ImportAction::kCreate;
      FabricValues& v = plan_.fabric_values = target_.new_fabric;
      v.san_vendor = vendor;
      if (v.zoneset_name.empty()) v.zoneset_name = imported_.zoneset_name;
      if (v.zoneset_name.empty()) {
        problems_.Add("The text names no zoneset or cfg; give new_fabric.zoneset_name.");
      }
      v.vsan = imported_.vsan;
      v.exists = true;
      v.zoning_mode = imported_.zoning_mode == zoning::ZoningMode::kBasic ? "basic" : "enhanced";
      v.smart_zoning = imported_.smart_zoning;
      return;
    }
    const FabricRow& stored = target_.stored->fabric;
    plan_.stored_fabric = &stored;
    plan_.touched[{"fabric", stored.id}] = stored.stamp.version;
    if (stored.values.san_vendor != vendor) {
      throw common::InvalidFields(
          "The text is " + std::string(zoning::VendorName(imported_.vendor)) + " output; fabric " +
              stored.values.name + " is not.",
          {{"format",
            "Fabric " + stored.values.name + " has vendor " + stored.values.san_vendor + "."}});
    }
    FabricValues v = stored.values;
    // The switch is the truth for what it shows. Smart zoning and basic mode are only ever
    // stated by the text; their opposites are also what a text that says nothing of them parses
    // to, so they never turn a stored setting back.
    if (!imported_.zoneset_name.empty() && imported_.zoneset_name != v.zoneset_name) {
      v.zoneset_name = imported_.zoneset_name;
      plan_.fabric_changes.push_back("zoneset_name");
    }
    if (!v.vsan && imported_.vsan) {
      v.vsan = imported_.vsan;
      plan_.fabric_changes.push_back("vsan");
    }
    if (!v.exists) {
      v.exists = true;
      plan_.fabric_changes.push_back("exists");
    }
    if (imported_.smart_zoning && !v.smart_zoning) {
      v.smart_zoning = true;
      plan_.fabric_changes.push_back("smart_zoning");
    }
    if (imported_.zoning_mode == zoning::ZoningMode::kBasic && v.zoning_mode != "basic") {
      v.zoning_mode = "basic";
      plan_.fabric_changes.push_back("zoning_mode");
    }
    plan_.fabric_values = v;
    plan_.fabric_action =
        plan_.fabric_changes.empty() ? ImportAction::kUnchanged : ImportAction::kUpdate;
  }

  /// "<name>_copy", or "<name>_copy2", … when that is taken too.
  std::string CopyName(const std::string& kind, const std::string& name) {
    std::string copy = name + "_copy";
    for (int n = 2; taken_names_.contains({kind, copy}); ++n) {
      copy = name + "_copy" + std::to_string(n);
    }
    taken_names_.insert({kind, copy});
    return copy;
  }

  /// The alias of a stored fabric or of this import holding one of `wwpns`, other than `self`.
  std::optional<std::string> HolderOf(const std::vector<std::string>& wwpns,
                                      const std::string& self) const {
    for (const std::string& wwpn : wwpns) {
      const auto holder = wwpn_holders_.find(wwpn);
      if (holder != wwpn_holders_.end() && holder->second != self) return holder->second;
    }
    return std::nullopt;
  }

  void CheckName(const std::string& kind, const std::string& name) {
    if (auto error = CheckObjectName(name, kNameMax)) {
      problems_.Add(kind + " " + name + ": " + *error);
    }
  }

  /// Lists the conflict and answers the resolution it takes at apply (nullopt in a preview, or
  /// when none usable was given); `action` becomes kConflict, or kSkip when skipped.
  std::optional<std::string> Settle(ImportConflictNote note, ImportAction& action) {
    action = ImportAction::kConflict;
    std::optional<std::string> chosen = Resolve(note);
    plan_.conflicts.push_back(std::move(note));
    if (chosen == "skip") action = ImportAction::kSkip;
    return chosen;
  }

  /// The resolution a conflict takes, or nullopt (a preview, or unusable: reported).
  std::optional<std::string> Resolve(const ImportConflictNote& note) {
    const std::optional<std::string> chosen = ResolutionOf(resolutions_, note.kind, note.name);
    if (resolutions_ == nullptr) return std::nullopt;
    if (!chosen || std::find(note.resolutions.begin(), note.resolutions.end(), *chosen) ==
                       note.resolutions.end()) {
      unresolved_.Add(note.kind + " " + note.name + " (" + note.reason + "): resolve it with " +
                      Joined(note.resolutions));
      return std::nullopt;
    }
    return chosen;
  }

  AliasValues NewAlias(const zoning::Alias& alias, const std::string& name) const {
    AliasValues v;
    v.name = name;
    v.wwpn = alias.wwpns.front();
    v.more_wwpns.assign(alias.wwpns.begin() + 1, alias.wwpns.end());
    if (alias.use) v.use = std::string(zoning::RoleName(*alias.use));
    v.cisco_alias = std::string(zoning::AliasKindName(alias.kind));
    v.logged_in = alias.logged_in;
    return v;
  }

  void Claim(const std::vector<std::string>& wwpns, const std::string& name) {
    for (const std::string& wwpn : wwpns) wwpn_holders_[wwpn] = name;
  }

  void PlanAlias(const zoning::Alias& alias) {
    CheckName("alias", alias.name);
    if (alias.wwpns.empty() || alias.wwpns.size() > kMaxAliasWwpns) {
      problems_.Add("alias " + alias.name + ": an alias holds 1 to " +
                    std::to_string(kMaxAliasWwpns) + " WWPNs");
      return;
    }
    PlannedAlias planned;
    planned.name = alias.name;
    const auto stored = aliases_by_name_.find(alias.name);
    if (stored != aliases_by_name_.end()) {
      const AliasRow& row = *stored->second;
      planned.stored = &row;
      plan_.touched[{"alias", row.id}] = row.stamp.version;
      const std::vector<std::string> stored_wwpns = row.values.Wwpns();
      if (stored_wwpns == alias.wwpns) {
        planned.action = ImportAction::kUnchanged;
      } else {
        PlanAliasConflict(alias, row, stored_wwpns, planned);
      }
    } else if (const auto holder = HolderOf(alias.wwpns, alias.name)) {
      PlanWwpnInUse(alias, *holder, planned);
    } else {
      planned.action = ImportAction::kCreate;
      planned.values = NewAlias(alias, alias.name);
      Claim(alias.wwpns, alias.name);
    }
    plan_.aliases.push_back(std::move(planned));
  }

  /// An alias stored under the name with other WWPNs.
  void PlanAliasConflict(const zoning::Alias& alias, const AliasRow& row,
                         const std::vector<std::string>& stored_wwpns, PlannedAlias& planned) {
    ImportConflictNote note{"alias",       alias.name,
                            "alias_wwpns", "Alias " + alias.name + " exists with other WWPNs.",
                            stored_wwpns,  alias.wwpns,
                            {"skip"}};
    // Replacing or copying is offered only when no other alias holds an imported WWPN.
    if (!HolderOf(alias.wwpns, alias.name)) note.resolutions.push_back("replace");
    bool overlaps_self = false;
    for (const std::string& wwpn : alias.wwpns) {
      overlaps_self |=
          std::find(stored_wwpns.begin(), stored_wwpns.end(), wwpn) != stored_wwpns.end();
    }
    if (!overlaps_self && !HolderOf(alias.wwpns, alias.name)) {
      note.resolutions.push_back("rename");
    }
    const std::optional<std::string> chosen = Settle(std::move(note), planned.action);
    if (!chosen || *chosen == "skip") return;
    if (*chosen == "replace") {
      planned.action = ImportAction::kUpdate;
      planned.values = row.values;
      planned.values.wwpn = alias.wwpns.front();
      planned.values.more_wwpns.assign(alias.wwpns.begin() + 1, alias.wwpns.end());
      planned.changes.push_back("wwpns");
      for (const std::string& wwpn : stored_wwpns) wwpn_holders_.erase(wwpn);
      Claim(alias.wwpns, alias.name);
    } else {
      const std::string copy = CopyName("alias", alias.name);
      renamed_aliases_[alias.name] = copy;
      planned.name = copy;
      planned.stored = nullptr;
      planned.action = ImportAction::kCreate;
      planned.values = NewAlias(alias, copy);
      Claim(alias.wwpns, copy);
    }
  }

  /// A new alias whose WWPN another alias holds already (stored, or earlier in this import): the
  /// port has a name here already, so zones that name the import's alias get that one.
  void PlanWwpnInUse(const zoning::Alias& alias, const std::string& holder, PlannedAlias& planned) {
    ImportConflictNote note{
        "alias",       alias.name,
        "wwpn_in_use", "A WWPN of alias " + alias.name + " belongs to alias " + holder + ".",
        {holder},      alias.wwpns,
        {"skip"}};
    planned.stored = nullptr;
    if (!Settle(std::move(note), planned.action)) return;
    renamed_aliases_[alias.name] = holder;
  }

  /// The name a zone member has once the import is written.
  std::string MemberName(const std::string& alias) const {
    const auto renamed = renamed_aliases_.find(alias);
    return renamed == renamed_aliases_.end() ? alias : renamed->second;
  }

  void PlanZone(const zoning::Zone& zone) {
    CheckName("zone", zone.name);
    if (zone.members.size() > kMaxZoneMembers) {
      problems_.Add("zone " + zone.name + ": a zone holds at most " +
                    std::to_string(kMaxZoneMembers) + " members");
      return;
    }
    PlannedZone planned;
    planned.name = zone.name;
    std::set<std::string> member_set;
    for (const zoning::ZoneMember& member : zone.members) {
      const std::string name = MemberName(member.alias);
      if (!member_set.insert(name).second) continue;
      planned.members.push_back(name);
      if (member.role) planned.roles[name] = std::string(zoning::RoleName(*member.role));
    }
    std::sort(planned.members.begin(), planned.members.end());
    ZoneValues imported_values;
    imported_values.name = zone.name;
    imported_values.zone_type = ZoneTypeOf(zone.type);
    imported_values.exists = true;
    imported_values.in_zoneset = zone.in_zoneset;

    const auto stored = zones_by_name_.find(zone.name);
    if (stored == zones_by_name_.end()) {
      planned.action = ImportAction::kCreate;
      planned.values = imported_values;
      plan_.zones.push_back(std::move(planned));
      return;
    }
    const ZoneRow& row = *stored->second;
    planned.stored = &row;
    plan_.touched[{"zone", row.id}] = row.stamp.version;
    std::vector<std::string> stored_members;
    std::map<std::string, std::string> stored_roles;
    for (int64_t id : row.members) {
      const std::string& name = alias_names_.at(id);
      stored_members.push_back(name);
      if (const auto role = row.member_roles.find(id); role != row.member_roles.end()) {
        stored_roles[name] = role->second;
      }
    }
    std::sort(stored_members.begin(), stored_members.end());
    planned.values = row.values;
    planned.values.zone_type = imported_values.zone_type;
    planned.values.exists = true;
    planned.values.in_zoneset = imported_values.in_zoneset;
    if (stored_members != planned.members) {
      PlanZoneConflict(zone, row, stored_members, imported_values, planned);
      plan_.zones.push_back(std::move(planned));
      return;
    }
    if (planned.values.zone_type != row.values.zone_type) planned.changes.push_back("zone_type");
    if (planned.values.exists != row.values.exists) planned.changes.push_back("exists");
    if (planned.values.in_zoneset != row.values.in_zoneset) {
      planned.changes.push_back("in_zoneset");
    }
    if (planned.roles != stored_roles) {
      planned.changes.push_back("roles");
      planned.members_change = true;
    }
    planned.action = planned.changes.empty() ? ImportAction::kUnchanged : ImportAction::kUpdate;
    plan_.zones.push_back(std::move(planned));
  }

  void PlanZoneConflict(const zoning::Zone& zone, const ZoneRow& row,
                        const std::vector<std::string>& stored_members,
                        const ZoneValues& imported_values, PlannedZone& planned) {
    ImportConflictNote note{"zone",
                            zone.name,
                            "zone_members",
                            "Zone " + zone.name + " exists with other members.",
                            stored_members,
                            planned.members,
                            {"skip", "replace", "rename"}};
    const std::optional<std::string> chosen = Settle(std::move(note), planned.action);
    if (!chosen || *chosen == "skip") return;
    if (*chosen == "replace") {
      planned.action = ImportAction::kUpdate;
      planned.members_change = true;
      planned.changes.push_back("members");
      if (planned.values.zone_type != row.values.zone_type) planned.changes.push_back("zone_type");
    } else {
      planned.action = ImportAction::kCreate;
      planned.stored = nullptr;
      planned.name = CopyName("zone", zone.name);
      planned.values = imported_values;
      planned.values.name = planned.name;
    }
  }

  const zoning::Fabric& imported_;
  const ImportTarget& target_;
  const ImportResolutions* resolutions_;
  ImportPlan plan_;
  Problems problems_, unresolved_;
  std::map<std::string, const AliasRow*> aliases_by_name_;
  std::map<std::string, const ZoneRow*> zones_by_name_;
  std::map<int64_t, std::string> alias_names_;
  std::map<std::string, std::string> wwpn_holders_;     // WWPN -> alias name
  std::map<std::string, std::string> renamed_aliases_;  // imported name -> name written
  std::set<std::pair<std::string, std::string>> taken_names_;
};

}  // namespace

std::string_view ImportActionName(ImportAction action) {
  switch (action) {
    case ImportAction::kCreate:
      return "create";
    case ImportAction::kUpdate:
      return "update";
    case ImportAction::kUnchanged:
      return "unchanged";
    case ImportAction::kConflict:
      return "conflict";
    case ImportAction::kSkip:
      return "skip";
  }
  return "unchanged";
}

const zoning::Fabric& ImportedFabric(const zoning::ImportResult& result,
                                     std::optional<int32_t> vsan) {
  if (!result.error.empty()) {
    throw common::InvalidFields("The text cannot be imported.", {{"text", result.error}});
  }
  if (result.fabrics.empty()) {
    throw common::InvalidFields(
        "The text holds no zoning.",
        {{"text",
          "No alias, zone or zoneset found: paste the output of show zoneset active, show zone, "
          "show running-config (Cisco MDS) or cfgshow (Brocade)."}});
  }
  if (result.fabrics.size() == 1) {
    const zoning::Fabric& only = result.fabrics.front();
    if (vsan && only.vsan && *only.vsan != *vsan) {
      throw common::InvalidFields(
          "The text is of another VSAN.",
          {{"text", "The text holds VSAN " + std::to_string(*only.vsan) + ", the fabric is VSAN " +
                        std::to_string(*vsan) + "."}});
    }
    return only;
  }
  std::string vsans;
  for (const zoning::Fabric& fabric : result.fabrics) {
    if (vsan && fabric.vsan == vsan) return fabric;
    vsans += (vsans.empty() ? "" : ", ") + std::to_string(fabric.vsan.value_or(0));
  }
  throw common::InvalidFields(
      "The text holds several VSANs.",
      {{"text", "The text holds VSANs " + vsans +
                    "; import into a fabric with one of these VSANs, one VSAN at a time."}});
}

ImportPlan PlanImport(const zoning::Fabric& imported, const ImportTarget& target,
                      const ImportResolutions* resolutions) {
  return Planner(imported, target, resolutions).Plan();
}

std::string ImportDigest(std::string_view text, const ImportTarget& target,
                         const ImportPlan& plan) {
  std::string seen = "sanplane-import-1\n";
  seen += target.stored ? "fabric " + std::to_string(target.stored->fabric.id)
                        : "new " + target.new_fabric.name;
  seen += '\n';
  for (const auto& [record, version] : plan.touched) {
    seen +=
        record.first + " " + std::to_string(record.second) + " " + std::to_string(version) + "\n";
  }
  unsigned char hash[crypto_hash_sha256_BYTES];
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(seen.data()),
                            seen.size());
  crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(text.data()),
                            text.size());
  crypto_hash_sha256_final(&state, hash);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  for (unsigned char byte : hash) {
    hex += kHex[byte >> 4];
    hex += kHex[byte & 0xf];
  }
  return hex;
}

namespace {

template <class Planned>
void FillRecord(const Planned& planned, v1::ImportRecord& out) {
  out.set_name(planned.name);
  out.set_action(std::string(ImportActionName(planned.action)));
  if (planned.stored != nullptr) {
    out.set_id(planned.stored->id);
    out.set_version(planned.stored->stamp.version);
  }
  for (const std::string& change : planned.changes) out.add_changes(change);
}

void Count(ImportAction action, v1::ImportPreview& preview) {
  if (action == ImportAction::kCreate) preview.set_created(preview.created() + 1);
  if (action == ImportAction::kUpdate) preview.set_updated(preview.updated() + 1);
  if (action == ImportAction::kUnchanged) preview.set_unchanged(preview.unchanged() + 1);
}

}  // namespace

void FillPreview(const ImportPlan& plan, v1::ImportPreview& preview) {
  v1::ImportRecord& fabric = *preview.mutable_fabric();
  fabric.set_name(plan.fabric_values.name);
  fabric.set_action(std::string(ImportActionName(plan.fabric_action)));
  if (plan.stored_fabric != nullptr) {
    fabric.set_id(plan.stored_fabric->id);
    fabric.set_version(plan.stored_fabric->stamp.version);
  }
  for (const std::string& change : plan.fabric_changes) fabric.add_changes(change);
  Count(plan.fabric_action, preview);
  for (const PlannedAlias& alias : plan.aliases) {
    FillRecord(alias, *preview.add_aliases());
    Count(alias.action, preview);
  }
  for (const PlannedZone& zone : plan.zones) {
    FillRecord(zone, *preview.add_zones());
    Count(zone.action, preview);
  }
  for (const ImportConflictNote& note : plan.conflicts) {
    v1::ImportConflict& out = *preview.add_conflicts();
    out.set_kind(note.kind);
    out.set_name(note.name);
    out.set_reason(note.reason);
    out.set_message(note.message);
    for (const std::string& value : note.stored) out.add_stored(value);
    for (const std::string& value : note.imported) out.add_imported(value);
    for (const std::string& value : note.resolutions) out.add_resolutions(value);
  }
}

}  // namespace sanplane::san
