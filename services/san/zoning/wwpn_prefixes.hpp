#pragma once
// Which WWPNs belong to initiators (host ports) and which to targets (array ports), judged by
// their first four hex digits: the vendor's IEEE OUI and NAA bits sit there.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zoning/model.hpp"

namespace sanplane::san::zoning {

struct WwpnPrefix {
  std::string prefix;  // four lower-case hex digits
  Role use;            // kInit or kTarget
  std::string vendor;
};

class WwpnPrefixTable {
 public:
  explicit WwpnPrefixTable(std::vector<WwpnPrefix> prefixes);

  /// The table sanplane ships with (see wwpn_prefixes.cpp for its sources).
  static const WwpnPrefixTable& Seeded();

  /// The use the prefix of a canonical WWPN ("50:05:…") implies, or nullopt when the prefix is
  /// not in the table.
  std::optional<Role> UseOf(std::string_view canonical_wwpn) const;

 private:
  std::vector<WwpnPrefix> prefixes_;  // ascending by prefix
};

}  // namespace sanplane::san::zoning
