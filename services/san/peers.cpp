#include "peers.hpp"

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

}  // namespace

GrpcPeers::GrpcPeers(std::shared_ptr<grpc::Channel> identity,
                     std::shared_ptr<grpc::Channel> storage, std::chrono::milliseconds timeout)
    : identity_(identity::v1::Identity::NewStub(identity)),
      storage_(storage::v1::Storage::NewStub(storage)),
      timeout_(timeout) {}

std::optional<int64_t> GrpcPeers::ProjectCustomer(const grpc::ServerContext& context,
                                                  int64_t project_id) {
  identity::v1::GetProjectRequest request;
  request.set_id(project_id);
  identity::v1::Project project;
  auto call = common::OutgoingContext(context, timeout_);
  const grpc::Status status = identity_->GetProject(call.get(), request, &project);
  common::RecordClientCall("identity.GetProject", status);
  RecordDependency("identity", status);
  if (status.ok()) return project.customer();
  if (IsAbsent(status)) return std::nullopt;
  throw common::FromGrpcStatus(status, "identity");
}

bool GrpcPeers::CustomerVisible(const grpc::ServerContext& context, int64_t customer_id) {
  identity::v1::GetCustomerRequest request;
  request.set_id(customer_id);
  identity::v1::Customer customer;
  auto call = common::OutgoingContext(context, timeout_);
  const grpc::Status status = identity_->GetCustomer(call.get(), request, &customer);
  common::RecordClientCall("identity.GetCustomer", status);
  RecordDependency("identity", status);
  if (status.ok()) return true;
  if (IsAbsent(status)) return false;
  throw common::FromGrpcStatus(status, "identity");
}

std::optional<int64_t> GrpcPeers::HostCustomer(const grpc::ServerContext& context,
                                               int64_t host_id) {
  storage::v1::GetHostRequest request;
  request.set_id(host_id);
  storage::v1::Host host;
  auto call = common::OutgoingContext(context, timeout_);
  const grpc::Status status = storage_->GetHost(call.get(), request, &host);
  common::RecordClientCall("storage.GetHost", status);
  RecordDependency("storage", status);
  if (status.ok()) return host.customer();
  if (IsAbsent(status)) return std::nullopt;
  // Whatever else went wrong, the host could not be checked, so nothing may be saved.
  common::log::Warn("storage GetHost failed", {{"code", static_cast<int>(status.error_code())},
                                               {"detail", status.error_message()}});
  throw common::Error(common::ErrorKind::kUnavailable, kStorageDown);
}

std::optional<int64_t> GrpcPeers::StorageCustomer(const grpc::ServerContext& context,
                                                  int64_t storage_id) {
  storage::v1::GetStorageRequest request;
  request.set_id(storage_id);
  storage::v1::StorageSystem system;
  auto call = common::OutgoingContext(context, timeout_);
  const grpc::Status status = storage_->GetStorage(call.get(), request, &system);
  common::RecordClientCall("storage.GetStorage", status);
  RecordDependency("storage", status);
  if (status.ok()) return system.customer();
  if (IsAbsent(status)) return std::nullopt;
  common::log::Warn("storage GetStorage failed", {{"code", static_cast<int>(status.error_code())},
                                                  {"detail", status.error_message()}});
  throw common::Error(common::ErrorKind::kUnavailable, kStorageDown);
}

}  // namespace sanplane::san
