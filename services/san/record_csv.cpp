#include "record_csv.hpp"

#include <algorithm>
#include <cctype>
#include <set>

#include "common/csv.hpp"
#include "common/errors.hpp"
#include "common/text.hpp"

namespace sanplane::san {
namespace {

std::string Bool(bool value) { return value ? "true" : "false"; }

std::string Joined(const std::vector<std::string>& parts) {
  std::string out;
  for (const std::string& part : parts) {
    if (!out.empty()) out += ';';
    out += part;
  }
  return out;
}

/// {"a", "b"} -> "a, b", for a message.
std::string ListedNames(const std::vector<std::string>& names) {
  std::string out;
  for (const std::string& name : names) out += (out.empty() ? "" : ", ") + name;
  return out;
}

std::string NameOf(const std::map<int64_t, std::string>& names, int64_t id) {
  const auto name = names.find(id);
  return name == names.end() ? std::to_string(id) : name->second;
}

std::string Trimmed(std::string_view text) { return std::string(common::TrimBlanks(text)); }

std::string Lower(std::string text) {
  for (char& c : text) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return text;
}

/// "a; b;;c" -> {"a", "b", "c"}.
std::vector<std::string> SplitList(std::string_view text) {
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= text.size()) {
    size_t end = text.find(';', start);
    if (end == std::string_view::npos) end = text.size();
    std::string part = Trimmed(text.substr(start, end - start));
    if (!part.empty()) parts.push_back(std::move(part));
    start = end + 1;
  }
  return parts;
}

/// One data line of a table, read by column name.
class CsvLine {
 public:
  CsvLine(const CsvTable& table, const std::vector<std::string>& fields)
      : table_(table), fields_(fields) {}

  bool Has(std::string_view column) const { return table_.columns.count(column) > 0; }
  /// The column's value ("" when the line is short or the header lacks it).
  std::string Get(std::string_view column) const {
    const auto position = table_.columns.find(column);
    if (position == table_.columns.end() || position->second >= fields_.size()) return {};
    return fields_[position->second];
  }

  /// Sets a boolean column through `set`: empty leaves it out, else true/false (also yes/no, 1/0).
  template <class Set>
  void Boolean(std::string_view column, FieldErrors& errors, const Set& set) const {
    if (!Has(column)) return;
    const std::string value = Lower(Trimmed(Get(column)));
    if (value.empty()) return;
    if (value == "true" || value == "yes" || value == "1") {
      set(true);
    } else if (value == "false" || value == "no" || value == "0") {
      set(false);
    } else {
      AddError(errors, column, "Expected true or false, not '" + Get(column) + "'.");
    }
  }

  /// A number column: nullopt when empty (or absent); an error when not a whole number.
  std::optional<int64_t> Number(std::string_view column, FieldErrors& errors) const {
    const std::string value = Trimmed(Get(column));
    if (value.empty()) return std::nullopt;
    try {
      size_t used = 0;
      const long long number = std::stoll(value, &used);
      if (used == value.size()) return number;
    } catch (const std::exception&) {
    }
    AddError(errors, column, "Expected a whole number, not '" + value + "'.");
    return std::nullopt;
  }

 private:
  const CsvTable& table_;
  const std::vector<std::string>& fields_;
};

/// The stored record of `fabric` named `name`, or nullptr.
template <class Row>
const Row* Named(const std::vector<Row>& rows, const std::string& name) {
  for (const Row& row : rows) {
    if (row.values.name == name) return &row;
  }
  return nullptr;
}

/// What every item takes the same way: the fabric (by name), the name, the flags, notes, and the
/// stored record of that fabric and name, which the item then updates at the line's version.
template <class Item, class Row>
const FabricZoning* ReadCommon(const CsvLine& line, const CsvFabrics& fabrics,
                               std::vector<Row> FabricZoning::*records, Item& item,
                               FieldErrors& errors) {
  const std::string fabric_name = Trimmed(line.Get("fabric"));
  const std::string name = Trimmed(line.Get("name"));
  item.set_name(name);
  line.Boolean("create", errors, [&](bool v) { item.set_create(v); });
  line.Boolean("delete", errors, [&](bool v) { item.set_delete_(v); });
  if (line.Has("notes")) item.set_notes(line.Get("notes"));
  const std::optional<int64_t> version = line.Number("version", errors);
  const auto fabric = fabrics.find(fabric_name);
  if (fabric_name.empty()) {
    AddError(errors, "fabric", kRequired);
    return nullptr;
  }
  if (fabric == fabrics.end()) {
    AddError(errors, "fabric", "Fabric '" + fabric_name + "' does not exist.");
    return nullptr;
  }
  item.set_fabric(fabric->second.fabric.id);
  if (const Row* stored = Named(fabric->second.*records, name)) {
    item.set_id(stored->id);
    if (version) item.set_version(*version);
  }
  return &fabric->second;
}

}  // namespace

