#include "upstreams.hpp"

#include <mutex>

#include "common/client.hpp"

namespace sanplane::gateway {

Upstreams::Upstreams(const GatewayConfig& config) {
  auto add = [this](std::string name, const std::string& address) {
    auto channel = common::MakeChannel(address);
    upstreams_.push_back({std::move(name), channel, grpc::health::v1::Health::NewStub(channel)});
    return channel;
  };
  const auto identity = add("identity", config.identity_addr);
  identity_ = identity::v1::Identity::NewStub(identity);
  identity_history_ = history::v1::History::NewStub(identity);
  identity_changes_ = history::v1::ChangeFeed::NewStub(identity);
  presence_ = presence::v1::Presence::NewStub(add("presence", config.presence_addr));
  const auto storage = add("storage", config.storage_addr);
  storage_ = storage::v1::Storage::NewStub(storage);
  storage_history_ = history::v1::History::NewStub(storage);
  storage_changes_ = history::v1::ChangeFeed::NewStub(storage);
  const auto san = add("san", config.san_addr);
  san_ = san::v1::San::NewStub(san);
  san_history_ = history::v1::History::NewStub(san);
  san_changes_ = history::v1::ChangeFeed::NewStub(san);
}

void Upstreams::CheckHealth(std::chrono::milliseconds timeout,
                            std::function<void(std::vector<std::string>)> done) {
  struct Probe {
    std::mutex mutex;
    size_t pending;
    std::vector<std::string> not_serving;
    std::function<void(std::vector<std::string>)> done;
  };
  auto probe = std::make_shared<Probe>();
  probe->pending = upstreams_.size();
  probe->done = std::move(done);
  for (Upstream& upstream : upstreams_) {
    auto context = std::make_shared<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + timeout);
    auto request = std::make_shared<grpc::health::v1::HealthCheckRequest>();
    auto response = std::make_shared<grpc::health::v1::HealthCheckResponse>();
    upstream.health->async()->Check(
        context.get(), request.get(), response.get(),
        [probe, context, request, response, name = upstream.name](grpc::Status status) {
          std::vector<std::string> result;
          {
            std::lock_guard lock(probe->mutex);
            if (!status.ok() ||
                response->status() != grpc::health::v1::HealthCheckResponse::SERVING) {
              probe->not_serving.push_back(name);
            }
            if (--probe->pending > 0) return;
            result = std::move(probe->not_serving);
          }
          probe->done(std::move(result));
        });
  }
}

}  // namespace sanplane::gateway
