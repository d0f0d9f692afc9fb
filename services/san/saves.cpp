#include "saves.hpp"

#include <set>

namespace sanplane::san::detail {

std::map<int64_t, bool> CheckListedProjects(
    const SaveContext& save, const std::vector<std::optional<std::vector<int64_t>>>& listed) {
  std::set<int64_t> ids;
  for (const auto& projects : listed) {
    if (!projects) continue;
    for (int64_t id : *projects) {
      if (id != save.project_id) ids.insert(id);
    }
  }
  std::map<int64_t, bool> verdicts;
  verdicts[save.project_id] = true;
  for (int64_t id : ids) {
    const std::optional<int64_t> customer = save.peers.ProjectCustomer(save.context, id);
    verdicts[id] = customer.has_value() && *customer == save.customer_id;
  }
  return verdicts;
}

std::optional<std::string> ListedProjectsError(const std::optional<std::vector<int64_t>>& listed,
                                               const std::map<int64_t, bool>& verdicts) {
  if (!listed) return std::nullopt;
  for (int64_t id : *listed) {
    const auto verdict = verdicts.find(id);
    if (verdict == verdicts.end() || !verdict->second) {
      return "Project " + std::to_string(id) + " does not exist.";
    }
  }
  return std::nullopt;
}

std::map<int64_t, bool> CheckReferences(const std::vector<int64_t>& ids,
                                        const std::function<std::optional<int64_t>(int64_t)>& owner,
                                        int64_t customer_id) {
  std::map<int64_t, bool> verdicts;
  for (int64_t id : ids) {
    if (verdicts.count(id) > 0) continue;
    const std::optional<int64_t> customer = owner(id);
    verdicts[id] = customer.has_value() && *customer == customer_id;
  }
  return verdicts;
}

}  // namespace sanplane::san::detail
