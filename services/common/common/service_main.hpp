#pragma once
// What the main of every service binary does around its own wiring: the signals, the
// configuration, the log and the exit codes before it, the gRPC server after it.

#include <exception>
#include <iostream>
#include <string_view>
#include <vector>

#include "common/config.hpp"
#include "common/grpc_server.hpp"
#include "common/log.hpp"
#include "common/service_settings.hpp"

namespace sanplane::common {

/// Starts the JSON log as `service`, logs the settings `loader` read (secrets hidden) and installs
/// the keys that verify callers.
void StartService(std::string_view service, const ServiceSettings& settings,
                  const ConfigLoader& loader);

/// Serves `services` on the configured gRPC address until SIGTERM or SIGINT, then drains them.
/// Returns the process exit code.
int ServeUntilSignal(const ServiceSettings& settings, std::vector<grpc::Service*> services);

/// Blocks the termination signals (first, before any thread starts, so they reach the server's
/// drain), loads `Config` (a bad configuration: its problems on stderr, exit code 2), starts the
/// service, then returns what `wire_and_serve(config)` returns. A failure to start (database
/// unreachable, port taken) is logged and ends the process with exit code 1; the orchestrator
/// restarts it.
template <class Config, class WireAndServe>
int RunService(std::string_view service, int argc, char** argv, WireAndServe wire_and_serve) {
  BlockTerminationSignals();
  Config config;
  try {
    ConfigLoader loader(argc, argv);
    config = Config::Load(loader);
    loader.Validate();
    StartService(service, config, loader);
  } catch (const ConfigError& error) {
    std::cerr << "sanplane-" << service << ": " << error.what() << "\n";
    return 2;
  }
  try {
    return wire_and_serve(config);
  } catch (const std::exception& error) {
    log::Error("failed to start", {{"error", error.what()}});
    return 1;
  }
}

}  // namespace sanplane::common
