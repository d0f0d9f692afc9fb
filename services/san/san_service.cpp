#include "san_service.hpp"

#include "common/errors.hpp"
#include "common/log.hpp"
#include "common/pagination.hpp"
#include "common/rpc.hpp"
#include "common/versioning.hpp"
#include "record_checks.hpp"
#include "saves.hpp"
#include "store.hpp"
#include "validation.hpp"

namespace sanplane::san {
namespace {

using common::Error;
using common::ErrorKind;

using common::InvalidFields;

template <class Request>
common::PageRequest PageOf(const Request& request) {
  return common::ParsePageRequest(
      request.has_page() ? std::optional<int>(request.page()) : std::nullopt,
      request.has_page_size() ? std::optional<int>(request.page_size()) : std::nullopt);
}

/// The query of a list of a project's records; `customer_id` is the project's.
template <class Request>
ListQuery ProjectListQuery(const Request& request, int64_t customer_id,
                           std::string (*ordering)(std::string_view)) {
  ListQuery query;
  query.project_id = request.project_id();
  query.customer_id = customer_id;
  query.page = PageOf(request);
  query.ordering = ordering(request.ordering());
  query.search = request.search();
  return query;
}

template <class Row, class Response>
void FillPage(const Page<Row>& rows, const common::PageRequest& page, Response& response) {
  for (const Row& row : rows.rows) ToProto(row, *response.add_results());
  common::FillPageInfo(response, rows.count, page);
}

}  // namespace

SanService::SanService(Store& store, Peers& peers, SanServiceOptions options)
    : store_(store), peers_(peers), options_(options) {}

Store::Budget SanService::BudgetOf(const grpc::ServerContext& context) const {
  return [&context, cap = options_.db_timeout] { return common::RemainingBudget(context, cap); };
}

int64_t SanService::ProjectCustomer(const grpc::ServerContext& context,
                                    const common::Principal& principal, int64_t project_id) {
  if (project_id <= 0) throw NotFound("Project not found.");
  const std::optional<int64_t> customer = peers_.ProjectCustomer(context, project_id);
  if (!customer || !common::CanAccessCustomer(principal, *customer)) {
    throw NotFound("Project not found.");
  }
  return *customer;
}

SaveContext SanService::BatchSave(const grpc::ServerContext& context,
                                  const common::Principal& principal, int64_t project_id) {
  return SaveContext{
      context, principal, project_id,        ProjectCustomer(context, principal, project_id),
      peers_,  store_,    BudgetOf(context), options_.max_batch};
}

// ---- fabrics ----------------------------------------------------------------------------------

grpc::Status SanService::ListFabrics(grpc::ServerContext* context,
                                     const v1::ListFabricsRequest* request,
                                     v1::ListFabricsResponse* response) {
  return common::HandleRpc(context, "ListFabrics", [&] {
    const common::Principal principal = common::RequirePrincipal(*context);
    FabricListQuery query;
    query.page = PageOf(*request);
    query.ordering = FabricOrdering(request->ordering());
    query.search = request->search();
    if (request->has_customer_id()) {
      if (!common::CanAccessCustomer(principal, request->customer_id())) {
        throw NotFound("Customer not found.");
      }
      query.customers.push_back(request->customer_id());
    } else if (principal.is_superuser()) {
      query.all_customers = true;
    } else {
      query.customers.assign(principal.customer_ids().begin(), principal.customer_ids().end());
    }
    FillPage(store_.ListFabrics(BudgetOf(*context), query), query.page, *response);
  });
}

grpc::Status SanService::GetFabric(grpc::ServerContext* context,
                                   const v1::GetFabricRequest* request, v1::Fabric* response) {
  return common::HandleRpc(context, "GetFabric", [&] {
    const common::Principal principal = common::RequirePrincipal(*context);
    ToProto(store_.GetFabric(BudgetOf(*context), principal, request->id()), *response);
  });
}

grpc::Status SanService::CreateFabric(grpc::ServerContext* context,
                                      const v1::CreateFabricRequest* request,
                                      v1::Fabric* response) {
  return common::HandleRpc(context, "CreateFabric", [&] {
    const common::Principal principal = common::RequirePrincipal(*context);
    FieldErrors errors;
    const FabricValues values = FabricFromCreate(*request, errors);
    if (request->customer() <= 0) AddError(errors, "customer", kRequired);
    if (!errors.empty()) throw InvalidFields("The fabric could not be saved.", errors);
    if (!common::CanAccessCustomer(principal, request->customer()) ||
        !peers_.CustomerVisible(*context, request->customer())) {
      const std::string message =
          "Customer " + std::to_string(request->customer()) + " does not exist.";
      throw InvalidFields(message, {{"customer", message}});
    }
    ToProto(
        store_.CreateFabric(BudgetOf(*context), request->customer(), values, principal.username()),
        *response);
  });
}

grpc::Status SanService::UpdateFabric(grpc::ServerContext* context,
                                      const v1::UpdateFabricRequest* request,
                                      v1::Fabric* response) {
  return common::HandleRpc(context, "UpdateFabric", [&] {
    const common::Principal principal = common::RequirePrincipal(*context);
    const int64_t expected = common::RequireVersion(*request);
    const FabricRow result = store_.UpdateFabric(
        BudgetOf(*context), principal, request->id(), expected, [&](const FabricRow& row) {
          if (request->has_customer() && request->customer() != row.customer_id) {
            throw InvalidFields("The customer of a fabric cannot be changed.",
                                {{"customer", "The customer of a fabric cannot be changed."}});
          }
          FabricValues values = row.values;
          FieldErrors errors;
          ApplyFabricUpdate(*request, values, errors);
          if (!errors.empty()) throw InvalidFields("The fabric could not be saved.", errors);
          return values;
        });
    ToProto(result, *response);
  });
}

grpc::Status SanService::DeleteFabric(grpc::ServerContext* context,
                                      const v1::DeleteFabricRequest* request,
                                      common::v1::MessageResponse* response) {
  return common::HandleRpc(context, "DeleteFabric", [&] {
    const common::Principal principal = common::RequirePrincipal(*context);
    const int64_t expected = common::RequireVersion(*request);
    store_.DeleteFabric(BudgetOf(*context), principal, request->id(), expected);
    response->set_message("Fabric deleted successfully.");
  });
}

// ---- aliases ----------------------------------------------------------------------------------

grpc::Status SanService::ListAliases(grpc::ServerContext* context,
                                     const v1::ListAliasesRequest* request,
                                     v1::ListAliasesResponse* response) {
  return common::HandleRpc(context, "ListAliases", [&] {
    const common::Principal principal = common::RequirePrincipal(*context);
    const ListQuery query = ProjectListQuery(
        *request, ProjectCustomer(*context, principal, request->project_id()), AliasOrdering);
    FillPage(store_.ListAliases(BudgetOf(*context), query), query.page, *response);
  });
}

grpc::Status SanService::SaveAliases(grpc::ServerContext* context,
                                     const v1::SaveAliasesRequest* request,
                                     v1::SaveAliasesResponse* response) {
  return common::HandleRpc(context, "SaveAliases", [&] {
    const common::Principal principal = common::RequirePrincipal(*context);
    if (request->project_id() <= 0 || request->aliases().empty()) {
      throw Error(ErrorKind::kInvalidArgument, "Project ID and aliases data are required.");
    }
    SaveAliasBatch(BatchSave(*context, principal, request->project_id()), *request, *response);
  });
}

grpc::Status SanService::DeleteAlias(grpc::ServerContext* context,
                                     const v1::DeleteAliasRequest* request,
                                     common::v1::MessageResponse* response) {
  return common::HandleRpc(context, "DeleteAlias", [&] {
    const common::Principal principal = common::RequirePrincipal(*context);
    const int64_t expected = common::RequireVersion(*request);
    store_.DeleteAlias(BudgetOf(*context), principal, request->id(), expected);
    response->set_message("Alias deleted successfully.");
  });
}

// ---- zones ------------------------------------------------------------------------------------

grpc::Status SanService::ListZones(grpc::ServerContext* context,
                                   const v1::ListZonesRequest* request,
                                   v1::ListZonesResponse* response) {
  return common::HandleRpc(context, "ListZones", [&] {
    const common::Principal principal = common::RequirePrincipal(*context);
    const ListQuery query = ProjectListQuery(
        *request, ProjectCustomer(*context, principal, request->project_id()), ZoneOrdering);
    FillPage(store_.ListZones(BudgetOf(*context), query), query.page, *response);
  });
}

grpc::Status SanService::SaveZones(grpc::ServerContext* context,
                                   const v1::SaveZonesRequest* request,
                                   v1::SaveZonesResponse* response) {
  return common::HandleRpc(context, "SaveZones", [&] {
    const common::Principal principal = common::RequirePrincipal(*context);
    if (request->project_id() <= 0 || request->zones().empty()) {
      throw Error(ErrorKind::kInvalidArgument, "Project ID and zones data are required.");
    }
    SaveZoneBatch(BatchSave(*context, principal, request->project_id()), *request, *response);
  });
}

grpc::Status SanService::DeleteZone(grpc::ServerContext* context,
                                    const v1::DeleteZoneRequest* request,
                                    common::v1::MessageResponse* response) {
  return common::HandleRpc(context, "DeleteZone", [&] {
    const common::Principal principal = common::RequirePrincipal(*context);
    const int64_t expected = common::RequireVersion(*request);
    store_.DeleteZone(BudgetOf(*context), principal, request->id(), expected);
    response->set_message("Zone deleted successfully.");
  });
}

}  // namespace sanplane::san
