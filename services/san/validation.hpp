#pragma once
// Pure checks of what clients send: field presence, field values, id sets. No I/O, so every rule
// here is unit-tested directly.

#include <google/protobuf/repeated_field.h>

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "common/versioning.hpp"
#include "records.hpp"
#include "sanplane/san/v1/san.pb.h"

namespace sanplane::san {

/// The most members one zone may have: with the other limits of a zone, a page of 500 zones stays
/// well inside the largest answer a list may have (common/client.hpp).
inline constexpr size_t kMaxZoneMembers = 1000;
/// The most WWPNs one alias may list: more than any switch port group an alias names in practice.
inline constexpr size_t kMaxAliasWwpns = 32;

/// field -> message for a person, e.g. {"wwpn": "WWPN has 15 hex digits. …"}.
using common::FieldErrors;
inline void AddError(FieldErrors& errors, std::string_view field, std::string_view message) {
  common::AddFieldError(errors, field, message);
}

inline constexpr char kRequired[] = "This field is required.";
inline constexpr char kNotNull[] = "This field may not be null.";

/// The JSON keys a client sent (json_fields), so an explicit null can be told from an absent field.
class Presence {
 public:
  explicit Presence(const google::protobuf::RepeatedPtrField<std::string>& json_fields)
      : names_(json_fields.begin(), json_fields.end()) {}
  bool Named(std::string_view field) const;

 private:
  std::vector<std::string> names_;
};

/// A record name (alias, zone): not blank, at most `max_length` characters, no spaces or control
/// characters (switches reject them). nullopt when valid.
std::optional<std::string> CheckObjectName(std::string_view name, size_t max_length);
/// A label (fabric name, zoneset name): not blank, at most `max_length`, no control characters.
std::optional<std::string> CheckLabel(std::string_view label, size_t max_length);
/// Free text: anything but NUL characters.
std::optional<std::string> CheckText(std::string_view text);

/// Applies the fields present in `item` onto `values` (fabric included; whether the fabric may
/// change is for the caller), recording an error for each invalid one.
void ApplyAliasItem(const v1::AliasItem& item, AliasValues& values, FieldErrors& errors);
/// The fields a new alias must carry: fabric, name, wwpn.
void CheckAliasCreate(const v1::AliasItem& item, FieldErrors& errors);

void ApplyZoneItem(const v1::ZoneItem& item, ZoneValues& values, FieldErrors& errors);
/// The fields a new zone must carry: fabric, name.
void CheckZoneCreate(const v1::ZoneItem& item, FieldErrors& errors);
/// The member alias ids when `members` is present (deduplicated, request order), else nullopt.
std::optional<std::vector<int64_t>> RequestedMembers(const v1::ZoneItem& item, FieldErrors& errors);
/// The roles the members of `item` carry (valid ones; RequestedMembers reports the others).
MemberRoles RequestedMemberRoles(const v1::ZoneItem& item);

/// The project ids listed in an item when `projects` is present (deduplicated), else nullopt.
std::optional<std::vector<int64_t>> RequestedProjects(
    const google::protobuf::RepeatedField<int64_t>& projects, const Presence& presence,
    FieldErrors& errors);

/// A new record is created when the item has no id (or null or 0); a negative id is an error.
bool IsUpdate(std::optional<int64_t> id);

/// Set difference of two id lists (duplicates ignored): what `wanted` adds to and removes from
/// `current`, each ascending.
struct IdSetDiff {
  std::vector<int64_t> added;
  std::vector<int64_t> removed;
  bool empty() const { return added.empty() && removed.empty(); }
};
IdSetDiff DiffIdSets(const std::vector<int64_t>& current, const std::vector<int64_t>& wanted);

/// A new fabric from a create request.
FabricValues FabricFromCreate(const v1::CreateFabricRequest& request, FieldErrors& errors);
/// Applies an update onto the stored values: PATCH changes the fields present, PUT replaces all
/// (absent fields take their defaults).
void ApplyFabricUpdate(const v1::UpdateFabricRequest& request, FabricValues& values,
                       FieldErrors& errors);

}  // namespace sanplane::san
