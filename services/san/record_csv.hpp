#pragma once
// Aliases and zones as CSV, both ways: the lines a list writes with format "csv" and the items a
// CSV import saves. One column list per kind serves both, so what is exported imports unchanged.
//
// Columns (README "CSV"): a fabric by name, booleans as true/false, an absent value empty, lists
// `;`-separated (WWPNs; zone members by alias name, a member's own role after a colon:
// "host_a:init"), `version` the record's version (an update's compare-and-set).

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "records.hpp"
#include "sanplane/san/v1/san.pb.h"
#include "validation.hpp"
#include "zoning_records.hpp"

namespace sanplane::san {

inline const std::vector<std::string> kAliasCsvColumns{
    "fabric",    "name", "wwpns",   "use",   "cisco_alias", "create", "delete", "include_in_zoning",
    "logged_in", "host", "storage", "notes", "version"};
inline const std::vector<std::string> kZoneCsvColumns{"fabric", "name",   "zone_type", "members",
                                                      "create", "delete", "exists",    "in_zoneset",
                                                      "notes",  "version"};

/// The names an export writes instead of ids: fabric id -> name, alias id -> name.
struct CsvNames {
  std::map<int64_t, std::string> fabrics;
  std::map<int64_t, std::string> aliases;
};

/// `rows` as CSV lines, after the header line when `header`.
std::string AliasesCsv(const std::vector<AliasRow>& rows, const CsvNames& names, bool header);
std::string ZonesCsv(const std::vector<ZoneRow>& rows, const CsvNames& names, bool header);

/// The customer's fabrics an import may name, by name, each with what it holds.
using CsvFabrics = std::map<std::string, FabricZoning, std::less<>>;

/// The lines of a CSV import as save items, with what each line's text alone got wrong.
template <class Item>
struct CsvItems {
  std::vector<Item> items;
  std::vector<int32_t> lines;        // per item
  std::vector<FieldErrors> errors;   // per item; empty when the line reads well
  std::vector<std::string> fabrics;  // per item, the fabric name it names
};

/// The header and data lines of `text`: Error(kInvalidArgument) when it is not CSV, its header
/// names an unknown or repeated column or lacks fabric or name, or it has no data line.
struct CsvTable {
  std::map<std::string, size_t, std::less<>> columns;              // name -> position
  std::vector<std::pair<size_t, std::vector<std::string>>> lines;  // line number, fields
};
CsvTable ReadCsvTable(std::string_view text, const std::vector<std::string>& known);

/// The fabric names the table's lines name, each once.
std::vector<std::string> CsvFabricNames(const CsvTable& table);

/// The table's lines as alias items: a line naming an alias of its fabric updates it (its id,
/// the version the line carries); the others create. Columns left out of the header are left out
/// of the items (an update keeps them); an empty `use`, `host` or `storage` clears it.
CsvItems<v1::AliasItem> AliasItemsOfCsv(const CsvTable& table, const CsvFabrics& fabrics);
/// As AliasItemsOfCsv, for zones; members are looked up by name among their fabric's aliases.
CsvItems<v1::ZoneItem> ZoneItemsOfCsv(const CsvTable& table, const CsvFabrics& fabrics);

}  // namespace sanplane::san
