#include "storage_service.hpp"

#include <algorithm>

#include "common/errors.hpp"
#include "common/merged_update.hpp"
#include "common/pagination.hpp"
#include "common/principal.hpp"
#include "common/rpc.hpp"
#include "common/versioning.hpp"
#include "import_plan.hpp"
#include "storage_fields.hpp"
#include "storage_update.hpp"

namespace sanplane::storage {
namespace {

using common::Error;
using common::ErrorKind;

const std::vector<std::string> kStorageOrdering = {
    "id",       "name",           "storage_type",    "vendor", "model", "serial_number",
    "location", "capacity_bytes", "last_modified_at"};
const std::vector<std::string> kHostOrdering = {"id", "name", "host_type", "status",
                                                "last_modified_at"};
const std::vector<std::string> kVolumeOrdering = {
    "id", "name", "volume_id", "unique_id", "capacity_bytes", "pool_name", "last_modified_at"};

constexpr size_t kMaxSearchLength = 200;

// A customer filter the caller may not use answers like a customer that does not exist.
std::optional<int64_t> CustomerFilter(const common::Principal& principal, bool has,
                                      int64_t customer) {
  if (!has) return std::nullopt;
  if (!common::CanAccessCustomer(principal, customer)) {
    throw Error(ErrorKind::kNotFound, "Customer not found.");
  }
  return customer;
}

/// The page, ordering, search and filters (customer; storage system where the list has one) of a
/// list request, each checked.
template <class Request>
ListQuery QueryOf(const common::Principal& principal, const Request& request,
                  const std::vector<std::string>& ordering) {
  ListQuery query;
  query.page = common::ParsePageRequest(
      request.has_page() ? std::optional<int>(request.page()) : std::nullopt,
      request.has_page_size() ? std::optional<int>(request.page_size()) : std::nullopt);
  // Checks the field against the allow-list (and words the error); the store orders by it.
  common::OrderByClause(request.ordering(), ordering, "name ASC");
  query.ordering = request.ordering().empty() ? "name" : request.ordering();
  if (request.search().size() > kMaxSearchLength) {
    throw Error(ErrorKind::kInvalidArgument, "search must be at most 200 characters.");
  }
  if (HasNul(request.search())) {
    throw Error(ErrorKind::kInvalidArgument, "search must not contain NUL characters.");
  }
  query.search = request.search();
  query.customer = CustomerFilter(principal, request.has_customer(), request.customer());
  if constexpr (requires { request.has_storage_id(); }) {
    if (request.has_storage_id()) query.storage_id = request.storage_id();
  }
  return query;
}

}  // namespace

std::chrono::milliseconds StorageService::Budget(const grpc::ServerContext& context) const {
  return common::RemainingBudget(context, limits_.statement_timeout);
}

grpc::Status StorageService::ListStorage(grpc::ServerContext* context,
                                         const v1::ListStorageRequest* request,
                                         v1::ListStorageResponse* response) {
  return common::HandleRpc(context, "ListStorage", [&] {
    const common::Principal principal = common::RequirePrincipal(*context);
    *response = store_.ListStorage(Budget(*context), principal,
                                   QueryOf(principal, *request, kStorageOrdering));
  });
}

grpc::Status StorageService::CreateStorage(grpc::ServerContext* context,
                                           const v1::CreateStorageRequest* request,
                                           v1::StorageSystem* response) {
  return common::HandleRpc(context, "CreateStorage", [&] {
    const common::Principal principal = common::RequirePrincipal(*context);
    if (request->customer() <= 0) {
      throw common::InvalidFields("customer is required.", {{"customer", "customer is required."}});
    }
    if (!common::CanAccessCustomer(principal, request->customer())) {
      throw Error(ErrorKind::kNotFound, "Customer not found.");
    }
    const std::vector<ColumnValue> row = StorageColumnsForCreate(*request);
    *response =
        store_.CreateStorage(Budget(*context), request->customer(), row, principal.username());
  });
}

grpc::Status StorageService::GetStorage(grpc::ServerContext* context,
                                        const v1::GetStorageRequest* request,
                                        v1::StorageSystem* response) {
  return common::HandleRpc(context, "GetStorage", [&] {
    const common::Principal principal = common::RequirePrincipal(*context);
    *response = store_.GetStorage(Budget(*context), principal, request->id());
  });
}

grpc::Status StorageService::UpdateStorage(grpc::ServerContext* context,
                                           const v1::UpdateStorageRequest* request,
                                           v1::StorageSystem* response) {
  return common::HandleRpc(context, "UpdateStorage", [&] {
    const common::Principal principal = common::RequirePrincipal(*context);
    const auto load_merge_base = [&](int64_t id, int64_t base_version) {
      return store_.LoadMergeBase(Budget(*context), id, base_version);
    };
    const auto update = [&](const v1::UpdateStorageRequest& sent, v1::StorageSystem& answer) {
      const int64_t version = common::RequireVersion(sent);
      const std::vector<ColumnValue> changes = StorageColumnsForUpdate(sent);
      // Load, plan, apply: the full row is written with a compare-and-set on the version the plan
      // was made against, so a save in between is still a conflict.
      const StoredStorageRow stored = store_.LoadStorageRow(Budget(*context), principal, sent.id());
      const std::vector<ColumnValue> row = PlanStorageUpdate(stored, version, changes);
      answer = store_.UpdateStorage(Budget(*context), principal, sent.id(), version, row);
    };
    common::UpdateMerging(principal, *request, load_merge_base, update, *response);
  });
}

grpc::Status StorageService::DeleteStorage(grpc::ServerContext* context,
                                           const v1::DeleteStorageRequest* request,
                                           common::v1::MessageResponse* response) {
  return common::HandleRpc(context, "DeleteStorage", [&] {
    const common::Principal principal = common::RequirePrincipal(*context);
    const int64_t version = common::RequireVersion(*request);
    // Aliases in SAN name the storage system and its hosts by id: refuse while any does, so none
    // is left pointing at nothing. An alias saved between this question and the delete is the
    // window README's API section describes.
    const StorageForDelete target =
        store_.LoadForDelete(Budget(*context), principal, request->id(), version);
    const AliasReferences references = aliases_.Find(*context, request->id(), target.host_ids);
    if (references.aliases > 0) throw StorageInUseError(target.name, references);
    store_.DeleteStorage(Budget(*context), principal, request->id(), version);
    response->set_message("Storage system deleted successfully.");
  });
}

grpc::Status StorageService::ListHosts(grpc::ServerContext* context,
                                       const v1::ListHostsRequest* request,
                                       v1::ListHostsResponse* response) {
  return common::HandleRpc(context, "ListHosts", [&] {
    const common::Principal principal = common::RequirePrincipal(*context);
    *response =
        store_.ListHosts(Budget(*context), principal, QueryOf(principal, *request, kHostOrdering));
  });
}

grpc::Status StorageService::GetHost(grpc::ServerContext* context,
                                     const v1::GetHostRequest* request, v1::Host* response) {
  return common::HandleRpc(context, "GetHost", [&] {
    const common::Principal principal = common::RequirePrincipal(*context);
    *response = store_.GetHost(Budget(*context), principal, request->id());
  });
}

grpc::Status StorageService::ListVolumes(grpc::ServerContext* context,
                                         const v1::ListVolumesRequest* request,
                                         v1::ListVolumesResponse* response) {
  return common::HandleRpc(context, "ListVolumes", [&] {
    const common::Principal principal = common::RequirePrincipal(*context);
    *response = store_.ListVolumes(Budget(*context), principal,
                                   QueryOf(principal, *request, kVolumeOrdering));
  });
}

grpc::Status StorageService::GetVolume(grpc::ServerContext* context,
                                       const v1::GetVolumeRequest* request, v1::Volume* response) {
  return common::HandleRpc(context, "GetVolume", [&] {
    const common::Principal principal = common::RequirePrincipal(*context);
    *response = store_.GetVolume(Budget(*context), principal, request->id());
  });
}

grpc::Status StorageService::ImportStorage(grpc::ServerContext* context,
                                           const v1::ImportStorageRequest* request,
                                           v1::ImportStorageResponse* response) {
  return common::HandleRpc(context, "ImportStorage", [&] {
    const common::Principal principal = common::RequirePrincipal(*context);
    const ImportPayload payload = ParseImport(*request);
    *response = store_.Import(common::RemainingBudget(*context, limits_.import_timeout), principal,
                              request->id(), payload);
  });
}

grpc::Status StorageService::CustomerUsage(grpc::ServerContext* context,
                                           const v1::StorageCustomerUsageRequest* request,
                                           v1::StorageCustomerUsage* response) {
  return common::HandleRpc(context, "CustomerUsage", [&] {
    const common::Principal principal = common::RequirePrincipal(*context);
    if (!common::CanAccessCustomer(principal, request->customer_id())) {
      throw Error(ErrorKind::kNotFound, "Customer not found.");
    }
    response->set_storage_systems(
        store_.CountCustomerStorage(Budget(*context), request->customer_id()));
  });
}

}  // namespace sanplane::storage
