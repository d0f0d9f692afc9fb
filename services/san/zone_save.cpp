// SaveZones: see saves.hpp. The checks before the transaction; the store loads, plans
// (zone_plan.hpp) and applies in one.

#include <utility>

#include "batch_errors.hpp"
#include "saves.hpp"
#include "zone_plan.hpp"

namespace sanplane::san {

void SaveZoneBatch(const SaveContext& save, const v1::SaveZonesRequest& request,
                   v1::SaveZonesResponse& response) {
  const auto& items = request.zones();
  detail::CheckBatchSize(save, static_cast<size_t>(items.size()), kZoneNames);

  // 1. Checks that need nothing but the request, then the listed projects (one identity call).
  const ZoneRequestCheck check = CheckZoneRequest(items);
  std::vector<std::optional<std::vector<int64_t>>> listed;
  for (const ZoneItemCheck& item : check.items) listed.push_back(item.projects);
  const std::map<int64_t, bool> project_verdicts = detail::CheckListedProjects(save, listed);
  const ZoneBatch batch{items,       check, save.project_id, save.customer_id, project_verdicts,
                        save.dry_run};

  // 2. One transaction: load, plan, apply; any failure rolls everything back.
  const std::vector<ZoneRow> saved =
      save.store.SaveZones(save.budget, batch, save.principal.username());

  response.set_message("Zones saved successfully!");
  for (const ZoneRow& row : saved) ToProto(row, *response.add_zones());
}

}  // namespace sanplane::san
