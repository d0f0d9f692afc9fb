#include "holdings_elsewhere.hpp"

#include <string>
#include <string_view>

#include "common/client.hpp"
#include "common/errors.hpp"

namespace sanplane::identity {
namespace {

/// A peer's own refusal travels on unchanged; the library's (down, too slow) is ours to word.
void ThrowUnlessOk(const grpc::Status& status, std::string_view method, std::string_view what) {
  common::RecordClientCall(method, status);
  if (status.ok()) return;
  if (common::DetailsOf(status)) throw common::FromGrpcStatus(status);
  throw common::Error(common::ErrorKind::kUnavailable,
                      "The " + std::string(what) +
                          " service is unavailable, so what the customer still owns there cannot "
                          "be checked; nothing was deleted. Try again shortly.");
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
  ThrowUnlessOk(san_->CustomerUsage(common::OutgoingContext(context, timeout_).get(), san_request,
                                    &san_usage),
                "san.CustomerUsage", "SAN");
  holdings.fabrics = san_usage.fabrics();

  storage::v1::StorageCustomerUsageRequest storage_request;
  storage_request.set_customer_id(customer_id);
  storage::v1::StorageCustomerUsage storage_usage;
  ThrowUnlessOk(storage_->CustomerUsage(common::OutgoingContext(context, timeout_).get(),
                                        storage_request, &storage_usage),
                "storage.CustomerUsage", "storage");
  holdings.storage_systems = storage_usage.storage_systems();
  return holdings;
}

}  // namespace sanplane::identity
