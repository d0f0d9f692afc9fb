// Cisco MDS show output. The shapes it reads (our own examples of the switches' layout):
//
//   zoneset name zsv221 vsan 221                      show zoneset active: zones nested in the
//     zone name zv221 vsan 221                        zoneset, members nested in the zone, `*`
//     * fcid 0x2f0000 [pwwn 21:01:…] [host_a]         marking a logged-in port, [name] its
//       pwwn 21:01:… [host_b]  init                   device-alias, a trailing smart-zoning role
//   zone name z50 vsan 50                             show zone: an fcalias member lists its
//     fcalias name arr_0a vsan 50                     WWPNs nested below it
//       pwwn 20:12:… [arr_0a]
//   device-alias name host_a pwwn 21:01:…             show running-config: definitions at the
//   fcalias name arr_0a vsan 50 / member pwwn …       left margin, `member` lines below them,
//   zone name z50 vsan 50 / member pwwn … init        `!   [name]` after a pwwn member naming
//   !           [host_a]                              its device-alias, `zone mode enhanced
//   zoneset name zs50 vsan 50 / member z50            vsan N`, `zone smart-zoning enable vsan N`
//
// Nesting is read from indentation; a leading `*` counts as blank so that a marked member lines
// up with the unmarked ones.

#include <algorithm>
#include <map>
#include <unordered_map>
#include <unordered_set>

#include "common/text.hpp"
#include "common/wwpn.hpp"
#include "zoning/import_builder.hpp"
#include "zoning/vendor_imports.hpp"

namespace sanplane::san::zoning {
namespace {

/// A word, or the text of a `[…]` group (which may hold blanks: `[pwwn 21:01:…]`).
struct Token {
  std::string_view text;
  bool bracketed = false;
};

std::vector<Token> Tokens(std::string_view text) {
  std::vector<Token> tokens;
  size_t pos = 0;
  while (pos < text.size()) {
    if (text[pos] == ' ' || text[pos] == '\t') {
      ++pos;
    } else if (text[pos] == '[') {
      size_t close = text.find(']', pos);
      if (close == std::string_view::npos) close = text.size();
      tokens.push_back({common::TrimBlanks(text.substr(pos + 1, close - pos - 1)), true});
      pos = close + 1;
    } else {
      const size_t start = pos;
      while (pos < text.size() && text[pos] != ' ' && text[pos] != '\t' && text[pos] != '[') ++pos;
      tokens.push_back({text.substr(start, pos - start), false});
    }
  }
  return tokens;
}

/// The column where a line's content starts, a leading `*` counting as blank.
size_t ContentIndent(std::string_view line) {
  const size_t indent = IndentOf(line);
  const size_t star = line.find_first_not_of(" \t");
  if (star == std::string_view::npos || line[star] != '*') return indent;
  std::string blanked(line.substr(0, star + 1));
  blanked.back() = ' ';
  blanked += line.substr(star + 1);
  return IndentOf(blanked);
}

std::optional<int> ParseVsan(std::string_view text) {
  int value = 0;
  if (text.empty() || text.size() > 4) return std::nullopt;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + (c - '0');
  }
  if (value < 1 || value > 4094) return std::nullopt;
  return value;
}

/// `<keyword> name X vsan N` -> {X, N}.
struct NamedInVsan {
  std::string_view name;
  int vsan = 0;
  std::vector<std::string_view> rest;  // words after the VSAN number
};
std::optional<NamedInVsan> ParseNamedInVsan(const std::vector<std::string_view>& words,
                                            size_t name_at) {
  if (words.size() < name_at + 4 || words[name_at] != "name" || words[name_at + 2] != "vsan") {
    return std::nullopt;
  }
  std::optional<int> vsan = ParseVsan(words[name_at + 3]);
  if (!vsan) return std::nullopt;
  return NamedInVsan{words[name_at + 1], *vsan,
                     std::vector<std::string_view>(words.begin() + name_at + 4, words.end())};
}

/// One zone member as a line describes it.
struct MemberSpec {
  AliasKind kind = AliasKind::kWwpn;
  std::string name;  // device-alias or fcalias name; empty for a bare WWPN
  std::string wwpn;  // canonical; empty when the line gives none
  std::optional<Role> role;
};

struct VsanState {
  explicit VsanState(int vsan) : builder(Settings(vsan)) {}
  static Fabric Settings(int vsan) {
    Fabric fabric;
    fabric.vendor = Vendor::kCisco;
    fabric.vsan = vsan;
    return fabric;
  }
  FabricBuilder builder;
  std::vector<std::string> zoneset_order;
  std::unordered_map<std::string, std::unordered_set<std::string>> zoneset_members;
  std::optional<std::string> activated;
  bool mode_known = false;
};

class CiscoParser {
 public:
  CiscoParser(const WwpnPrefixTable& prefixes, ImportWarnings& warnings)
      : prefixes_(prefixes), warnings_(warnings) {}

