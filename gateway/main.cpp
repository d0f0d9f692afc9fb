// sanplane-gateway: REST + static UI over HTTP/1.1, forwarded as gRPC to the services.

#include <boost/asio/io_context.hpp>
#include <boost/json/serialize.hpp>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <thread>
#include <vector>

#include "api_handler.hpp"
#include "call_tracker.hpp"
#include "common/build_info.hpp"
#include "common/config.hpp"
#include "common/log.hpp"
#include "common/metrics.hpp"
#include "common/principal.hpp"
#include "common/runtime_tuning.hpp"
#include "gateway_config.hpp"
#include "graceful_shutdown.hpp"
#include "http_server.hpp"
#include "live_events.hpp"
#include "openapi.hpp"
#include "request_admission.hpp"
#include "request_dispatcher.hpp"
#include "routes.hpp"
#include "security_headers.hpp"
#include "session_resolver.hpp"
#include "static_files.hpp"
#include "upstreams.hpp"

int main(int argc, char** argv) {
  using namespace sanplane;
  using namespace sanplane::gateway;
  common::ConfigLoader loader(argc, argv);
  GatewayConfig config;
  try {
    config = GatewayConfig::Load(loader);
    loader.Validate();
  } catch (const common::ConfigError& error) {
    std::cerr << "sanplane-gateway: " << error.what() << "\n";
    return 2;
  }
  common::TuneProcessRuntime();
  common::log::Init("gateway", config.log_level);
  common::log::Info("starting", {{"version", common::kBuildVersion},
                                 {"commit", common::kBuildCommit},
                                 {"config", loader.Describe()}});
  common::Metrics::Get().StartExposer(config.metrics_addr);
  common::InstallPrincipalKeys(*config.principal_keys);

  boost::asio::io_context io{config.io_threads};
  Upstreams upstreams(config);
  CallTracker calls;
  SessionResolver sessions(upstreams.identity(), config.principal_cache, config.rpc_deadline,
                           calls);
  LiveEvents live(upstreams, sessions, {.heartbeat = config.events_heartbeat});
  std::vector<Route> routes = BuildRoutes(upstreams, sessions, config, live);
  std::string api_description = boost::json::serialize(BuildOpenApi(routes));
  RequestAdmission admission(routes, sessions, config.rpc_deadline,
                             static_cast<uint64_t>(config.body_limit_bytes));
  ApiHandler api(std::move(routes), sessions, config.rpc_deadline, calls);
  StaticFiles static_files(config.web_root);
  RequestDispatcher dispatcher(api, admission, static_files, upstreams, std::move(api_description));

  HttpLimits limits;
  limits.body_bytes = static_cast<uint64_t>(config.body_limit_bytes);
  limits.largest_body_bytes = admission.largest_body_limit();
  limits.header_bytes = static_cast<uint32_t>(config.header_limit_bytes);
  limits.read_timeout = config.read_timeout;
  limits.write_timeout = config.write_timeout;
  limits.max_connections = static_cast<uint32_t>(config.max_connections);
  limits.max_connections_per_address = static_cast<uint32_t>(config.max_connections_per_address);
  limits.requests_per_second_per_address = config.rate_limit_per_second;
  limits.request_burst_per_address = config.rate_limit_burst;
  HttpServer server(
      io, config.http_addr, static_cast<uint16_t>(config.http_port), limits,
      SecurityHeaders(static_files.IndexPage()),
      [&dispatcher](std::shared_ptr<const HttpRequest> header, Responder respond,
                    std::function<void(uint64_t)> read_body) {
        dispatcher.Screen(std::move(header), std::move(respond), std::move(read_body));
      },
      [&dispatcher](std::shared_ptr<const HttpRequest> request, Responder respond,
                    StreamResponder stream) {
        dispatcher.Handle(std::move(request), std::move(respond), std::move(stream));
      });
  // Streams end at once: their clients resume on another replica.
  StopGracefullyOnSignal(io, server, config.drain_timeout, [&dispatcher, &live] {
    dispatcher.MarkNotReady();
    live.Stop();
  });
  live.Start();
  server.Start();
  common::log::Info("listening", {{"address", config.http_addr},
                                  {"port", server.port()},
                                  {"metrics_port", common::Metrics::Get().exposer_port()}});

  std::vector<std::thread> threads;
  for (int i = 1; i < config.io_threads; ++i) threads.emplace_back([&io] { io.run(); });
  io.run();
  for (auto& thread : threads) thread.join();
  // Calls the drain timeout cut short still complete (each has a deadline); their completions use
  // the objects below, so those must outlive them.
  if (!calls.WaitIdle(config.rpc_deadline + std::chrono::seconds(1))) {
    common::log::Warn("upstream calls still pending at exit", {{"pending", calls.pending()}});
    // Destroying what their completions use would be worse than skipping the destructors.
    std::fflush(stdout);
    std::_Exit(0);
  }
  common::log::Info("stopped");
  return 0;
}
