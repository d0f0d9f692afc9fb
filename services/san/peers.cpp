#include "peers.hpp"

#include <memory>
#include <string>

#include "common/client.hpp"
#include "common/errors.hpp"
#include "common/log.hpp"
#include "common/metrics.hpp"

namespace sanplane::san {
namespace {

constexpr char kStorageDown[] = "The storage service is unavailable; nothing was saved.";

void RecordDependency(std::string_view dependency, const grpc::Status& status) {
  auto& metrics = common::Metrics::Get();
  const bool down = status.error_code() == grpc::StatusCode::UNAVAILABLE ||
                    status.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED;
  metrics.dependency_up.Add({{"dependency", std::string(dependency)}}).Set(down ? 0 : 1);
  if (down) metrics.dependency_errors.Add({{"dependency", std::string(dependency)}}).Increment();
}

/// NOT_FOUND (and PERMISSION_DENIED, which a visibility check may answer) mean "no such record
/// for this caller"; anything else but OK is the peer's failure.
bool IsAbsent(const grpc::Status& status) {
  return status.error_code() == grpc::StatusCode::NOT_FOUND ||
         status.error_code() == grpc::StatusCode::PERMISSION_DENIED;
}

common::Error IdentityFailure(std::string_view /*method*/, const grpc::Status& status) {
  return common::FromGrpcStatus(status, "identity");
}

/// Whatever else went wrong, the record could not be checked, so nothing may be saved.
common::Error StorageFailure(std::string_view method, const grpc::Status& status) {
  common::log::Warn(
      "storage " + std::string(method) + " failed",
      {{"code", static_cast<int>(status.error_code())}, {"detail", status.error_message()}});
  return common::Error(common::ErrorKind::kUnavailable, kStorageDown);
}

/// A peer service: its name in metrics and how its failures become our error.
struct Peer {
  std::string_view name;
  common::Error (*failure)(std::string_view method, const grpc::Status& status);
};
constexpr Peer kIdentity{"identity", IdentityFailure};
constexpr Peer kStorage{"storage", StorageFailure};

/// One record by id from `peer`: nullopt when the caller has no such record; any other failure
/// is thrown as the peer's failure.
template <class Stub, class Request, class Record>
std::optional<Record> GetById(const Peer& peer, std::string_view method, Stub& stub,
                              grpc::Status (Stub::*get)(grpc::ClientContext*, const Request&,
                                                        Record*),
                              std::unique_ptr<grpc::ClientContext> call, int64_t id) {
  Request request;
  request.set_id(id);
  Record record;
  const grpc::Status status =
      common::TimedClientCall(std::string(peer.name) + "." + std::string(method),
                              [&] { return (stub.*get)(call.get(), request, &record); });
  RecordDependency(peer.name, status);
  if (status.ok()) return record;
  if (IsAbsent(status)) return std::nullopt;
  throw peer.failure(method, status);
}

/// The customer of the record `id` that `get` reads from `peer`; nullopt when the caller has no
/// such record.
template <class Stub, class Request, class Record>
std::optional<int64_t> CustomerOf(const Peer& peer, std::string_view method, Stub& stub,
                                  grpc::Status (Stub::*get)(grpc::ClientContext*, const Request&,
                                                            Record*),
                                  std::unique_ptr<grpc::ClientContext> call, int64_t id) {
  const std::optional<Record> record = GetById(peer, method, stub, get, std::move(call), id);
  if (!record) return std::nullopt;
  return record->customer();
}

}  // namespace

GrpcPeers::GrpcPeers(std::shared_ptr<grpc::Channel> identity,
                     std::shared_ptr<grpc::Channel> storage, std::chrono::milliseconds timeout)
    : identity_(identity::v1::Identity::NewStub(identity)),
      storage_(storage::v1::Storage::NewStub(storage)),
      timeout_(timeout) {}

std::optional<int64_t> GrpcPeers::ProjectCustomer(const grpc::ServerContext& context,
                                                  int64_t project_id) {
  return CustomerOf(kIdentity, "GetProject", *identity_, &identity::v1::Identity::Stub::GetProject,
                    common::OutgoingContext(context, timeout_), project_id);
}

std::map<int64_t, int64_t> GrpcPeers::ProjectCustomers(const grpc::ServerContext& context,
                                                       const std::vector<int64_t>& project_ids) {
  identity::v1::ResolveProjectsRequest request;
  request.mutable_project_ids()->Add(project_ids.begin(), project_ids.end());
  identity::v1::ResolveProjectsResponse response;
  const grpc::Status status = common::TimedClientCall("identity.ResolveProjects", [&] {
    return identity_->ResolveProjects(common::OutgoingContext(context, timeout_).get(), request,
                                      &response);
  });
  RecordDependency(kIdentity.name, status);
  if (!status.ok()) throw kIdentity.failure("ResolveProjects", status);
  std::map<int64_t, int64_t> customers;
  for (const identity::v1::ProjectRef& project : response.projects()) {
    customers[project.id()] = project.customer_id();
  }
  return customers;
}

bool GrpcPeers::CustomerVisible(const grpc::ServerContext& context, int64_t customer_id) {
  return GetById(kIdentity, "GetCustomer", *identity_, &identity::v1::Identity::Stub::GetCustomer,
                 common::OutgoingContext(context, timeout_), customer_id)
      .has_value();
}

std::optional<int64_t> GrpcPeers::HostCustomer(const grpc::ServerContext& context,
                                               int64_t host_id) {
  return CustomerOf(kStorage, "GetHost", *storage_, &storage::v1::Storage::Stub::GetHost,
                    common::OutgoingContext(context, timeout_), host_id);
}

std::optional<int64_t> GrpcPeers::StorageCustomer(const grpc::ServerContext& context,
                                                  int64_t storage_id) {
  return CustomerOf(kStorage, "GetStorage", *storage_, &storage::v1::Storage::Stub::GetStorage,
                    common::OutgoingContext(context, timeout_), storage_id);
}

}  // namespace sanplane::san