std::string AliasesCsv(const std::vector<AliasRow>& rows, const CsvNames& names, bool header) {
  std::string csv;
  if (header) common::AppendCsvRow(csv, kAliasCsvColumns);
  for (const AliasRow& row : rows) {
    const AliasValues& v = row.values;
    common::AppendCsvRow(
        csv, std::vector<std::string>{NameOf(names.fabrics, v.fabric_id), v.name, Joined(v.Wwpns()),
                                      v.use.value_or(""), v.cisco_alias, Bool(v.create),
                                      Bool(v.del), Bool(v.include_in_zoning), Bool(v.logged_in),
                                      v.host_id ? std::to_string(*v.host_id) : "",
                                      v.storage_id ? std::to_string(*v.storage_id) : "", v.notes,
                                      std::to_string(row.stamp.version)});
  }
  return csv;
}

std::string ZonesCsv(const std::vector<ZoneRow>& rows, const CsvNames& names, bool header) {
  std::string csv;
  if (header) common::AppendCsvRow(csv, kZoneCsvColumns);
  for (const ZoneRow& row : rows) {
    const ZoneValues& v = row.values;
    std::vector<std::string> members;
    for (int64_t alias : row.members) {
      std::string member = NameOf(names.aliases, alias);
      if (const auto role = row.member_roles.find(alias); role != row.member_roles.end()) {
        member += ":" + role->second;
      }
      members.push_back(std::move(member));
    }
    common::AppendCsvRow(csv, std::vector<std::string>{
                                  NameOf(names.fabrics, v.fabric_id), v.name, v.zone_type,
                                  Joined(members), Bool(v.create), Bool(v.del), Bool(v.exists),
                                  Bool(v.in_zoneset), v.notes, std::to_string(row.stamp.version)});
  }
  return csv;
}

CsvTable ReadCsvTable(std::string_view text, const std::vector<std::string>& known) {
  std::string error;
  std::optional<std::vector<common::CsvRecord>> records = common::ParseCsv(text, error);
  if (!records) throw common::Error(common::ErrorKind::kInvalidArgument, "Not valid CSV. " + error);
  if (records->empty()) {
    throw common::Error(common::ErrorKind::kInvalidArgument, "The CSV is empty.");
  }
  CsvTable table;
  std::string columns;
  for (const std::string& column : known) columns += (columns.empty() ? "" : ", ") + column;
  const std::vector<std::string>& header = records->front().fields;
  for (size_t i = 0; i < header.size(); ++i) {
    const std::string name = Lower(Trimmed(header[i]));
    if (std::find(known.begin(), known.end(), name) == known.end()) {
      throw common::Error(
          common::ErrorKind::kInvalidArgument,
          "Line 1: unknown column '" + header[i] + "'. The columns are " + columns + ".");
    }
    if (!table.columns.emplace(name, i).second) {
      throw common::Error(common::ErrorKind::kInvalidArgument,
                          "Line 1: column '" + name + "' appears twice.");
    }
  }
  for (const char* required : {"fabric", "name"}) {
    if (table.columns.count(std::string_view(required)) == 0) {
      throw common::Error(common::ErrorKind::kInvalidArgument,
                          std::string("Line 1: the header needs the column '") + required + "'.");
    }
  }
  for (size_t i = 1; i < records->size(); ++i) {
    table.lines.emplace_back((*records)[i].line, std::move((*records)[i].fields));
  }
  if (table.lines.empty()) {
    throw common::Error(common::ErrorKind::kInvalidArgument,
                        "The CSV has a header but no lines to import.");
  }
  return table;
}

