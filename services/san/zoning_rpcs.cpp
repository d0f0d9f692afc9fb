// SanService: zoning scripts and the hygiene report.
#include "common/rpc.hpp"
#include "record_checks.hpp"
#include "san_service.hpp"
#include "scripts.hpp"

namespace sanplane::san {

grpc::Status SanService::GenerateScripts(grpc::ServerContext* context,
                                         const v1::GenerateScriptsRequest* request,
                                         v1::ScriptsResponse* response) {
  return common::HandleRpc(context, "GenerateScripts", [&] {
    const common::Principal principal = common::RequirePrincipal(*context);
    const ScriptKind kind = ParseScriptKind(request->kind());
    CheckScriptFormat(request->format());
    std::vector<FabricZoning> fabrics;
    std::optional<int64_t> project_id;
    if (request->project_id() > 0) {
      project_id = request->project_id();
      const int64_t customer = ProjectCustomer(*context, principal, *project_id);
      for (int64_t fabric_id : store_.ProjectFabricIds(BudgetOf(*context), *project_id, customer)) {
        fabrics.push_back(store_.LoadFabricZoning(BudgetOf(*context), principal, fabric_id));
      }
    } else {
      fabrics.push_back(
          store_.LoadFabricZoning(BudgetOf(*context), principal, request->fabric_id()));
    }
    *response = BuildScripts(fabrics, project_id, kind);
    std::vector<int64_t> fabric_ids;
    for (const FabricZoning& fabric : fabrics) fabric_ids.push_back(fabric.fabric.id);
    store_.RecordScriptGeneration(BudgetOf(*context), fabric_ids, principal.username(),
                                  kind == ScriptKind::kDelete ? "delete" : "create");
  });
}

grpc::Status SanService::LintFabric(grpc::ServerContext* context,
                                    const v1::LintFabricRequest* request,
                                    v1::LintResponse* response) {
  return common::HandleRpc(context, "LintFabric", [&] {
    const common::Principal principal = common::RequirePrincipal(*context);
    std::optional<size_t> cap;
    if (request->has_alias_max_zones()) {
      if (request->alias_max_zones() < 1) {
        throw common::InvalidFields("The zone cap must be at least 1.",
                                    {{"alias_max_zones", "Ensure this value is at least 1."}});
      }
      cap = static_cast<size_t>(request->alias_max_zones());
    }
    *response =
        LintReport(store_.LoadFabricZoning(BudgetOf(*context), principal, request->id()), cap);
  });
}

}  // namespace sanplane::san
