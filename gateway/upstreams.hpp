#pragma once
// One channel and stub per upstream service, created once at start.

#include <grpcpp/channel.h>

#include <array>
#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "gateway_config.hpp"
#include "grpc/health/v1/health.grpc.pb.h"
#include "sanplane/history/v1/changes.grpc.pb.h"
#include "sanplane/history/v1/history.grpc.pb.h"
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
  /// The History service each of identity, storage and SAN serves for its own records.
  history::v1::History::Stub& identity_history() { return *identity_history_; }
  history::v1::History::Stub& storage_history() { return *storage_history_; }
  history::v1::History::Stub& san_history() { return *san_history_; }
  /// The ChangeFeed each of them serves, in the order of kFeedNames.
  std::array<history::v1::ChangeFeed::Stub*, 3> change_feeds() {
    return {identity_changes_.get(), san_changes_.get(), storage_changes_.get()};
  }

  /// Asks every upstream's standard health service, all at once and without blocking; `done`
  /// gets the names of those that are not SERVING (down, draining or slower than `timeout`).
  void CheckHealth(std::chrono::milliseconds timeout,
                   std::function<void(std::vector<std::string> not_serving)> done);

 private:
  struct Upstream {
    std::string name;
    std::shared_ptr<grpc::Channel> channel;
    std::unique_ptr<grpc::health::v1::Health::Stub> health;
  };
  std::vector<Upstream> upstreams_;
  std::unique_ptr<identity::v1::Identity::Stub> identity_;
  std::unique_ptr<presence::v1::Presence::Stub> presence_;
  std::unique_ptr<storage::v1::Storage::Stub> storage_;
  std::unique_ptr<san::v1::San::Stub> san_;
  std::unique_ptr<history::v1::History::Stub> identity_history_;
  std::unique_ptr<history::v1::History::Stub> storage_history_;
  std::unique_ptr<history::v1::History::Stub> san_history_;
  std::unique_ptr<history::v1::ChangeFeed::Stub> identity_changes_;
  std::unique_ptr<history::v1::ChangeFeed::Stub> storage_changes_;
  std::unique_ptr<history::v1::ChangeFeed::Stub> san_changes_;
};

}  // namespace sanplane::gateway
