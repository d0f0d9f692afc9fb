// Brocade `cfgshow`. The shape it reads (our own example of the switch's layout):
//
//   Defined configuration:
//    cfg:	PROD_A	z_host1;
//   		z_host2
//    zone:	z_host1	host1_p0; array_p1
//    zone:	z_peer	00:02:00:00:00:03:01:01; array_p1; host2_p0
//    alias:	host1_p0	10:00:00:90:FA:A1:00:01
//   Effective configuration:
//    cfg:	PROD_A
//    zone:	z_host1
//   		10:00:00:90:fa:a1:00:01
//
// Names and members are separated by tabs or spaces, members by `;` (with or without blanks, a
// trailing one included); a line that starts blank and has no `kind:` continues the entry above.
// The defined configuration is what is imported; the effective one says which cfg is enabled
// (its zones are the fabric's cfg) and supplies the zones it alone lists.
//
// Peer zones: the first member of a peer zone is a property WWN beginning `00`; sanplane reads
// its seventh byte as the number of principal members, which follow it (principal -> target,
// the others -> init), the layout `zonecreate --peerzone` produces. This reading is not verified
// against a switch: a count that does not fit the members is a warning, and the members then get
// no role (the aliases' uses stand in).

#include <algorithm>
#include <span>
#include <unordered_map>
#include <unordered_set>

#include "common/text.hpp"
#include "common/wwpn.hpp"
#include "zoning/import_builder.hpp"
#include "zoning/vendor_imports.hpp"

namespace sanplane::san::zoning {
namespace {

enum class Section { kNone, kDefined, kEffective };
enum class EntryKind { kCfg, kZone, kAlias };

struct Member {
  std::string_view text;
  size_t line = 0;
};

struct Entry {
  EntryKind kind = EntryKind::kZone;
  std::string name;
  size_t line = 0;
  std::vector<Member> members;
};

std::optional<EntryKind> EntryKindOf(std::string_view keyword) {
  if (keyword == "cfg:") return EntryKind::kCfg;
  if (keyword == "zone:") return EntryKind::kZone;
  if (keyword == "alias:") return EntryKind::kAlias;
  return std::nullopt;
}

void AppendMembers(std::string_view text, size_t line, std::vector<Member>& out) {
  size_t pos = 0;
  while (pos < text.size()) {
    const size_t end = std::min(text.find_first_of("; \t", pos), text.size());
    if (end > pos) out.push_back({text.substr(pos, end - pos), line});
    pos = end + 1;
  }
}

bool IsPortMember(std::string_view text) {
  // `domain,index` (e.g. 1,15): a switch port, not a device.
  return text.find(',') != std::string_view::npos;
}

/// The number of principal members a peer zone's property WWN announces (its seventh byte).
size_t PrincipalCount(const std::string& property) {
  constexpr size_t kSeventhByte = 6 * 3;
  const std::string byte = property.substr(kSeventhByte, 2);
  size_t value = 0;
  for (char c : byte) value = value * 16 + static_cast<size_t>(c <= '9' ? c - '0' : c - 'a' + 10);
  return value;
}

class BrocadeParser {
 public:
  BrocadeParser(const WwpnPrefixTable& prefixes, ImportWarnings& warnings)
      : prefixes_(prefixes), warnings_(warnings) {}

  void Parse(const std::vector<InputLine>& lines) {
    for (const InputLine& line : lines) ParseLine(line);
  }

  std::vector<Fabric> Finish() &&;

 private:
  void ParseLine(const InputLine& line);
  void AddZone(const Entry& entry);
  void AddAlias(const Entry& entry);

