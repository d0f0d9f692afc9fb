#include "still_in_use.hpp"

#include <boost/json/object.hpp>
#include <vector>

namespace sanplane::identity {
namespace {

std::string Counted(int64_t count, const std::string& one, const std::string& many) {
  return std::to_string(count) + " " + (count == 1 ? one : many);
}

/// "a", "a and b", "a, b and c".
std::string JoinedAsProse(const std::vector<std::string>& items) {
  std::string text;
  for (size_t i = 0; i < items.size(); ++i) {
    if (i > 0) text += i + 1 == items.size() ? " and " : ", ";
    text += items[i];
  }
  return text;
}

}  // namespace

common::Error CustomerStillOwnsError(const std::string& customer_name,
                                     const CustomerHoldings& holdings) {
  std::vector<std::string> owned;
  if (holdings.fabrics > 0) owned.push_back(Counted(holdings.fabrics, "fabric", "fabrics"));
  if (holdings.storage_systems > 0) {
    owned.push_back(Counted(holdings.storage_systems, "storage system", "storage systems"));
  }
  if (holdings.projects > 0) owned.push_back(Counted(holdings.projects, "project", "projects"));
  const std::string message =
      "Customer " + customer_name + " still owns " + JoinedAsProse(owned) + "; delete them first.";
  common::v1::ErrorDetails details;
  auto& counts = *details.mutable_still_in_use()->mutable_owned();
  counts.set_fabrics(holdings.fabrics);
  counts.set_storage_systems(holdings.storage_systems);
  counts.set_projects(holdings.projects);
  return common::Error(common::ErrorKind::kVersionConflict, message, std::move(details));
}

common::Error ProjectStillListsError(const std::string& project_name,
                                     const ProjectMembers& members) {
  std::vector<std::string> listed;
  if (members.aliases > 0) listed.push_back(Counted(members.aliases, "alias", "aliases"));
  if (members.zones > 0) listed.push_back(Counted(members.zones, "zone", "zones"));
  const std::string message = "Project " + project_name + " still lists " + JoinedAsProse(listed) +
                              "; remove them from it first, or delete with release=true to take "
                              "them out of it (they stay in their fabrics).";
  common::v1::ErrorDetails details;
  auto& counts = *details.mutable_still_in_use()->mutable_members();
  counts.set_aliases(members.aliases);
  counts.set_zones(members.zones);
  return common::Error(common::ErrorKind::kVersionConflict, message, std::move(details));
}

}  // namespace sanplane::identity
