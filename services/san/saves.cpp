#include "saves.hpp"

#include <set>

#include "common/errors.hpp"

namespace sanplane::san::detail {

void CheckBatchSize(const SaveContext& save, size_t count, const EntityNames& names) {
  if (count <= save.max_batch) return;
  throw common::Error(
      common::ErrorKind::kInvalidArgument,
      "At most " + std::to_string(save.max_batch) + " " + names.plural + " can be saved at once.");
}

std::vector<int64_t> AddedProjects(const std::vector<int64_t>& stored,
                                   const std::optional<std::vector<int64_t>>& listed) {
  if (!listed) return {};
  return DiffIdSets(stored, *listed).added;
}

std::vector<int64_t> CreateProjects(int64_t project_id,
                                    const std::optional<std::vector<int64_t>>& listed) {
  std::vector<int64_t> projects{project_id};
  if (listed) projects.insert(projects.end(), listed->begin(), listed->end());
  return projects;
}

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
  if (ids.empty()) return verdicts;
  const std::map<int64_t, int64_t> customers =
      save.peers.ProjectCustomers(save.context, std::vector<int64_t>(ids.begin(), ids.end()));
  for (int64_t id : ids) {
    const auto customer = customers.find(id);
    verdicts[id] = customer != customers.end() && customer->second == save.customer_id;
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
