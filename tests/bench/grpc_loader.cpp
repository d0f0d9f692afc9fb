// The gRPC floor of a hot path: one RPC called straight at a service, without the gateway, by
// `connections` threads each on its own channel, for `seconds`. Prints one line
//   RESULT <calls/s> <p50 ms> <p99 ms> <calls that did not answer OK>
// (for heartbeat-batch: heartbeats/s and heartbeats, the latencies the calls')
// for tests/bench/hot_paths.mjs. The caller is a superuser principal signed with the stack's key
// (SANPLANE_PRINCIPAL_KEY), as the gateway would sign it.
//
//   grpc_loader <address> <connections> <seconds> heartbeat
//   grpc_loader <address> <connections> <seconds> heartbeat-batch <heartbeats per call>
//   grpc_loader <address> <connections> <seconds> active-users
//   grpc_loader <address> <connections> <seconds> list-zones <project> <page size>
//   grpc_loader <address> <connections> <seconds> save-zone <project> <zone> <version> <notes>
#include <grpcpp/grpcpp.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <functional>
#include <string>
#include <thread>
#include <vector>

#include "common/config.hpp"
#include "common/principal.hpp"
#include "sanplane/presence/v1/presence.grpc.pb.h"
#include "sanplane/san/v1/san.grpc.pb.h"

namespace {

using namespace sanplane;
using Clock = std::chrono::steady_clock;

// One call on `channel`; the number of its items that did not answer OK.
using Call = std::function<int(const std::shared_ptr<grpc::Channel>& channel)>;

struct Load {
  Call call;
  int items_per_call = 1;
};

void Prepare(grpc::ClientContext& context, const common::Principal& principal) {
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  common::AttachPrincipal(context, principal, "bench");
}

Load MakeLoad(const std::vector<std::string>& args, const common::Principal& principal) {
  const std::string& rpc = args.at(0);
  if (rpc == "heartbeat") {
    return {[principal](const std::shared_ptr<grpc::Channel>& channel) {
      grpc::ClientContext context;
      Prepare(context, principal);
      presence::v1::HeartbeatRequest request;
      presence::v1::HeartbeatResponse response;
      return presence::v1::Presence::NewStub(channel)->Heartbeat(&context, request, &response).ok()
                 ? 0
                 : 1;
    }};
  }
  if (rpc == "heartbeat-batch") {
    // As the gateway sends them: each heartbeat signed on its own, the call without a principal.
    const int size = std::stoi(args.at(1));
    return {[principal, size](const std::shared_ptr<grpc::Channel>& channel) {
              grpc::ClientContext context;
              const auto deadline = std::chrono::system_clock::now() + std::chrono::seconds(5);
              context.set_deadline(deadline);
              presence::v1::HeartbeatBatchRequest request;
              for (int i = 0; i < size; ++i) {
                *request.add_heartbeats() = common::SignedPrincipalOf(principal, "bench", deadline);
              }
              presence::v1::HeartbeatBatchResponse response;
              if (!presence::v1::Presence::NewStub(channel)
                       ->HeartbeatBatch(&context, request, &response)
                       .ok()) {
                return size;
              }
              int failed = 0;
              for (const auto& result : response.results()) failed += result.status().code() != 0;
              return failed + size - response.results_size();
            },
            size};
  }
  if (rpc == "active-users") {
    return {[principal](const std::shared_ptr<grpc::Channel>& channel) {
      grpc::ClientContext context;
      Prepare(context, principal);
      presence::v1::ListActiveUsersRequest request;
      presence::v1::ListActiveUsersResponse response;
      return presence::v1::Presence::NewStub(channel)
                     ->ListActiveUsers(&context, request, &response)
                     .ok()
                 ? 0
                 : 1;
    }};
  }
  if (rpc == "list-zones") {
    san::v1::ListZonesRequest request;
    request.set_project_id(std::stoll(args.at(1)));
    request.set_page_size(std::stoi(args.at(2)));
    return {[principal, request](const std::shared_ptr<grpc::Channel>& channel) {
      grpc::ClientContext context;
      Prepare(context, principal);
      san::v1::ListZonesResponse response;
      return san::v1::San::NewStub(channel)->ListZones(&context, request, &response).ok() ? 0 : 1;
    }};
  }
  if (rpc == "save-zone") {
    san::v1::SaveZonesRequest request;
    request.set_project_id(std::stoll(args.at(1)));
    san::v1::ZoneItem* zone = request.add_zones();
    zone->set_id(std::stoll(args.at(2)));
    zone->set_version(std::stoll(args.at(3)));
    zone->set_notes(args.at(4));
    zone->add_json_fields("notes");
    return {[principal, request](const std::shared_ptr<grpc::Channel>& channel) {
      grpc::ClientContext context;
      Prepare(context, principal);
      san::v1::SaveZonesResponse response;
      return san::v1::San::NewStub(channel)->SaveZones(&context, request, &response).ok() ? 0 : 1;
    }};
  }
  throw std::invalid_argument("unknown rpc " + rpc);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 5) {
    std::fprintf(stderr, "usage: grpc_loader <address> <connections> <seconds> <rpc> [args]\n");
    return 2;
  }
  const std::string address = argv[1];
  const int connections = std::stoi(argv[2]);
  const double seconds = std::stod(argv[3]);
  const std::vector<std::string> args(argv + 4, argv + argc);

  common::ConfigLoader loader(argc > 0 ? 1 : 0, argv);
  std::optional<common::PrincipalKeys> keys = common::LoadPrincipalKeys(loader);
  if (!keys) {
    std::fprintf(stderr, "grpc_loader: SANPLANE_PRINCIPAL_KEY is missing or short\n");
    return 2;
  }
  common::InstallPrincipalKeys(std::move(*keys));
  common::Principal principal;
  principal.set_user_id(std::stoll(std::getenv("SANPLANE_BENCH_USER_ID") ?: "1"));
  principal.set_username("admin");
  principal.set_is_superuser(true);
  const Load load = MakeLoad(args, principal);

  std::atomic<int64_t> failures{0};
  std::vector<std::vector<double>> latencies(connections);
  std::vector<std::thread> threads;
  const Clock::time_point end = Clock::now() + std::chrono::duration_cast<Clock::duration>(
                                                   std::chrono::duration<double>(seconds));
  for (int i = 0; i < connections; ++i) {
    threads.emplace_back([&, i] {
      // A channel argument of its own keeps gRPC from sharing one connection between threads.
      grpc::ChannelArguments channel_args;
      channel_args.SetInt("sanplane.bench.connection", i);
      const auto channel =
          grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), channel_args);
      for (Clock::time_point started = Clock::now(); started < end; started = Clock::now()) {
        failures.fetch_add(load.call(channel));
        latencies[i].push_back(
            std::chrono::duration<double, std::milli>(Clock::now() - started).count());
      }
    });
  }
  for (std::thread& thread : threads) thread.join();

  std::vector<double> all;
  for (const auto& some : latencies) all.insert(all.end(), some.begin(), some.end());
  std::sort(all.begin(), all.end());
  const auto percentile = [&](double p) {
    return all.empty() ? 0.0 : all[std::min(all.size() - 1, static_cast<size_t>(p * all.size()))];
  };
  std::printf("RESULT %.0f %.2f %.2f %lld\n",
              static_cast<double>(all.size()) * load.items_per_call / seconds, percentile(0.50),
              percentile(0.99), static_cast<long long>(failures.load()));
  return 0;
}
