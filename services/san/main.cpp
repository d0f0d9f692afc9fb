// sanplane-san: fabrics, aliases and zones over gRPC. Wiring only.

#include <exception>
#include <iostream>

#include "common/change_feed_relay.hpp"
#include "common/change_feed_service.hpp"
#include "common/client.hpp"
#include "common/config.hpp"
#include "common/grpc_server.hpp"
#include "common/history_pruner.hpp"
#include "common/history_service.hpp"
#include "common/log.hpp"
#include "common/metrics.hpp"
#include "common/migrations.hpp"
#include "common/pg_pool.hpp"
#include "common/principal.hpp"
#include "common/runtime_tuning.hpp"
#include "config.hpp"
#include "peers.hpp"
#include "pg_store.hpp"
#include "project_cache.hpp"
#include "queries.hpp"
#include "san_service.hpp"

namespace sanplane {
std::vector<common::Migration> SanMigrations();
std::vector<common::NamedQuery> SanQueries();
}  // namespace sanplane

int main(int argc, char** argv) {
  using namespace sanplane;
  common::BlockTerminationSignals();
  // As every service through common::StartService: before any thread starts (arenas, trimmer).
  common::TuneProcessRuntime();
  san::SanConfig config;
  try {
    common::ConfigLoader loader(argc, argv);
    config = san::LoadSanConfig(loader);
    common::log::Init("san", config.log_level);
    common::log::Info("starting", {{"config", loader.Describe()}});
    common::InstallPrincipalKeys(*config.principal_keys);
  } catch (const common::ConfigError& error) {
    std::cerr << "sanplane-san: " << error.what() << "\n";
    return 2;
  }

  try {
    common::PgPool pool(config.pg_dsn, config.pg_pool_size, config.pg_acquire_timeout,
                        SanQueries());
    common::PrepareSchema(pool, config.pg_migration_dsn, "san", SanMigrations());
    if (config.migrate_only) return 0;
    common::Metrics::Get().StartExposer(config.metrics_addr);

    san::GrpcPeers grpc_peers(common::MakeChannel(config.identity_addr),
                              common::MakeChannel(config.storage_addr), config.peer_timeout);
    san::CachingPeers peers(grpc_peers, config.project_cache_ttl);
    san::PgStore store(pool);
    san::SanService service(store, peers,
                            {config.db_timeout, static_cast<size_t>(config.max_batch)});
    common::HistoryService history(pool,
                                   {.customer = san::query::kHistoryCustomer,
                                    .count_record = san::query::kCountRecordHistory,
                                    .list_record = san::query::kListRecordHistory,
                                    .count_feed = san::query::kCountHistoryFeed,
                                    .list_feed = san::query::kListHistoryFeed,
                                    .latest = san::query::kHistoryLatest,
                                    .snapshot = san::query::kHistorySnapshot,
                                    .current = san::query::kCurrentRecordState,
                                    .restore = san::query::kRestoreRecord},
                                   {.entities = {"fabric", "alias", "zone"},
                                    .db_timeout = config.db_timeout,
                                    .restore_check = {}});
    common::HistoryPruner pruner(pool, san::query::kPruneHistory, config.history_retention_days,
                                 config.db_timeout);
    common::ChangeFeedRelay relay(
        pool, pool.connect_string(), "san",
        {san::query::kLockChangeRelay, san::query::kRelayChanges, san::query::kChangeFeedBounds,
         san::query::kListChanges, san::query::kPruneChanges},
        config.db_timeout);
    common::ChangeFeedService changes(pool, relay, config.db_timeout);
    common::GrpcServer server(config.grpc_addr, {&service, &history, &changes},
                              config.drain_timeout);
    server.Start();
    common::log::Info("serving", {{"grpc_addr", config.grpc_addr}, {"port", server.port()}});
    return server.RunUntilSignal();
  } catch (const std::exception& error) {
    common::log::Error("fatal", {{"error", error.what()}});
    return 1;
  }
}
