#include "upstreams.hpp"

#include "common/client.hpp"

namespace sanplane::gateway {

Upstreams::Upstreams(const GatewayConfig& config) {
  auto add = [this](std::string name, const std::string& address) {
    auto channel = common::MakeChannel(address);
    channels_.emplace_back(std::move(name), channel);
    return channel;
  };
  identity_ = identity::v1::Identity::NewStub(add("identity", config.identity_addr));
  presence_ = presence::v1::Presence::NewStub(add("presence", config.presence_addr));
  storage_ = storage::v1::Storage::NewStub(add("storage", config.storage_addr));
  san_ = san::v1::San::NewStub(add("san", config.san_addr));
}

std::vector<std::string> Upstreams::NotReady() {
  std::vector<std::string> waiting;
  for (auto& [name, channel] : channels_) {
    if (channel->GetState(/*try_to_connect=*/true) != GRPC_CHANNEL_READY) waiting.push_back(name);
  }
  return waiting;
}

}  // namespace sanplane::gateway