  const WwpnPrefixTable& prefixes_;
  ImportWarnings& warnings_;
  Section section_ = Section::kNone;
  Entry* open_ = nullptr;  // the entry continuation lines extend
  std::vector<Entry> defined_;
  std::vector<Entry> effective_;
  FabricBuilder builder_{[] {
    Fabric fabric;
    fabric.vendor = Vendor::kBrocade;
    return fabric;
  }()};
};

void BrocadeParser::ParseLine(const InputLine& line) {
  const std::string_view trimmed = common::TrimBlanks(line.text);
  if (trimmed.empty()) {
    open_ = nullptr;
    return;
  }
  if (trimmed == "Defined configuration:" || trimmed == "Effective configuration:") {
    section_ = trimmed.front() == 'D' ? Section::kDefined : Section::kEffective;
    open_ = nullptr;
    return;
  }
  if (trimmed.starts_with("No Effective configuration") ||
      trimmed.starts_with("no configuration defined")) {
    section_ = Section::kNone;
    open_ = nullptr;
    return;
  }
  const std::vector<std::string_view> words = Words(trimmed);
  if (std::optional<EntryKind> kind = EntryKindOf(words.front())) {
    if (section_ == Section::kNone || words.size() < 2) {
      warnings_.Unrecognised(line, section_ == Section::kNone
                                       ? "entry outside the defined and effective configuration"
                                       : "entry without a name");
      open_ = nullptr;
      return;
    }
    if (section_ == Section::kEffective && *kind == EntryKind::kAlias) {
      // The effective configuration lists zones by WWPN; an alias there is not switch output.
      warnings_.Unrecognised(line, "alias in the effective configuration");
      open_ = nullptr;
      return;
    }
    std::vector<Entry>& entries = section_ == Section::kDefined ? defined_ : effective_;
    Entry& entry = entries.emplace_back();
    entry.kind = *kind;
    entry.name = std::string(words[1]);
    entry.line = line.number;
    const size_t name_end = words[1].data() + words[1].size() - trimmed.data();
    AppendMembers(trimmed.substr(name_end), line.number, entry.members);
    open_ = &entry;
    return;
  }
  const bool continuation = line.text.front() == ' ' || line.text.front() == '\t';
  if (continuation && open_) {
    AppendMembers(trimmed, line.number, open_->members);
    return;
  }
  warnings_.Unrecognised(line);
}

void BrocadeParser::AddAlias(const Entry& entry) {
  Alias& alias = builder_.AliasNamed(entry.name, AliasKind::kFcAlias);
  for (const Member& member : entry.members) {
    if (std::optional<std::string> wwpn = common::NormalizeWwpn(member.text)) {
      builder_.AddWwpn(alias, *wwpn);
    } else if (IsPortMember(member.text)) {
      warnings_.Add(member.line, "Alias " + entry.name + ": port member " +
                                     std::string(member.text) + " is not imported.");
    } else {
      warnings_.Add(member.line, "Alias " + entry.name + ": \"" + std::string(member.text) +
                                     "\" is not a WWPN and is not imported.");
    }
  }
  if (alias.wwpns.empty()) {
    warnings_.Add(entry.line, "Alias " + entry.name + " has no WWPN.");
  }
}

void BrocadeParser::AddZone(const Entry& entry) {
  Zone& zone = builder_.ZoneNamed(entry.name);
  std::span<const Member> members(entry.members);
  std::optional<size_t> principals;
  if (!members.empty()) {
    std::optional<std::string> first = common::NormalizeWwpn(members.front().text);
    if (first && first->starts_with("00:")) {
      zone.type = ZoneType::kSmart;
      principals = PrincipalCount(*first);
      members = members.subspan(1);
      if (*principals == 0 || *principals >= members.size()) {
        warnings_.Add(entry.line, "Peer zone " + entry.name + ": its property member " + *first +
                                      " announces " + std::to_string(*principals) +
                                      " principal members of " + std::to_string(members.size()) +
                                      "; members get no role.");
        principals.reset();
      }
    }
  }
  for (size_t i = 0; i < members.size(); ++i) {
    const Member& member = members[i];
    std::optional<Role> role;
    if (principals) role = i < *principals ? Role::kTarget : Role::kInit;
    if (std::optional<std::string> wwpn = common::NormalizeWwpn(member.text)) {
      builder_.AddMember(zone, builder_.BareWwpn(*wwpn).name, role);
    } else if (IsPortMember(member.text)) {
      warnings_.Add(member.line, "Zone " + entry.name + ": port member " +
                                     std::string(member.text) + " is not imported.");
    } else {
      builder_.AddMember(zone, std::string(member.text), role);
    }
  }
}

std::vector<Fabric> BrocadeParser::Finish() && {
  for (const Entry& entry : defined_) {
    if (entry.kind == EntryKind::kAlias) AddAlias(entry);
  }
  std::unordered_set<std::string> defined_zones;
  for (const Entry& entry : defined_) {
    if (entry.kind != EntryKind::kZone) continue;
    AddZone(entry);
    defined_zones.insert(entry.name);
  }
  // The enabled cfg: the effective one, else the only (or first) defined one.
  const Entry* effective_cfg = nullptr;
  for (const Entry& entry : effective_) {
    if (entry.kind == EntryKind::kCfg) effective_cfg = &entry;
  }
  std::vector<const Entry*> defined_cfgs;
  for (const Entry& entry : defined_) {
    if (entry.kind == EntryKind::kCfg) defined_cfgs.push_back(&entry);
  }
  const Entry* chosen = nullptr;
  for (const Entry* cfg : defined_cfgs) {
    if (effective_cfg ? cfg->name == effective_cfg->name : chosen == nullptr) chosen = cfg;
  }
  std::unordered_set<std::string> cfg_zones;
  if (chosen) {
    for (const Member& member : chosen->members) cfg_zones.insert(std::string(member.text));
  }
  if (effective_cfg || chosen) {
    builder_.settings().zoneset_name = effective_cfg ? effective_cfg->name : chosen->name;
  }
  if (!effective_cfg && defined_cfgs.size() > 1) {
    warnings_.Add(chosen->line, "No cfg is effective and " + std::to_string(defined_cfgs.size()) +
                                    " are defined; " + chosen->name +
                                    " is taken as the fabric's cfg.");
  } else if (defined_cfgs.size() > 1) {
    warnings_.Add(0, std::to_string(defined_cfgs.size()) +
                         " cfgs are defined; only the membership "
                         "of the effective cfg " +
                         effective_cfg->name + " is imported.");
  }
  // Zones the effective configuration alone lists (with their WWPNs).
  for (const Entry& entry : effective_) {
    if (entry.kind != EntryKind::kZone) continue;
    if (defined_zones.contains(entry.name)) continue;
    cfg_zones.insert(entry.name);
    warnings_.Add(entry.line, "Zone " + entry.name +
                                  " is effective but not defined; it is imported from the "
                                  "effective configuration.");
    AddZone(entry);
    defined_zones.insert(entry.name);
  }
  std::vector<std::string> missing;
  for (const std::string& zone : cfg_zones) {
    if (!defined_zones.contains(zone)) missing.push_back(zone);
  }
  std::sort(missing.begin(), missing.end());
  for (const std::string& zone : missing) {
    warnings_.Add(chosen ? chosen->line : 0,
                  "The cfg names zone " + zone + ", which the text does not define.");
  }
  if (effective_cfg || chosen) {
    builder_.MarkInZoneset(cfg_zones);
  } else if (!defined_zones.empty()) {
    warnings_.Add(0, "The text names no cfg; its zones are taken as members of the fabric's cfg.");
  }
  Fabric fabric = std::move(builder_).Finish(prefixes_);
  std::unordered_set<std::string> alias_names;
  for (const Alias& alias : fabric.aliases) alias_names.insert(alias.name);
  for (const Zone& zone : fabric.zones) {
    for (const ZoneMember& member : zone.members) {
      if (!alias_names.contains(member.alias)) {
        warnings_.Add(0, "Zone " + zone.name + " names " + member.alias +
                             ", which the text does not define as an alias.");
      }
    }
  }
  return {std::move(fabric)};
}

}  // namespace

std::vector<Fabric> ParseBrocadeLines(const std::vector<InputLine>& lines,
                                      const WwpnPrefixTable& prefixes, ImportWarnings& warnings) {
  BrocadeParser parser(prefixes, warnings);
  parser.Parse(lines);
  return std::move(parser).Finish();
}

bool IsBrocadeMarker(std::string_view line) {
  const std::string_view trimmed = common::TrimBlanks(line);
  if (trimmed == "Defined configuration:" || trimmed == "Effective configuration:") return true;
  const std::vector<std::string_view> words = Words(trimmed);
  return words.size() >= 2 && EntryKindOf(words[0]).has_value();
}

}  // namespace sanplane::san::zoning
