#include "common/service_main.hpp"

#include <string>
#include <utility>

#include "common/build_info.hpp"
#include "common/metrics.hpp"
#include "common/principal.hpp"
#include "common/runtime_tuning.hpp"

namespace sanplane::common {

void StartService(std::string_view service, const ServiceSettings& settings,
                  const ConfigLoader& loader) {
  TuneProcessRuntime();
  log::Init(std::string(service), settings.log_level);
  log::Info("starting",
            {{"version", kBuildVersion}, {"commit", kBuildCommit}, {"config", loader.Describe()}});
  InstallPrincipalKeys(*settings.principal_keys);
}

int ServeUntilSignal(const ServiceSettings& settings, std::vector<grpc::Service*> services) {
  GrpcServer server(settings.grpc_addr, std::move(services), settings.drain_timeout);
  server.Start();
  log::Info("serving",
            {{"grpc_port", server.port()}, {"metrics_port", Metrics::Get().exposer_port()}});
  return server.RunUntilSignal();
}

}  // namespace sanplane::common
