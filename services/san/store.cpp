// The allow-lists of the lists' orderings, part of the Store contract: the service checks a
// request's ordering before it calls the store, and every store orders by these keys.
#include "store.hpp"

#include <string>
#include <vector>

#include "common/pagination.hpp"

namespace sanplane::san {

std::string FabricOrdering(std::string_view ordering) {
  static const std::vector<std::string> keys = {"id",         "name",    "zoneset_name",
                                                "san_vendor", "vsan",    "domain_id",
                                                "exists",     "version", "last_modified_at"};
  return common::OrderingKey(ordering, keys, "id");
}

std::string AliasOrdering(std::string_view ordering) {
  static const std::vector<std::string> keys = {"id",
                                                "name",
                                                "wwpn",
                                                "use",
                                                "cisco_alias",
                                                "fabric",
                                                "create",
                                                "delete",
                                                "include_in_zoning",
                                                "logged_in",
                                                "notes",
                                                "version",
                                                "last_modified_at"};
  return common::OrderingKey(ordering, keys, "name");
}

std::string ZoneOrdering(std::string_view ordering) {
  static const std::vector<std::string> keys = {
      "id",     "name",   "zone_type", "fabric",  "create",
      "delete", "exists", "notes",     "version", "last_modified_at"};
  return common::OrderingKey(ordering, keys, "id");
}

}  // namespace sanplane::san
