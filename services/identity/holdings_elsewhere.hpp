#pragma once
// What identity asks SAN and storage before it deletes a customer: how many fabrics and storage
// systems the customer still owns there. Both calls act for the caller's principal.

#include <grpcpp/channel.h>
#include <grpcpp/server_context.h>

#include <chrono>
#include <cstdint>
#include <memory>

#include "customer_holdings.hpp"
#include "sanplane/san/v1/san.grpc.pb.h"
#include "sanplane/storage/v1/storage.grpc.pb.h"

namespace sanplane::identity {

class HoldingsElsewhere {
 public:
  virtual ~HoldingsElsewhere() = default;
  /// Fills `fabrics` and `storage_systems` of the result. A service that cannot answer ->
  /// Error(kUnavailable): a delete that cannot ask must not happen. A refusal of theirs (their
  /// own error body) travels on unchanged.
  virtual CustomerHoldings Count(const grpc::ServerContext& context, int64_t customer_id) = 0;
};

class GrpcHoldingsElsewhere final : public HoldingsElsewhere {
 public:
  GrpcHoldingsElsewhere(std::shared_ptr<grpc::Channel> san, std::shared_ptr<grpc::Channel> storage,
                        std::chrono::milliseconds timeout);
  CustomerHoldings Count(const grpc::ServerContext& context, int64_t customer_id) override;

 private:
  std::unique_ptr<san::v1::San::Stub> san_;
  std::unique_ptr<storage::v1::Storage::Stub> storage_;
  std::chrono::milliseconds timeout_;
};

}  // namespace sanplane::identity
