// SaveAliases: see saves.hpp. The checks before the transaction; the store loads, plans
// (alias_plan.hpp) and applies in one.

#include <utility>

#include "alias_plan.hpp"
#include "batch_errors.hpp"
#include "saves.hpp"

namespace sanplane::san {

void SaveAliasBatch(const SaveContext& save, const v1::SaveAliasesRequest& request,
                    v1::SaveAliasesResponse& response) {
  const auto& items = request.aliases();
  const size_t count = static_cast<size_t>(items.size());
  detail::CheckBatchSize(save, count, kAliasNames);

  // 1. Checks that need nothing but the request.
  const AliasRequestCheck check = CheckAliasRequest(items);

  // 2. Checks with other services, before any write: listed projects (one identity call), and
  // hosts and storage systems that an item sets to a new value (storage).
  std::vector<std::optional<std::vector<int64_t>>> listed;
  for (const detail::ItemPlan& item : check.items) listed.push_back(item.projects);
  const std::map<int64_t, bool> project_verdicts = detail::CheckListedProjects(save, listed);

  std::map<int64_t, AliasRow> before;
  if (!check.update_ids.empty()) before = save.store.LoadAliases(save.budget, check.update_ids);
  std::vector<int64_t> host_ids, storage_ids;
  for (size_t i = 0; i < count; ++i) {
    const v1::AliasItem& item = items[static_cast<int>(i)];
    const auto stored = check.items[i].update ? before.find(check.items[i].id) : before.end();
    if (item.has_host() && item.host() > 0 &&
        (stored == before.end() || stored->second.values.host_id != item.host())) {
      host_ids.push_back(item.host());
    }
    if (item.has_storage() && item.storage() > 0 &&
        (stored == before.end() || stored->second.values.storage_id != item.storage())) {
      storage_ids.push_back(item.storage());
    }
  }
  const std::map<int64_t, bool> host_verdicts = detail::CheckReferences(
      host_ids, [&](int64_t id) { return save.peers.HostCustomer(save.context, id); },
      save.customer_id);
  const std::map<int64_t, bool> storage_verdicts = detail::CheckReferences(
      storage_ids, [&](int64_t id) { return save.peers.StorageCustomer(save.context, id); },
      save.customer_id);
  const AliasBatch batch{items,
                         check,
                         save.project_id,
                         save.customer_id,
                         {project_verdicts, host_verdicts, storage_verdicts},
                         save.dry_run};

  // 3. One transaction: load, plan, apply; any failure rolls everything back.
  const std::vector<AliasRow> saved =
      save.store.SaveAliases(save.budget, batch, save.principal.username());

  response.set_message("Aliases saved successfully!");
  for (const AliasRow& row : saved) ToProto(row, *response.add_aliases());
}

}  // namespace sanplane::san