  void Parse(const std::vector<InputLine>& lines) {
    for (const InputLine& line : lines) ParseLine(line);
    FlushPendingMember();
  }

  std::vector<Fabric> Finish() &&;

 private:
  struct ZoneContext {
    int vsan = 0;
    Zone* zone = nullptr;
    size_t indent = 0;
  };
  struct ZonesetContext {
    int vsan = 0;
    std::string name;
    size_t indent = 0;
  };
  struct FcaliasContext {
    int vsan = 0;
    Alias* alias = nullptr;
    size_t indent = 0;
    bool nested = false;  // listed as a zone member (show zone), not defined (running-config)
  };
  /// A running-config `member pwwn` waits one line for a `!   [name]` naming its device-alias.
  struct PendingMember {
    ZoneContext zone;
    MemberSpec spec;
  };

  VsanState& Vsan(int vsan) {
    auto found = vsans_.find(vsan);
    if (found == vsans_.end()) found = vsans_.emplace(vsan, VsanState(vsan)).first;
    return found->second;
  }

  void ParseLine(const InputLine& line);
  bool ParseComment(const InputLine& line, std::string_view trimmed);
  void CloseContexts(size_t indent);
  bool ParseZoneset(const InputLine& line, const std::vector<std::string_view>& words,
                    size_t indent);
  bool ParseZoneLine(const InputLine& line, const std::vector<std::string_view>& words,
                     size_t indent);
  bool ParseFcalias(const InputLine& line, const std::vector<std::string_view>& words,
                    size_t indent);
  bool ParseDeviceAlias(const InputLine& line, const std::vector<std::string_view>& words);
  bool ParseMemberLine(const InputLine& line, std::string_view content, bool logged_in);
  std::optional<MemberSpec> ParseMemberSpec(const InputLine& line,
                                            const std::vector<Token>& tokens);
  void AddMember(const ZoneContext& zone, const MemberSpec& spec, bool logged_in);
  void FlushPendingMember();
  std::string CanonicalOrWarn(const InputLine& line, std::string_view text);

