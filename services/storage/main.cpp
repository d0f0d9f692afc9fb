// sanplane-storage: storage systems, hosts, volumes and imports over gRPC (wiring only).
#include <exception>
#include <iostream>

#include "alias_references.hpp"
#include "common/client.hpp"
#include "common/config.hpp"
#include "common/grpc_server.hpp"
#include "common/log.hpp"
#include "common/metrics.hpp"
#include "common/migrations.hpp"
#include "common/pg_pool.hpp"
#include "common/principal.hpp"
#include "config.hpp"
#include "embedded_sql.hpp"
#include "pg_store.hpp"
#include "storage_service.hpp"

int main(int argc, char** argv) {
  using namespace sanplane;
  common::BlockTerminationSignals();
  storage::StorageConfig config;
  try {
    common::ConfigLoader loader(argc, argv);
    config = storage::StorageConfig::Load(loader);
    loader.Validate();
    common::log::Init("storage", config.log_level);
    common::log::Info("starting", {{"config", loader.Describe()}});
    common::InstallPrincipalKeys(*config.principal_keys);
  } catch (const common::ConfigError& error) {
    std::cerr << "sanplane-storage: " << error.what() << "\n";
    return 2;
  }

  try {
    common::PgPool pool(config.pg_dsn, config.pg_pool_size, config.pg_acquire_timeout,
                        StorageQueries());
    common::ApplyMigrations(pool, "storage", StorageMigrations());
    common::Metrics::Get().StartExposer(config.metrics_addr);

    storage::PgStore store(pool, {config.import_attempts, config.import_retry_min_budget});
    storage::GrpcAliasReferenceFinder aliases(common::MakeChannel(config.san_addr),
                                              config.peer_timeout);
    storage::StorageService service(store, aliases,
                                    {config.statement_timeout, config.import_timeout});
    common::GrpcServer server(config.grpc_addr, {&service}, config.drain_timeout);
    server.Start();
    common::log::Info("serving", {{"grpc_port", server.port()}});
    return server.RunUntilSignal();
  } catch (const std::exception& error) {
    common::log::Error("fatal", {{"error", error.what()}});
    return 1;
  }
}
