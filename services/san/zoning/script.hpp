#pragma once
// Zoning scripts: the commands that create or delete a fabric's flagged aliases and zones on a
// Cisco MDS (NX-OS) or Brocade (FOS) switch, as text to paste into the switch's CLI.
//
// Layout decisions (see also the vendor renderers):
//  - Records are written in name order (aliases, then zones, then the zoneset / cfg); members in
//    alias-name order; an alias's WWPNs in their own order. The same input gives the same bytes.
//  - No comment lines: NX-OS is not known to ignore `#` lines pasted into the CLI.
//  - Cisco: `zone commit vsan N` only in enhanced zoning mode, and only when the zone database
//    changed; `zoneset activate` only when the zoneset's members changed.
//  - Brocade: `cfgenable` saves the defined configuration itself, so no `cfgsave` follows it; a
//    script that changes the defined configuration without touching the cfg ends in `cfgsave`.

#include <string>
#include <vector>

#include "zoning/model.hpp"

namespace sanplane::san::zoning {

/// Why a record cannot be written, in the shape of sanplane's batch errors:
/// {"<record>": "<name>", "errors": {"<field>": "<message>"}}.
struct RecordError {
  std::string record;  // "fabric", "alias" or "zone"
  std::string name;
  std::string field;
  std::string message;
  bool operator==(const RecordError&) const = default;
};

struct Script {
  /// One command per element, without line ends. Empty whenever `errors` is not.
  std::vector<std::string> commands;
  /// Things done that the engineer should know of (a role a vendor cannot express, say).
  std::vector<std::string> warnings;
  std::vector<RecordError> errors;

  /// The commands as text, each followed by "\n".
  std::string Text() const;
};

/// Creates the aliases and zones flagged `create`, and adds the new zones that belong to the
/// zoneset / cfg to it.
Script GenerateCreateScript(const Fabric& fabric);

/// Removes the zones flagged `del` from the zoneset / cfg, deletes them, then deletes the aliases
/// flagged `del`. An alias that a zone not flagged `del` still names is an error naming that zone.
Script GenerateDeleteScript(const Fabric& fabric);

}  // namespace sanplane::san::zoning
