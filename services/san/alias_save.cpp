// SaveAliases: see saves.hpp. Load, plan (alias_plan.hpp), apply set-based.

#include <utility>

#include "alias_plan.hpp"
#include "batch_errors.hpp"
#include "saves.hpp"
#include "store.hpp"

namespace sanplane::san {
namespace {

/// Writes the plan: one statement per kind of change, whatever the number of items. The rows it
/// updates (and those it leaves unchanged) are locked in id order first and must still be at the
/// version the plan read; a record that moved on or went away since is a conflict.
void ApplyAliasPlan(pqxx::work& tx, AliasSavePlan& plan, const std::string& user,
                    BatchFailures& failures) {
  detail::LockAndRecheck(plan, store::LockAliasStamps(tx, detail::KeptIds(plan)), failures);
  if (!failures.empty()) return;

  std::vector<store::RowWrite<AliasValues>> updates;
  store::IdPairs project_links;
  for (const AliasUpdate& update : plan.updates) {
    updates.push_back({update.id, update.expected_version, &update.values});
    project_links.Add(update.id, update.added_projects);
  }
  if (store::UpdateAliases(tx, updates, user).size() != updates.size()) {
    // Not reached while the rows are locked and their versions checked above.
    throw common::Error(common::ErrorKind::kVersionConflict, common::kCollisionMessage);
  }

  const std::vector<int64_t> new_ids = store::ReserveAliasIds(tx, plan.creates.size());
  std::vector<store::RowWrite<AliasValues>> inserts;
  for (size_t k = 0; k < plan.creates.size(); ++k) {
    const AliasCreate& create = plan.creates[k];
    plan.ids[create.index] = new_ids[k];
    inserts.push_back({new_ids[k], 0, &create.values});
    project_links.Add(new_ids[k], create.projects);
  }
  store::InsertAliases(tx, inserts, user);
  store::LinkAliasProjects(tx, project_links);
}

}  // namespace

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
  if (!check.update_ids.empty()) {
    save.transaction([&](pqxx::work& tx) { before = store::LoadAliases(tx, check.update_ids); });
  }
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
                         {project_verdicts, host_verdicts, storage_verdicts}};

  // 3. One transaction: load, plan, apply; any failure rolls everything back.
  std::vector<AliasRow> saved;
  save.transaction([&](pqxx::work& tx) {
    BatchFailures failures(kAliasNames);
    AliasState state;
    state.rows = store::LoadAliases(tx, check.update_ids);
    state.fabrics =
        store::LockFabrics(tx, detail::CreateFabricIds(items, check.items), save.customer_id);
    AliasSavePlan plan = PlanAliasSave(batch, state, failures);
    const AliasKeys keys = KeysToCheck(plan);
    CheckAliasKeys(plan, store::FindAliasKeys(tx, keys.fabric_ids, keys.names, keys.wwpns),
                   failures);
    if (!failures.empty()) throw failures.ToError();

    ApplyAliasPlan(tx, plan, save.principal.username(), failures);
    if (!failures.empty()) throw failures.ToError();

    saved = detail::SavedInOrder(store::LoadAliases(tx, plan.ids), plan.ids, plan.labels, failures);
    if (!failures.empty()) throw failures.ToError();
  });

  response.set_message("Aliases saved successfully!");
  for (const AliasRow& row : saved) ToProto(row, *response.add_aliases());
}

}  // namespace sanplane::san
