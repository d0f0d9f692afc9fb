#pragma once
// What identity asks SAN and storage before it deletes a customer (how many fabrics and storage
// systems the customer still owns there) or a project (the SAN records it lists). The calls act
// for the caller's principal.

#include <grpcpp/channel.h>
#include <grpcpp/server_context.h>

#include <chrono>
#include <cstdint>
#include <memory>

#include "sanplane/san/v1/san.grpc.pb.h"
#include "sanplane/storage/v1/storage.grpc.pb.h"
#include "still_in_use.hpp"

namespace sanplane::identity {

class HoldingsElsewhere {
 public:
  virtual ~HoldingsElsewhere() = default;
  /// Fills `fabrics` and `storage_systems` of the result. A service that cannot answer ->
  /// Error(kUnavailable): a delete that cannot ask must not happen. A refusal of theirs (their
  /// own error body) travels on unchanged.
  virtual CustomerHoldings Count(const grpc::ServerContext& context, int64_t customer_id) = 0;
  /// The aliases and zones project `project_id` of `customer_id` lists; failures as Count.
  virtual ProjectMembers CountProjectMembers(const grpc::ServerContext& context, int64_t project_id,
                                             int64_t customer_id) = 0;
  /// Has SAN take the project out of every record that lists it; failures as Count.
  virtual ProjectMembers ReleaseProject(const grpc::ServerContext& context, int64_t project_id,
                                        int64_t customer_id) = 0;
};

class GrpcHoldingsElsewhere final : public HoldingsElsewhere {
 public:
  GrpcHoldingsElsewhere(std::shared_ptr<grpc::Channel> san, std::shared_ptr<grpc::Channel> storage,
                        std::chrono::milliseconds timeout);
  CustomerHoldings Count(const grpc::ServerContext& context, int64_t customer_id) override;
  ProjectMembers CountProjectMembers(const grpc::ServerContext& context, int64_t project_id,
                                     int64_t customer_id) override;
  ProjectMembers ReleaseProject(const grpc::ServerContext& context, int64_t project_id,
                                int64_t customer_id) override;

 private:
  using ProjectCall = grpc::Status (san::v1::San::Stub::*)(grpc::ClientContext*,
                                                           const san::v1::SanProjectUsageRequest&,
                                                           san::v1::SanProjectUsage*);
  /// One question about a project to SAN; `asked` words what could not be checked when SAN is
  /// down.
  ProjectMembers AskAboutProject(const grpc::ServerContext& context, int64_t project_id,
                                 int64_t customer_id, ProjectCall call, std::string_view method,
                                 std::string_view asked);

  std::unique_ptr<san::v1::San::Stub> san_;
  std::unique_ptr<storage::v1::Storage::Stub> storage_;
  std::chrono::milliseconds timeout_;
};

}  // namespace sanplane::identity
