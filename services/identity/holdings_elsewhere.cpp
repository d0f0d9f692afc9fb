#include "holdings_elsewhere.hpp"

#include <string>
#include <string_view>
#include <utility>

#include "common/client.hpp"
#include "common/errors.hpp"

namespace sanplane::identity {
namespace {

/// A peer's own refusal travels on unchanged; the library's (down, too slow) is ours to word.
/// `what`: the service; `asked`: what was asked of it ("what the customer still owns there").
void ThrowUnlessOk(const grpc::Status& status, std::string_view what, std::string_view asked) {
  if (status.ok()) return;
  if (common::DetailsOf(status)) throw common::FromGrpcStatus(status);
  throw common::Error(common::ErrorKind::kUnavailable,
                      "The " + std::string(what) + " service is unavailable, so " +
                          std::string(asked) +
                          " cannot be checked; nothing was deleted. Try again shortly.");
}

/// One question to a peer (`call` makes it): timed and counted under `method`, a failure thrown
/// as ThrowUnlessOk words it.
template <class Call>
void Ask(std::string_view method, std::string_view what, std::string_view asked, Call&& call) {
  ThrowUnlessOk(common::TimedClientCall(method, std::forward<Call>(call)), what, asked);
}

}  // namespace

GrpcHoldingsElsewhere::GrpcHoldingsElsewhere(std::shared_ptr<grpc::Channel> san,
                                             std::shared_ptr<grpc::Channel> storage,
                                             std::chrono::milliseconds timeout)
    : san_(san::v1::San::NewStub(san)),
      storage_(storage::v1::Storage::NewStub(storage)),
      timeout_(timeout) {}

CustomerHoldings GrpcHoldingsElsewhere::Count(const grpc::ServerContext& context,
                                              int64_t customer_id) {
  CustomerHoldings holdings;

  san::v1::SanCustomerUsageRequest san_request;
  san_request.set_customer_id(customer_id);
  san::v1::SanCustomerUsage san_usage;
  Ask("san.CustomerUsage", "SAN", "what the customer still owns there", [&] {
    return san_->CustomerUsage(common::OutgoingContext(context, timeout_).get(), san_request,
                               &san_usage);
  });
  holdings.fabrics = san_usage.fabrics();

  storage::v1::StorageCustomerUsageRequest storage_request;
  storage_request.set_customer_id(customer_id);
  storage::v1::StorageCustomerUsage storage_usage;
  Ask("storage.CustomerUsage", "storage", "what the customer still owns there", [&] {
    return storage_->CustomerUsage(common::OutgoingContext(context, timeout_).get(),
                                   storage_request, &storage_usage);
  });
  holdings.storage_systems = storage_usage.storage_systems();
  return holdings;
}

ProjectMembers GrpcHoldingsElsewhere::CountProjectMembers(const grpc::ServerContext& context,
                                                          int64_t project_id, int64_t customer_id) {
  return AskAboutProject(context, project_id, customer_id, &san::v1::San::Stub::ProjectUsage,
                         "san.ProjectUsage", "what the project still lists there");
}

ProjectMembers GrpcHoldingsElsewhere::ReleaseProject(const grpc::ServerContext& context,
                                                     int64_t project_id, int64_t customer_id) {
  return AskAboutProject(context, project_id, customer_id, &san::v1::San::Stub::ReleaseProject,
                         "san.ReleaseProject", "the records that list the project");
}

ProjectMembers GrpcHoldingsElsewhere::AskAboutProject(const grpc::ServerContext& context,
                                                      int64_t project_id, int64_t customer_id,
                                                      ProjectCall call, std::string_view method,
                                                      std::string_view asked) {
  san::v1::SanProjectUsageRequest request;
  request.set_project_id(project_id);
  request.set_customer_id(customer_id);
  san::v1::SanProjectUsage usage;
  Ask(method, "SAN", asked, [&] {
    return (san_.get()->*call)(common::OutgoingContext(context, timeout_).get(), request, &usage);
  });
  return {.aliases = usage.aliases(), .zones = usage.zones()};
}

}  // namespace sanplane::identity
