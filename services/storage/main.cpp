// sanplane-storage: storage systems, hosts, volumes and imports over gRPC (wiring only).

#include "alias_references.hpp"
#include "common/change_feed_relay.hpp"
#include "common/change_feed_service.hpp"
#include "common/client.hpp"
#include "common/history_pruner.hpp"
#include "common/history_service.hpp"
#include "common/metrics.hpp"
#include "common/migrations.hpp"
#include "common/pg_pool.hpp"
#include "common/service_main.hpp"
#include "config.hpp"
#include "embedded_sql.hpp"
#include "pg_store.hpp"
#include "queries.hpp"
#include "storage_service.hpp"

int main(int argc, char** argv) {
  using namespace sanplane;
  return common::RunService<storage::StorageConfig>(
      "storage", argc, argv, [](const storage::StorageConfig& config) {
        common::PgPool pool(config.pg_dsn, config.pg_pool_size, config.pg_acquire_timeout,
                            StorageQueries());
        common::PrepareSchema(pool, config.pg_migration_dsn, "storage", StorageMigrations());
        if (config.migrate_only) return 0;
        common::Metrics::Get().StartExposer(config.metrics_addr);

        storage::PgStore store(pool, {config.import_attempts, config.import_retry_min_budget});
        storage::GrpcAliasReferenceFinder aliases(common::MakeChannel(config.san_addr),
                                                  config.peer_timeout);
        storage::StorageService service(store, aliases,
                                        {config.statement_timeout, config.import_timeout});
        common::HistoryService history(pool,
                                       {.customer = storage::query::kHistoryCustomer,
                                        .count_record = storage::query::kCountRecordHistory,
                                        .list_record = storage::query::kListRecordHistory,
                                        .count_feed = storage::query::kCountHistoryFeed,
                                        .list_feed = storage::query::kListHistoryFeed,
                                        .latest = storage::query::kHistoryLatest,
                                        .snapshot = storage::query::kHistorySnapshot,
                                        .current = storage::query::kCurrentRecordState,
                                        .restore = storage::query::kRestoreRecord},
                                       {.entities = {"storage", "host", "volume"},
                                        .db_timeout = config.statement_timeout,
                                        .restore_check = {}});
        common::HistoryPruner pruner(pool, storage::query::kPruneHistory,
                                     config.history_retention_days, config.statement_timeout);
        common::ChangeFeedRelay relay(
            pool, pool.connect_string(), "storage",
            {storage::query::kLockChangeRelay, storage::query::kRelayChanges,
             storage::query::kChangeFeedBounds, storage::query::kListChanges,
             storage::query::kPruneChanges},
            config.statement_timeout);
        common::ChangeFeedService changes(pool, relay, config.statement_timeout);
        return common::ServeUntilSignal(config, {&service, &history, &changes});
      });
}
