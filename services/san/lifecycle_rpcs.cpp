// The questions other services ask SAN before they delete a record SAN records point at: identity
// before a customer (its fabrics) or a project (the aliases and zones it lists), storage before a
// storage system (aliases naming it or its hosts). SAN records hold those ids without a foreign
// key, so the owner asks first.

#include <vector>

#include "common/errors.hpp"
#include "common/rpc.hpp"
#include "san_service.hpp"
#include "store.hpp"

namespace sanplane::san {
namespace {

/// Enough names for a person to find the aliases; the count says how many there are in all.
constexpr int kReferenceNamesShown = 5;

/// The caller, who must be able to see `customer_id` (else NOT_FOUND with `not_found`).
common::Principal RequireCustomerAccess(const grpc::ServerContext& context, int64_t customer_id,
                                        const char* not_found) {
  common::Principal principal = common::RequirePrincipal(context);
  if (!common::CanAccessCustomer(principal, customer_id)) {
    throw common::Error(common::ErrorKind::kNotFound, not_found);
  }
  return principal;
}

void Report(const ProjectMembers& members, v1::SanProjectUsage& response) {
  response.set_aliases(members.aliases);
  response.set_zones(members.zones);
}

}  // namespace

grpc::Status SanService::CustomerUsage(grpc::ServerContext* context,
                                       const v1::SanCustomerUsageRequest* request,
                                       v1::SanCustomerUsage* response) {
  return common::HandleRpc(context, "CustomerUsage", [&] {
    RequireCustomerAccess(*context, request->customer_id(), "Customer not found.");
    response->set_fabrics(store_.CountCustomerFabrics(BudgetOf(*context), request->customer_id()));
  });
}

grpc::Status SanService::ProjectUsage(grpc::ServerContext* context,
                                      const v1::SanProjectUsageRequest* request,
                                      v1::SanProjectUsage* response) {
  return common::HandleRpc(context, "ProjectUsage", [&] {
    RequireCustomerAccess(*context, request->customer_id(), "Project not found.");
    // Identity asks before it deletes the project.
    peers_.ForgetProject(request->project_id());
    Report(store_.CountProjectMembers(BudgetOf(*context), request->project_id()), *response);
  });
}

grpc::Status SanService::ReleaseProject(grpc::ServerContext* context,
                                        const v1::SanProjectUsageRequest* request,
                                        v1::SanProjectUsage* response) {
  return common::HandleRpc(context, "ReleaseProject", [&] {
    const common::Principal principal =
        RequireCustomerAccess(*context, request->customer_id(), "Project not found.");
    peers_.ForgetProject(request->project_id());
    Report(store_.ReleaseProject(BudgetOf(*context), request->project_id(), principal.username()),
           *response);
  });
}

grpc::Status SanService::StorageReferences(grpc::ServerContext* context,
                                           const v1::StorageReferencesRequest* request,
                                           v1::StorageReferencesResponse* response) {
  return common::HandleRpc(context, "StorageReferences", [&] {
    // Storage has already checked that the caller may see the storage system it asks about.
    common::RequirePrincipal(*context);
    const std::vector<int64_t> host_ids(request->host_ids().begin(), request->host_ids().end());
    san::StorageReferences references = store_.FindStorageReferences(
        BudgetOf(*context), request->storage_id(), host_ids, kReferenceNamesShown);
    response->set_aliases(references.aliases);
    for (std::string& name : references.alias_names) response->add_alias_names(std::move(name));
  });
}

}  // namespace sanplane::san