std::vector<std::string> CsvFabricNames(const CsvTable& table) {
  std::set<std::string> names;
  for (const auto& [number, fields] : table.lines) {
    std::string name = Trimmed(CsvLine(table, fields).Get("fabric"));
    if (!name.empty()) names.insert(std::move(name));
  }
  return {names.begin(), names.end()};
}

CsvItems<v1::AliasItem> AliasItemsOfCsv(const CsvTable& table, const CsvFabrics& fabrics) {
  CsvItems<v1::AliasItem> out;
  for (const auto& [number, fields] : table.lines) {
    const CsvLine line(table, fields);
    v1::AliasItem item;
    FieldErrors errors;
    ReadCommon(line, fabrics, &FabricZoning::aliases, item, errors);
    if (line.Has("wwpns")) {
      for (const std::string& wwpn : SplitList(line.Get("wwpns"))) item.add_wwpns(wwpn);
      item.add_json_fields("wwpns");
    }
    if (line.Has("use")) {
      const std::string use = Trimmed(line.Get("use"));
      if (!use.empty()) item.set_use(use);
      item.add_json_fields("use");
    }
    if (line.Has("cisco_alias")) {
      const std::string kind = Trimmed(line.Get("cisco_alias"));
      if (!kind.empty()) item.set_cisco_alias(kind);
    }
    line.Boolean("include_in_zoning", errors, [&](bool v) { item.set_include_in_zoning(v); });
    line.Boolean("logged_in", errors, [&](bool v) { item.set_logged_in(v); });
    for (const char* column : {"host", "storage"}) {
      if (!line.Has(column)) continue;
      const std::optional<int64_t> id = line.Number(column, errors);
      if (id && column[0] == 'h') item.set_host(*id);
      if (id && column[0] == 's') item.set_storage(*id);
      item.add_json_fields(column);
    }
    out.items.push_back(std::move(item));
    out.lines.push_back(static_cast<int32_t>(number));
    out.errors.push_back(std::move(errors));
  }
  return out;
}

CsvItems<v1::ZoneItem> ZoneItemsOfCsv(const CsvTable& table, const CsvFabrics& fabrics) {
  CsvItems<v1::ZoneItem> out;
  for (const auto& [number, fields] : table.lines) {
    const CsvLine line(table, fields);
    v1::ZoneItem item;
    FieldErrors errors;
    const FabricZoning* fabric = ReadCommon(line, fabrics, &FabricZoning::zones, item, errors);
    if (line.Has("zone_type")) {
      const std::string type = Trimmed(line.Get("zone_type"));
      if (!type.empty()) item.set_zone_type(type);
    }
    line.Boolean("exists", errors, [&](bool v) { item.set_exists(v); });
    line.Boolean("in_zoneset", errors, [&](bool v) { item.set_in_zoneset(v); });
    if (line.Has("members")) {
      std::vector<std::string> unknown;
      for (const std::string& member : SplitList(line.Get("members"))) {
        const size_t colon = member.find(':');
        const std::string name = Trimmed(member.substr(0, colon));
        const AliasRow* alias = fabric ? Named(fabric->aliases, name) : nullptr;
        if (alias == nullptr) {
          if (fabric != nullptr) unknown.push_back(name);
          continue;
        }
        v1::ZoneMember& out_member = *item.add_members();
        out_member.set_alias(alias->id);
        if (colon != std::string::npos) out_member.set_role(Trimmed(member.substr(colon + 1)));
      }
      if (!unknown.empty()) {
        AddError(errors, "members",
                 std::string(unknown.size() == 1 ? "No alias named " : "No aliases named ") +
                     ListedNames(unknown) + " in fabric '" + fabric->fabric.values.name + "'.");
      }
      item.add_json_fields("members");
    }
    out.items.push_back(std::move(item));
    out.lines.push_back(static_cast<int32_t>(number));
    out.errors.push_back(std::move(errors));
  }
  return out;
}

}  // namespace sanplane::san
