// SanService: the import of a switch's show output, previewed and applied.
#include "common/rpc.hpp"
#include "import_request.hpp"
#include "record_checks.hpp"
#include "san_service.hpp"

namespace sanplane::san {

void SanService::RunImport(grpc::ServerContext& context, const v1::ImportRequest& request,
                           bool apply, v1::ImportPreview& response) {
  const common::Principal principal = common::RequirePrincipal(context);
  const CheckedImport checked = CheckImportRequest(request, apply);
  if (!common::CanAccessCustomer(principal, request.customer())) {
    throw NotFound("Customer not found.");
  }
  ImportScope scope{request.customer(), checked.fabric_id, checked.new_fabric, std::nullopt};
  if (request.has_project()) {
    if (ProjectCustomer(context, principal, request.project()) != request.customer()) {
      throw common::InvalidFields("The project is not the customer's.",
                                  {{"project", "Project does not exist for this customer."}});
    }
    scope.project_id = request.project();
  }
  const zoning::ImportResult parsed = zoning::ParseSwitchOutput(request.text(), checked.format);
  store_.RunImport(
      BudgetOf(context), scope,
      [&](const ImportTarget& target) {
        const std::optional<int32_t> vsan =
            target.stored ? target.stored->fabric.values.vsan : std::nullopt;
        const zoning::Fabric& imported = ImportedFabric(parsed, vsan);
        ImportPlan plan = PlanImport(imported, target, nullptr);
        const std::string digest = ImportDigest(request.text(), target, plan);
        if (apply) {
          if (digest != request.digest()) {
            throw common::Error(common::ErrorKind::kVersionConflict,
                                "The fabric, or an alias or zone this import touches, changed "
                                "since the preview (or the text differs). Preview again.");
          }
          plan = PlanImport(imported, target, &checked.resolutions);
        }
        response.Clear();
        response.set_format(std::string(zoning::VendorName(imported.vendor)));
        FillPreview(plan, response);
        response.set_digest(digest);
        for (const zoning::ImportWarning& warning : parsed.warnings) {
          v1::ImportWarning& out = *response.add_warnings();
          out.set_line(static_cast<int64_t>(warning.line));
          out.set_message(warning.message);
        }
        return plan;
      },
      apply, principal.username());
}

grpc::Status SanService::PreviewImport(grpc::ServerContext* context,
                                       const v1::ImportRequest* request,
                                       v1::ImportPreview* response) {
  return common::HandleRpc(context, "PreviewImport",
                           [&] { RunImport(*context, *request, false, *response); });
}

grpc::Status SanService::ApplyImport(grpc::ServerContext* context, const v1::ImportRequest* request,
                                     v1::ImportPreview* response) {
  return common::HandleRpc(context, "ApplyImport",
                           [&] { RunImport(*context, *request, true, *response); });
}

}  // namespace sanplane::san
