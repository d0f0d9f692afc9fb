#include "san_service.hpp"

#include "common/errors.hpp"
#include "common/log.hpp"
#include "common/pagination.hpp"
#include "common/rpc.hpp"
#include "common/versioning.hpp"
#include "saves.hpp"
#include "store.hpp"
#include "validation.hpp"

namespace sanplane::san {
namespace {

using common::Error;
using common::ErrorKind;

constexpr int kTransactionAttempts = 3;

Error NotFound(std::string message) { return Error(ErrorKind::kNotFound, std::move(message)); }

using common::InvalidFields;

Error FabricNameTakenError(const std::string& name) {
  return Error(ErrorKind::kAlreadyExists,
               "A fabric named " + name + " already exists for this customer.");
}

/// The words a single-record request uses for its kind of record.
struct RecordKind {
  store::Table table;
  std::string entity;     // of the conflict body
  std::string not_found;  // the 404 message
};
const RecordKind kFabric{store::Table::kFabrics, "fabric", "Fabric not found."};
const RecordKind kAlias{store::Table::kAliases, "alias", "Alias not found"};
const RecordKind kZone{store::Table::kZones, "zone", "Zone not found"};

template <class Row>
const Row* Find(const std::map<int64_t, Row>& rows, int64_t id) {
  const auto row = rows.find(id);
  return row == rows.end() ? nullptr : &row->second;
}

/// The stored record a single-record write starts from must be one the caller may see (404) and
/// still at the version the caller read (409).
template <class Row>
const Row& RequireCurrent(const Row* row, const common::Principal& principal, int64_t expected,
                          const RecordKind& kind) {
  if (row == nullptr || !common::CanAccessCustomer(principal, row->customer_id)) {
    throw NotFound(kind.not_found);
  }
  if (row->stamp.version != expected) throw common::ConflictError(kind.entity, row->stamp);
  return *row;
}

/// A compare-and-set delete that matched nothing lost a race: the record went away (404) or its
/// version moved on (409) since RequireCurrent.
[[noreturn]] void ThrowLostDelete(pqxx::work& tx, const RecordKind& kind, int64_t id) {
  const std::optional<common::RecordStamp> stamp = store::LoadStamp(tx, kind.table, id);
  if (!stamp) throw NotFound(kind.not_found);
  throw common::ConflictError(kind.entity, *stamp);
}

template <class Request>
common::PageRequest PageOf(const Request& request) {
  return common::ParsePageRequest(
      request.has_page() ? std::optional<int>(request.page()) : std::nullopt,
      request.has_page_size() ? std::optional<int>(request.page_size()) : std::nullopt);
}

/// The query of a list of a project's records; `customer_id` is the project's.
template <class Request>
store::ListQuery ProjectListQuery(const Request& request, int64_t customer_id,
                                  std::string (*ordering)(std::string_view)) {
  store::ListQuery query;
  query.project_id = request.project_id();
  query.customer_id = customer_id;
  query.page = PageOf(request);
  query.ordering = ordering(request.ordering());
  query.search = request.search();
  return query;
}

template <class Row, class Response>
void FillPage(const std::vector<Row>& rows, int64_t count, const common::PageRequest& page,
              Response& response) {
  for (const Row& row : rows) ToProto(row, *response.add_results());
  common::FillPageInfo(response, count, page);
}

}  // namespace

SanService::SanService(common::PgPool& pool, Peers& peers, SanServiceOptions options)
    : pool_(pool), peers_(peers), options_(options) {}

void SanService::Transaction(const grpc::ServerContext& context,
                             const std::function<void(pqxx::work&)>& work) {
  common::RunWithRetries(kTransactionAttempts, [&] {
    pool_.Transaction(common::RemainingBudget(context, options_.db_timeout), work);
  });
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
  return SaveContext{context,
                     principal,
                     project_id,
                     ProjectCustomer(context, principal, project_id),
                     peers_,
                     [this, &context](const std::function<void(pqxx::work&)>& work) {
                       Transaction(context, work);
                     },
                     options_.max_batch};
}

// ---- fabrics ----------------------------------------------------------------------------------

grpc::Status SanService::ListFabrics(grpc::ServerContext* context,
                                     const v1::ListFabricsRequest* request,
                                     v1::ListFabricsResponse* response) {
  return common::HandleRpc(context, "ListFabrics", [&] {
    const common::Principal principal = common::RequirePrincipal(*context);
    const common::PageRequest page = PageOf(*request);
    const std::string ordering = store::FabricOrdering(request->ordering());
    bool all_customers = false;
    std::vector<int64_t> customers;
    if (request->has_customer_id()) {
      if (!common::CanAccessCustomer(principal, request->customer_id())) {
        throw NotFound("Customer not found.");
      }
      customers.push_back(request->customer_id());
    } else if (principal.is_superuser()) {
      all_customers = true;
    } else {
      customers.assign(principal.customer_ids().begin(), principal.customer_ids().end());
    }
    std::vector<FabricRow> rows;
    int64_t count = 0;
    Transaction(*context, [&](pqxx::work& tx) {
      rows = store::ListFabrics(tx, customers, all_customers, request->search(), ordering, page,
                                count);
    });
    FillPage(rows, count, page, *response);
  });
}

grpc::Status SanService::GetFabric(grpc::ServerContext* context,
                                   const v1::GetFabricRequest* request, v1::Fabric* response) {
  return common::HandleRpc(context, "GetFabric", [&] {
    const common::Principal principal = common::RequirePrincipal(*context);
    std::optional<FabricRow> row;
    Transaction(*context, [&](pqxx::work& tx) { row = store::LoadFabric(tx, request->id()); });
    if (!row || !common::CanAccessCustomer(principal, row->customer_id)) {
      throw NotFound("Fabric not found.");
    }
    ToProto(*row, *response);
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
    FabricRow row;
    try {
      Transaction(*context, [&](pqxx::work& tx) {
        if (store::FabricNameTaken(tx, request->customer(), values.name, 0)) {
          throw FabricNameTakenError(values.name);
        }
        row = store::InsertFabric(tx, request->customer(), values, principal.username());
      });
    } catch (const pqxx::unique_violation&) {
      throw FabricNameTakenError(values.name);
    }
    ToProto(row, *response);
  });
}

grpc::Status SanService::UpdateFabric(grpc::ServerContext* context,
                                      const v1::UpdateFabricRequest* request,
                                      v1::Fabric* response) {
  return common::HandleRpc(context, "UpdateFabric", [&] {
    const common::Principal principal = common::RequirePrincipal(*context);
    const int64_t expected = common::RequireVersion(*request);
    FabricRow result;
    std::string name;
    try {
      Transaction(*context, [&](pqxx::work& tx) {
        const std::optional<FabricRow> loaded = store::LoadFabric(tx, request->id());
        const FabricRow& row =
            RequireCurrent(loaded ? &*loaded : nullptr, principal, expected, kFabric);
        if (request->has_customer() && request->customer() != row.customer_id) {
          throw InvalidFields("The customer of a fabric cannot be changed.",
                              {{"customer", "The customer of a fabric cannot be changed."}});
        }
        FabricValues values = row.values;
        FieldErrors errors;
        ApplyFabricUpdate(*request, values, errors);
        if (!errors.empty()) throw InvalidFields("The fabric could not be saved.", errors);
        name = values.name;
        if (values.name != row.values.name &&
            store::FabricNameTaken(tx, row.customer_id, values.name, row.id)) {
          throw FabricNameTakenError(values.name);
        }
        if (auto updated =
                store::UpdateFabric(tx, row.id, expected, values, principal.username())) {
          result = std::move(*updated);
          return;
        }
        const std::optional<common::RecordStamp> stamp =
            store::LoadStamp(tx, store::Table::kFabrics, row.id);
        if (!stamp) throw NotFound(kFabric.not_found);
        if (stamp->version != expected) throw common::ConflictError(kFabric.entity, *stamp);
        result = row;  // nothing changed
      });
    } catch (const pqxx::unique_violation&) {
      throw FabricNameTakenError(name);
    }
    ToProto(result, *response);
  });
}

grpc::Status SanService::DeleteFabric(grpc::ServerContext* context,
                                      const v1::DeleteFabricRequest* request,
                                      common::v1::MessageResponse* response) {
  return common::HandleRpc(context, "DeleteFabric", [&] {
    const common::Principal principal = common::RequirePrincipal(*context);
    const int64_t expected = common::RequireVersion(*request);
    Transaction(*context, [&](pqxx::work& tx) {
      const std::optional<FabricRow> loaded = store::LoadFabric(tx, request->id());
      const FabricRow& row =
          RequireCurrent(loaded ? &*loaded : nullptr, principal, expected, kFabric);
      if (!store::DeleteFabric(tx, row.id, expected)) ThrowLostDelete(tx, kFabric, row.id);
    });
    response->set_message("Fabric deleted successfully.");
  });
}

// ---- aliases ----------------------------------------------------------------------------------

grpc::Status SanService::ListAliases(grpc::ServerContext* context,
                                     const v1::ListAliasesRequest* request,
                                     v1::ListAliasesResponse* response) {
  return common::HandleRpc(context, "ListAliases", [&] {
    const common::Principal principal = common::RequirePrincipal(*context);
    const store::ListQuery query =
        ProjectListQuery(*request, ProjectCustomer(*context, principal, request->project_id()),
                         store::AliasOrdering);
    std::vector<AliasRow> rows;
    int64_t count = 0;
    Transaction(*context, [&](pqxx::work& tx) { rows = store::ListAliases(tx, query, count); });
    FillPage(rows, count, query.page, *response);
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
    const SaveContext save = BatchSave(*context, principal, request->project_id());
    try {
      SaveAliasBatch(save, *request, *response);
    } catch (const pqxx::unique_violation&) {
      // Another save took a name or WWPN between our check and our commit.
      throw Error(ErrorKind::kAlreadyExists,
                  "Another user just saved an alias with one of these names or WWPNs in this "
                  "fabric. Please refresh and try again.");
    }
  });
}

grpc::Status SanService::DeleteAlias(grpc::ServerContext* context,
                                     const v1::DeleteAliasRequest* request,
                                     common::v1::MessageResponse* response) {
  return common::HandleRpc(context, "DeleteAlias", [&] {
    const common::Principal principal = common::RequirePrincipal(*context);
    const int64_t expected = common::RequireVersion(*request);
    Transaction(*context, [&](pqxx::work& tx) {
      const std::map<int64_t, AliasRow> rows = store::LoadAliases(tx, {request->id()});
      RequireCurrent(Find(rows, request->id()), principal, expected, kAlias);
      if (!store::DeleteAlias(tx, request->id(), expected, principal.username())) {
        ThrowLostDelete(tx, kAlias, request->id());
      }
    });
    response->set_message("Alias deleted successfully.");
  });
}

// ---- zones ------------------------------------------------------------------------------------

grpc::Status SanService::ListZones(grpc::ServerContext* context,
                                   const v1::ListZonesRequest* request,
                                   v1::ListZonesResponse* response) {
  return common::HandleRpc(context, "ListZones", [&] {
    const common::Principal principal = common::RequirePrincipal(*context);
    const store::ListQuery query = ProjectListQuery(
        *request, ProjectCustomer(*context, principal, request->project_id()), store::ZoneOrdering);
    std::vector<ZoneRow> rows;
    int64_t count = 0;
    Transaction(*context, [&](pqxx::work& tx) { rows = store::ListZones(tx, query, count); });
    FillPage(rows, count, query.page, *response);
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
    const SaveContext save = BatchSave(*context, principal, request->project_id());
    try {
      SaveZoneBatch(save, *request, *response);
    } catch (const pqxx::unique_violation&) {
      throw Error(ErrorKind::kAlreadyExists,
                  "Another user just saved a zone with one of these names in this fabric. "
                  "Please refresh and try again.");
    }
  });
}

grpc::Status SanService::DeleteZone(grpc::ServerContext* context,
                                    const v1::DeleteZoneRequest* request,
                                    common::v1::MessageResponse* response) {
  return common::HandleRpc(context, "DeleteZone", [&] {
    const common::Principal principal = common::RequirePrincipal(*context);
    const int64_t expected = common::RequireVersion(*request);
    Transaction(*context, [&](pqxx::work& tx) {
      const std::map<int64_t, ZoneRow> rows = store::LoadZones(tx, {request->id()});
      RequireCurrent(Find(rows, request->id()), principal, expected, kZone);
      if (!store::DeleteZone(tx, request->id(), expected))
        ThrowLostDelete(tx, kZone, request->id());
    });
    response->set_message("Zone deleted successfully.");
  });
}

}  // namespace sanplane::san
