#include "san_service.hpp"

#include "common/errors.hpp"
#include "common/log.hpp"
#include "common/merged_update.hpp"
#include "common/pagination.hpp"
#include "common/rpc.hpp"
#include "common/versioning.hpp"
#include "merged_save.hpp"
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

/// The fabrics a list asks for: of the customer it names (who must be visible), else of every
/// customer the caller may see.
FabricListQuery FabricQuery(const v1::ListFabricsRequest& request,
                            const common::Principal& principal) {
  FabricListQuery query;
  query.page = PageOf(request);
  query.ordering = FabricOrdering(request.ordering());
  query.search = request.search();
  if (request.has_customer_id()) {
    if (!common::CanAccessCustomer(principal, request.customer_id())) {
      throw NotFound("Customer not found.");
    }
    query.customers.push_back(request.customer_id());
  } else if (principal.is_superuser()) {
    query.all_customers = true;
  } else {
    query.customers.assign(principal.customer_ids().begin(), principal.customer_ids().end());
  }
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
    const FabricListQuery query = FabricQuery(*request, common::RequirePrincipal(*context));
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
    const auto load_merge_base = [&](int64_t id, int64_t base_version) {
      return store_.LoadMergeBases(BudgetOf(*context), "fabric", {{id, base_version}}).at(id);
    };
    const auto update = [&](const v1::UpdateFabricRequest& sent, v1::Fabric& answer) {
      const int64_t expected = common::RequireVersion(sent);
      const FabricRow result = store_.UpdateFabric(
          BudgetOf(*context), principal, sent.id(), expected, [&](const FabricRow& row) {
            if (sent.has_customer() && sent.customer() != row.customer_id) {
              throw InvalidFields("The customer of a fabric cannot be changed.",
                                  {{"customer", "The customer of a fabric cannot be changed."}});
            }
            FabricValues values = row.values;
            FieldErrors errors;
            ApplyFabricUpdate(sent, values, errors);
            if (!errors.empty()) throw InvalidFields("The fabric could not be saved.", errors);
            return values;
          });
      ToProto(result, answer);
    };
    common::UpdateMerging(principal, *request, load_merge_base, update, *response);
  });
}

grpc::Status SanService::DeleteFabric(grpc::ServerContext* context,
                                      const v1::DeleteFabricRequest* request,
                                      common::v1::MessageResponse* response) {
  return DeleteRecord(context, "DeleteFabric", *request, &Store::DeleteFabric,
                      "Fabric deleted successfully.", response);
}

// ---- aliases and zones -------------------------------------------------------------------------

template <class Request, class Response, class Row>
grpc::Status SanService::ListOfProject(
    grpc::ServerContext* context, std::string_view method, const Request& request,
    std::string (*ordering)(std::string_view),
    Page<Row> (Store::*list)(const Store::Budget&, const ListQuery&), Response* response) {
  return common::HandleRpc(context, method, [&] {
    const common::Principal principal = common::RequirePrincipal(*context);
    const ListQuery query = ProjectListQuery(
        request, ProjectCustomer(*context, principal, request.project_id()), ordering);
    FillPage((store_.*list)(BudgetOf(*context), query), query.page, *response);
  });
}

template <class Request, class Response>
grpc::Status SanService::SaveBatch(grpc::ServerContext* context, std::string_view method,
                                   const Request& request, bool no_items,
                                   const char* items_required,
                                   void (*save)(const SaveContext&, const Request&, Response&),
                                   Response* response) {
  return common::HandleRpc(context, method, [&] {
    const common::Principal principal = common::RequirePrincipal(*context);
    if (request.project_id() <= 0 || no_items) {
      throw Error(ErrorKind::kInvalidArgument, items_required);
    }
    save(BatchSave(*context, principal, request.project_id()), request, *response);
  });
}

template <class Request>
grpc::Status SanService::DeleteRecord(
    grpc::ServerContext* context, std::string_view method, const Request& request,
    void (Store::*remove)(const Store::Budget&, const common::Principal&, int64_t, int64_t),
    const char* deleted, common::v1::MessageResponse* response) {
  return common::HandleRpc(context, method, [&] {
    const common::Principal principal = common::RequirePrincipal(*context);
    const int64_t expected = common::RequireVersion(request);
    (store_.*remove)(BudgetOf(*context), principal, request.id(), expected);
    response->set_message(deleted);
  });
}

grpc::Status SanService::ListAliases(grpc::ServerContext* context,
                                     const v1::ListAliasesRequest* request,
                                     v1::ListAliasesResponse* response) {
  return ListOfProject(context, "ListAliases", *request, AliasOrdering, &Store::ListAliases,
                       response);
}

grpc::Status SanService::ListZones(grpc::ServerContext* context,
                                   const v1::ListZonesRequest* request,
                                   v1::ListZonesResponse* response) {
  return ListOfProject(context, "ListZones", *request, ZoneOrdering, &Store::ListZones, response);
}

grpc::Status SanService::SaveAliases(grpc::ServerContext* context,
                                     const v1::SaveAliasesRequest* request,
                                     v1::SaveAliasesResponse* response) {
  return SaveBatch(
      context, "SaveAliases", *request, request->aliases().empty(),
      "Project ID and aliases data are required.",
      +[](const SaveContext& save, const v1::SaveAliasesRequest& request,
          v1::SaveAliasesResponse& response) {
        SaveMerging(save, "alias", kAliasMergeRules, request,
                    &v1::SaveAliasesRequest::mutable_aliases, SaveAliasBatch, response);
      },
      response);
}

grpc::Status SanService::SaveZones(grpc::ServerContext* context,
                                   const v1::SaveZonesRequest* request,
                                   v1::SaveZonesResponse* response) {
  return SaveBatch(
      context, "SaveZones", *request, request->zones().empty(),
      "Project ID and zones data are required.",
      +[](const SaveContext& save, const v1::SaveZonesRequest& request,
          v1::SaveZonesResponse& response) {
        SaveMerging(save, "zone", kZoneMergeRules, request, &v1::SaveZonesRequest::mutable_zones,
                    SaveZoneBatch, response);
      },
      response);
}

grpc::Status SanService::DeleteAlias(grpc::ServerContext* context,
                                     const v1::DeleteAliasRequest* request,
                                     common::v1::MessageResponse* response) {
  return DeleteRecord(context, "DeleteAlias", *request, &Store::DeleteAlias,
                      "Alias deleted successfully.", response);
}

grpc::Status SanService::DeleteZone(grpc::ServerContext* context,
                                    const v1::DeleteZoneRequest* request,
                                    common::v1::MessageResponse* response) {
  return DeleteRecord(context, "DeleteZone", *request, &Store::DeleteZone,
                      "Zone deleted successfully.", response);
}

}  // namespace sanplane::san
