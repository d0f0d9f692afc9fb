#pragma once
// The records of the SAN service as the store reads and writes them, and their wire form.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "common/versioning.hpp"
#include "sanplane/san/v1/san.pb.h"

namespace sanplane::san {

/// The editable fields of a fabric (everything the compare-and-set compares).
struct FabricValues {
  std::string name;
  std::string zoneset_name;
  std::string san_vendor = "BR";
  std::optional<int32_t> vsan;
  std::optional<int32_t> domain_id;
  bool exists = false;
  std::string notes;
  std::string zoning_mode = "enhanced";  // Cisco: "enhanced" | "basic"
  bool smart_zoning = false;             // Cisco
  std::string fos_name_rules = "8.1+";   // Brocade: "8.1+" | "legacy"
  bool operator==(const FabricValues&) const = default;
};

struct FabricRow {
  int64_t id = 0;
  int64_t customer_id = 0;
  FabricValues values;
  common::RecordStamp stamp;
};

/// What aliases and zones have in common: the fabric they belong to, a name unique in it, the
/// flags of a change planned on the switches, and notes.
struct FabricObjectValues {
  int64_t fabric_id = 0;
  std::string name;
  bool create = false;
  bool del = false;
  std::string notes;
  bool operator==(const FabricObjectValues&) const = default;
};

struct AliasValues : FabricObjectValues {
  std::string wwpn;  // the first WWPN, canonical form
  std::optional<std::string> use;
  std::string cisco_alias = "device-alias";
  bool include_in_zoning = false;
  bool logged_in = false;
  std::optional<int64_t> host_id;
  std::optional<int64_t> storage_id;
  /// The WWPNs after the first, in order (Brocade aliases and Cisco fcaliases may hold several).
  std::vector<std::string> more_wwpns;
  bool operator==(const AliasValues&) const = default;

  /// Every WWPN, the first one first.
  std::vector<std::string> Wwpns() const;
};

struct ZoneValues : FabricObjectValues {
  std::string zone_type = "standard";
  bool exists = false;
  bool in_zoneset = true;  // in the fabric's zoneset / cfg
  bool operator==(const ZoneValues&) const = default;
};

/// A stored alias or zone.
template <class Values>
struct FabricObjectRow {
  int64_t id = 0;
  int64_t customer_id = 0;  // of the fabric
  Values values;
  std::vector<int64_t> projects;  // ascending
  common::RecordStamp stamp;
};

using AliasRow = FabricObjectRow<AliasValues>;

/// alias id -> "init" | "target" | "both", for the members that have a role of their own.
using MemberRoles = std::map<int64_t, std::string>;

struct ZoneRow : FabricObjectRow<ZoneValues> {
  std::vector<int64_t> members;  // alias ids, by alias name
  MemberRoles member_roles;
};

/// An alias already stored that may clash with a batch on (fabric, name) or (fabric, wwpn): one
/// per WWPN of the alias.
struct AliasKey {
  int64_t id = 0;
  int64_t fabric_id = 0;
  std::string name;
  std::string wwpn;
};

/// What a batch save first reads of a record it updates: enough to label the record and to tell
/// whether the item lost its version race (detail::EveryItemConflicts).
struct StoredStamp {
  int64_t customer_id = 0;
  std::string name;
  common::RecordStamp stamp;
};

/// A zone already stored that may clash with a batch on (fabric, name).
struct ZoneKey {
  int64_t id = 0;
  int64_t fabric_id = 0;
  std::string name;
};

/// An alias named as a zone member, with its fabric and customer.
struct AliasRef {
  int64_t id = 0;
  int64_t fabric_id = 0;
  int64_t customer_id = 0;
  std::string name;
};

void ToProto(const FabricRow& row, v1::Fabric& out);
void ToProto(const AliasRow& row, v1::Alias& out);
void ToProto(const ZoneRow& row, v1::Zone& out);

}  // namespace sanplane::san
