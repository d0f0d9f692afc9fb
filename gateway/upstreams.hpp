#pragma once
// One channel and stub per upstream service, created once at start.

#include <grpcpp/channel.h>

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "gateway_config.hpp"
#include "sanplane/identity/v1/identity.grpc.pb.h"
#include "sanplane/presence/v1/presence.grpc.pb.h"
#include "sanplane/san/v1/san.grpc.pb.h"
#include "sanplane/storage/v1/storage.grpc.pb.h"

namespace sanplane::gateway {

class Upstreams {
 public:
  explicit Upstreams(const GatewayConfig& config);

  identity::v1::Identity::Stub& identity() { return *identity_; }
  presence::v1::Presence::Stub& presence() { return *presence_; }
  storage::v1::Storage::Stub& storage() { return *storage_; }
  san::v1::San::Stub& san() { return *san_; }

  /// Names of upstreams whose channel is not connected. An idle channel is asked to connect, so
  /// a readiness probe that fails once succeeds on the next try when the service is up.
  std::vector<std::string> NotReady();

 private:
  std::vector<std::pair<std::string, std::shared_ptr<grpc::Channel>>> channels_;
  std::unique_ptr<identity::v1::Identity::Stub> identity_;
  std::unique_ptr<presence::v1::Presence::Stub> presence_;
  std::unique_ptr<storage::v1::Storage::Stub> storage_;
  std::unique_ptr<san::v1::San::Stub> san_;
};

}  // namespace sanplane::gateway
