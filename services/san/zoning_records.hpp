#pragma once
// Between the SAN records as stored and the zoning model of services/san/zoning/ (model.hpp):
// a stored fabric with its aliases and zones becomes a zoning::Fabric for the script generator
// and the hygiene report, and the import's values come back as the records' field values.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "records.hpp"
#include "zoning/model.hpp"

namespace sanplane::san {

/// A fabric with every alias and zone it holds, each list by name.
struct FabricZoning {
  FabricRow fabric;
  std::vector<AliasRow> aliases;
  std::vector<ZoneRow> zones;
};

/// The zoning model of `stored`. With `project_id`, only the aliases and zones that project lists
/// keep their `create` / `delete` flags: a project's script changes its own records alone, and the
/// fabric's other records are there for what they name.
zoning::Fabric ZoningFabricOf(const FabricZoning& stored,
                              std::optional<int64_t> project_id = std::nullopt);

zoning::Vendor VendorOf(const std::string& san_vendor);         // "CI" -> kCisco, else kBrocade
std::string SanVendorOf(zoning::Vendor vendor);                 // kCisco -> "CI"
zoning::AliasKind AliasKindOf(const std::string& cisco_alias);  // "fcalias" -> kFcAlias, …
std::string ZoneTypeOf(zoning::ZoneType type);                  // "standard" | "smart"

}  // namespace sanplane::san