  const WwpnPrefixTable& prefixes_;
  ImportWarnings& warnings_;
  std::map<int, VsanState> vsans_;
  std::vector<std::string> device_alias_order_;
  std::unordered_map<std::string, std::string> device_alias_wwpn_;
  std::optional<ZoneContext> zone_;
  std::optional<ZonesetContext> zoneset_;
  std::optional<FcaliasContext> fcalias_;
  std::optional<PendingMember> pending_;
};

std::string CiscoParser::CanonicalOrWarn(const InputLine& line, std::string_view text) {
  if (auto canonical = common::NormalizeWwpn(text)) return *canonical;
  warnings_.Add(line.number,
                "\"" + std::string(text) + "\" is not a WWPN; the line is not imported.");
  return {};
}

void CiscoParser::ParseLine(const InputLine& line) {
  const std::string_view trimmed = common::TrimBlanks(line.text);
  if (trimmed.empty()) return;
  if (trimmed.front() == '!') {
    if (!ParseComment(line, trimmed)) FlushPendingMember();
    return;
  }
  FlushPendingMember();
  const size_t indent = ContentIndent(line.text);
  CloseContexts(indent);
  const bool logged_in = trimmed.front() == '*';
  const std::string_view content = logged_in ? common::TrimBlanks(trimmed.substr(1)) : trimmed;
  const std::vector<std::string_view> words = Words(content);
  if (words.empty()) {
    warnings_.Unrecognised(line);
    return;
  }
  if (words[0] == "zoneset" && ParseZoneset(line, words, indent)) return;
  if (words[0] == "zone" && ParseZoneLine(line, words, indent)) return;
  if (words[0] == "fcalias" && ParseFcalias(line, words, indent)) return;
  if (words[0] == "device-alias" && ParseDeviceAlias(line, words)) return;
  if (ParseMemberLine(line, content, logged_in)) return;
  warnings_.Unrecognised(line);
}

bool CiscoParser::ParseComment(const InputLine& line, std::string_view trimmed) {
  // `!           [host_a]` after `member pwwn …`: the device-alias of that member.
  const std::vector<Token> tokens = Tokens(trimmed.substr(1));
  if (tokens.size() != 1 || !tokens[0].bracketed) return false;
  if (!pending_) {
    warnings_.Add(line.number, "A [name] comment that follows no pwwn member is ignored.");
    return true;
  }
  pending_->spec.kind = AliasKind::kDeviceAlias;
  pending_->spec.name = std::string(tokens[0].text);
  FlushPendingMember();
  return true;
}

void CiscoParser::CloseContexts(size_t indent) {
  if (fcalias_ && indent <= fcalias_->indent) fcalias_.reset();
  if (zone_ && indent <= zone_->indent) zone_.reset();
  if (zoneset_ && indent <= zoneset_->indent) zoneset_.reset();
}

bool CiscoParser::ParseZoneset(const InputLine& line, const std::vector<std::string_view>& words,
                               size_t indent) {
  if (words.size() >= 2 && words[1] == "activate") {
    auto named = ParseNamedInVsan(words, 2);
    if (!named || !named->rest.empty()) return false;
    Vsan(named->vsan).activated = std::string(named->name);
    return true;
  }
  auto named = ParseNamedInVsan(words, 1);
  if (!named) return false;
  if (!named->rest.empty()) warnings_.Unrecognised(line, "words after the VSAN are ignored");
  VsanState& vsan = Vsan(named->vsan);
  const std::string name(named->name);
  if (vsan.zoneset_members.emplace(name, std::unordered_set<std::string>()).second) {
    vsan.zoneset_order.push_back(name);
  }
  zone_.reset();
  fcalias_.reset();
  zoneset_ = ZonesetContext{named->vsan, name, indent};
  return true;
}

bool CiscoParser::ParseZoneLine(const InputLine& line, const std::vector<std::string_view>& words,
                                size_t indent) {
  if (words.size() == 5 && words[1] == "mode" && words[3] == "vsan") {
    auto vsan = ParseVsan(words[4]);
    if (!vsan || (words[2] != "enhanced" && words[2] != "basic")) return false;
    VsanState& state = Vsan(*vsan);
    state.builder.settings().zoning_mode =
        words[2] == "enhanced" ? ZoningMode::kEnhanced : ZoningMode::kBasic;
    state.mode_known = true;
    return true;
  }
  if (words.size() == 4 && words[1] == "commit" && words[2] == "vsan" && ParseVsan(words[3])) {
    return true;  // publishes an enhanced-mode change; nothing to import
  }
  if (words.size() == 5 && words[1] == "smart-zoning" && words[2] == "enable" &&
      words[3] == "vsan") {
    auto vsan = ParseVsan(words[4]);
    if (!vsan) return false;
    Vsan(*vsan).builder.settings().smart_zoning = true;
    return true;
  }
  auto named = ParseNamedInVsan(words, 1);
  if (!named) return false;
  if (!named->rest.empty()) warnings_.Unrecognised(line, "words after the VSAN are ignored");
  VsanState& vsan = Vsan(named->vsan);
  Zone& zone = vsan.builder.ZoneNamed(named->name);
  if (zoneset_ && zoneset_->vsan == named->vsan) {
    vsan.zoneset_members[zoneset_->name].insert(zone.name);
  } else if (zoneset_) {
    warnings_.Add(line.number, "Zone " + zone.name + " is listed under zoneset " + zoneset_->name +
                                   " of another VSAN.");
  }
  fcalias_.reset();
  zone_ = ZoneContext{named->vsan, &zone, indent};
  return true;
}

bool CiscoParser::ParseFcalias(const InputLine& line, const std::vector<std::string_view>& words,
                               size_t indent) {
  auto named = ParseNamedInVsan(words, 1);
  if (!named) return false;
  std::optional<Role> role;
  if (named->rest.size() == 1) role = ParseRole(named->rest[0]);
  if (!named->rest.empty() && (!role || named->rest.size() > 1)) {
    warnings_.Unrecognised(line, "words after the VSAN are ignored");
  }
  VsanState& vsan = Vsan(named->vsan);
  Alias& alias = vsan.builder.AliasNamed(named->name, AliasKind::kFcAlias);
  const bool nested = zone_.has_value();
  if (nested) {
    if (zone_->vsan != named->vsan) {
      warnings_.Add(line.number, "fcalias " + alias.name + " of VSAN " +
                                     std::to_string(named->vsan) + " is listed in a zone of VSAN " +
                                     std::to_string(zone_->vsan) + "; it is skipped.");
      return true;
    }
    vsan.builder.AddMember(*zone_->zone, alias.name, role);
  }
  fcalias_ = FcaliasContext{named->vsan, &alias, indent, nested};
  return true;
}

bool CiscoParser::ParseDeviceAlias(const InputLine& line,
                                   const std::vector<std::string_view>& words) {
  if (words.size() == 2 && (words[1] == "database" || words[1] == "commit")) return true;
  if (words.size() >= 2 && (words[1] == "mode" || words[1] == "distribute")) return true;
  if (words.size() == 5 && words[1] == "name" && words[3] == "pwwn") {
    const std::string wwpn = CanonicalOrWarn(line, words[4]);
    if (wwpn.empty()) return true;
    const std::string name(words[2]);
    auto [found, added] = device_alias_wwpn_.emplace(name, wwpn);
    if (added) {
      device_alias_order_.push_back(name);
    } else if (found->second != wwpn) {
      warnings_.Add(line.number, "device-alias " + name + " was given WWPN " + found->second +
                                     " earlier; " + wwpn + " is ignored.");
    }
    return true;
  }
  return false;  // `device-alias NAME [role]` as a zone member is a member line
}

std::optional<MemberSpec> CiscoParser::ParseMemberSpec(const InputLine& line,
                                                       const std::vector<Token>& tokens) {
  MemberSpec spec;
  size_t next = 0;
  auto word = [&](size_t at) {
    return at < tokens.size() && !tokens[at].bracketed ? tokens[at].text : std::string_view();
  };
  const std::string_view kind = word(0);
  if (kind == "pwwn" && !word(1).empty()) {
    spec.wwpn = CanonicalOrWarn(line, word(1));
    if (spec.wwpn.empty()) return std::nullopt;
    next = 2;
  } else if (kind == "fcid" && !word(1).empty()) {
    next = 2;  // the FCID changes with the port; the WWPN in brackets is what zoning keeps
  } else if ((kind == "device-alias" || kind == "fcalias") && !word(1).empty()) {
    spec.kind = kind == "device-alias" ? AliasKind::kDeviceAlias : AliasKind::kFcAlias;
    spec.name = std::string(word(1));
    next = 2;
  } else {
    warnings_.Unrecognised(line, "member not imported (only pwwn, device-alias and fcalias are)");
    return std::nullopt;
  }
  for (; next < tokens.size(); ++next) {
    const Token& token = tokens[next];
    if (token.bracketed) {
      const std::vector<std::string_view> inner = Words(token.text);
      if (inner.size() == 2 && inner[0] == "pwwn") {
        spec.wwpn = CanonicalOrWarn(line, inner[1]);
        if (spec.wwpn.empty()) return std::nullopt;
      } else if (inner.size() == 1 && spec.name.empty()) {
        spec.kind = AliasKind::kDeviceAlias;  // a bracketed name is the port's device-alias
        spec.name = std::string(inner[0]);
      } else {
        warnings_.Unrecognised(line, "bracketed text ignored");
      }
    } else if (auto role = ParseRole(token.text); role && next + 1 == tokens.size()) {
      spec.role = role;
    } else {
      warnings_.Unrecognised(line, "words ignored in a member line");
      break;
    }
  }
  if (spec.kind == AliasKind::kWwpn && spec.wwpn.empty()) {
    warnings_.Add(line.number,
                  "A member given by FCID alone is not imported (the FCID is not "
                  "stable; zone by WWPN or alias).");
    return std::nullopt;
  }
  return spec;
}

bool CiscoParser::ParseMemberLine(const InputLine& line, std::string_view content, bool logged_in) {
  std::vector<Token> tokens = Tokens(content);
  const bool member_keyword = !tokens.empty() && tokens[0].text == "member" && !tokens[0].bracketed;
  if (member_keyword) tokens.erase(tokens.begin());
  if (tokens.empty()) return false;
  // Running-config zoneset: `member <zone>`.
  if (member_keyword && zoneset_ && !zone_ && tokens.size() == 1 && !tokens[0].bracketed) {
    Vsan(zoneset_->vsan).zoneset_members[zoneset_->name].insert(std::string(tokens[0].text));
    return true;
  }
  // An fcalias's own WWPNs: `member pwwn W` under a definition, `pwwn W [name]` under a member.
  if (fcalias_ && tokens[0].text == "pwwn" && tokens.size() >= 2 &&
      member_keyword != fcalias_->nested) {
    const std::string wwpn = CanonicalOrWarn(line, tokens[1].text);
    if (wwpn.empty()) return true;
    FabricBuilder& builder = Vsan(fcalias_->vsan).builder;
    builder.AddWwpn(*fcalias_->alias, wwpn);
    fcalias_->alias->logged_in = fcalias_->alias->logged_in || logged_in;
    if (tokens.size() == 3 && !fcalias_->alias->use) {
      fcalias_->alias->use = ParseRole(tokens[2].text);  // `member pwwn W init` as some write it
    }
    return true;
  }
  if (!zone_) {
    if (member_keyword) warnings_.Unrecognised(line, "member line outside a zone");
    return member_keyword;
  }
  std::optional<MemberSpec> spec = ParseMemberSpec(line, tokens);
  if (!spec) return true;  // ParseMemberSpec said why
  if (member_keyword && spec->kind == AliasKind::kWwpn) {
    pending_ = PendingMember{*zone_, std::move(*spec)};
    return true;
  }
  AddMember(*zone_, *spec, logged_in);
  return true;
}

void CiscoParser::AddMember(const ZoneContext& zone, const MemberSpec& spec, bool logged_in) {
  FabricBuilder& builder = Vsan(zone.vsan).builder;
  Alias& alias = spec.kind == AliasKind::kWwpn ? builder.BareWwpn(spec.wwpn)
                                               : builder.AliasNamed(spec.name, spec.kind);
  if (!spec.wwpn.empty()) builder.AddWwpn(alias, spec.wwpn);
  alias.logged_in = alias.logged_in || logged_in;
  builder.AddMember(*zone.zone, alias.name, spec.role);
}

void CiscoParser::FlushPendingMember() {
  if (!pending_) return;
  AddMember(pending_->zone, pending_->spec, false);
  pending_.reset();
}

std::vector<Fabric> CiscoParser::Finish() && {
  std::unordered_set<std::string> used_device_aliases;
  std::vector<Fabric> fabrics;
  for (auto& [number, vsan] : vsans_) {
    Fabric fabric = std::move(vsan.builder).Finish(prefixes_);
    for (Alias& alias : fabric.aliases) {
      if (alias.kind != AliasKind::kDeviceAlias) continue;
      used_device_aliases.insert(alias.name);
      auto known = device_alias_wwpn_.find(alias.name);
      if (alias.wwpns.empty() && known != device_alias_wwpn_.end()) {
        alias.wwpns.push_back(known->second);
        alias.use = prefixes_.UseOf(known->second);
      }
    }
    for (const Alias& alias : fabric.aliases) {
      if (alias.wwpns.empty()) {
        warnings_.Add(0, "VSAN " + std::to_string(number) + ": the text gives no WWPN for " +
                             (alias.kind == AliasKind::kFcAlias ? "fcalias " : "device-alias ") +
                             alias.name + ".");
      }
    }
    const std::string vsan_label = "VSAN " + std::to_string(number);
    std::optional<std::string> chosen = vsan.activated;
    if (!chosen && !vsan.zoneset_order.empty()) chosen = vsan.zoneset_order.front();
    auto members = chosen ? vsan.zoneset_members.find(*chosen) : vsan.zoneset_members.end();
    if (chosen) fabric.zoneset_name = *chosen;
    if (members != vsan.zoneset_members.end()) {
      std::unordered_set<std::string> defined;
      for (Zone& zone : fabric.zones) {
        zone.in_zoneset = members->second.contains(zone.name);
        defined.insert(zone.name);
      }
      std::vector<std::string> undefined;
      for (const std::string& member : members->second) {
        if (!defined.contains(member)) undefined.push_back(member);
      }
      std::sort(undefined.begin(), undefined.end());
      for (const std::string& member : undefined) {
        warnings_.Add(0, vsan_label + ": zoneset " + *chosen + " names zone " + member +
                             ", which the text does not define.");
      }
      if (vsan.zoneset_order.size() > 1) {
        warnings_.Add(0, vsan_label + " has " + std::to_string(vsan.zoneset_order.size()) +
                             " zonesets; " + *chosen +
                             " is the fabric's zoneset, the others' membership is not imported.");
      }
    } else if (!fabric.zones.empty()) {
      warnings_.Add(0, vsan_label +
                           ": the text lists no zoneset's members; its zones are taken as "
                           "members of the fabric's zoneset.");
    }
    if (std::any_of(fabric.zones.begin(), fabric.zones.end(),
                    [](const Zone& zone) { return zone.type == ZoneType::kSmart; })) {
      fabric.smart_zoning = true;  // roles print only where smart zoning is on
    }
    if (!vsan.mode_known) {
      warnings_.Add(0,
                    vsan_label + ": the text does not say the zoning mode; enhanced is assumed.");
    }
    fabrics.push_back(std::move(fabric));
  }
  // Device-aliases are fabric-wide: one no zone names belongs to every VSAN of the text.
  std::vector<Alias> unused;
  for (const std::string& name : device_alias_order_) {
    if (used_device_aliases.contains(name)) continue;
    Alias alias;
    alias.name = name;
    alias.wwpns = {device_alias_wwpn_.at(name)};
    alias.use = prefixes_.UseOf(alias.wwpns.front());
    unused.push_back(std::move(alias));
  }
  if (!unused.empty() && fabrics.empty()) {
    Fabric fabric;
    fabric.vendor = Vendor::kCisco;
    fabric.exists = true;
    fabrics.push_back(std::move(fabric));
  }
  for (Fabric& fabric : fabrics) {
    fabric.aliases.insert(fabric.aliases.end(), unused.begin(), unused.end());
    std::sort(fabric.aliases.begin(), fabric.aliases.end(),
              [](const Alias& a, const Alias& b) { return a.name < b.name; });
  }
  return fabrics;
}

}  // namespace

std::vector<Fabric> ParseCiscoLines(const std::vector<InputLine>& lines,
                                    const WwpnPrefixTable& prefixes, ImportWarnings& warnings) {
  CiscoParser parser(prefixes, warnings);
  parser.Parse(lines);
  return std::move(parser).Finish();
}

bool IsCiscoMarker(std::string_view line) {
  const std::vector<std::string_view> words = Words(line);
  if (words.empty()) return false;
  if (words[0] == "zone" || words[0] == "zoneset" || words[0] == "fcalias") {
    return words.size() >= 2 && words[1] == "name";
  }
  return words[0] == "device-alias" && words.size() >= 2 &&
         (words[1] == "name" || words[1] == "database");
}

}  // namespace sanplane::san::zoning
