// sanplane-identity: wiring only. Configuration, stores, migrations, the first admin, the server.

#include <sodium.h>

#include "admin_bootstrap.hpp"
#include "cached_session_store.hpp"
#include "common/change_feed_relay.hpp"
#include "common/change_feed_service.hpp"
#include "common/client.hpp"
#include "common/history_pruner.hpp"
#include "common/history_service.hpp"
#include "common/metrics.hpp"
#include "common/migrations.hpp"
#include "common/pg_pool.hpp"
#include "common/redis_pool.hpp"
#include "common/service_main.hpp"
#include "config.hpp"
#include "embedded_sql.hpp"
#include "holdings_elsewhere.hpp"
#include "identity_service.hpp"
#include "login_throttle.hpp"
#include "password_hasher.hpp"
#include "pg_customer_store.hpp"
#include "pg_project_store.hpp"
#include "pg_session_store.hpp"
#include "pg_user_config_store.hpp"
#include "pg_user_store.hpp"
#include "queries.hpp"
#include "redis_session_store.hpp"
#include "restore_check.hpp"

int main(int argc, char** argv) {
  using namespace sanplane;
  return common::RunService<identity::IdentityConfig>(
      "identity", argc, argv, [](const identity::IdentityConfig& config) {
        if (sodium_init() < 0) {
          common::log::Error("libsodium could not be initialised");
          return 1;
        }
        common::PgPool postgres(config.pg_dsn, config.pg_pool_size, config.pg_acquire_timeout,
                                IdentityQueries());
        common::PrepareSchema(postgres, config.pg_migration_dsn, "identity", IdentityMigrations());
        if (config.migrate_only) return 0;
        common::Metrics::Get().StartExposer(config.metrics_addr);

        common::RedisPool redis(config.redis_addr, config.redis_pool_size, config.redis_timeout,
                                config.redis_credentials, config.redis_tls);
        redis.set_unavailable_message(
            "Sessions are unavailable (Redis is down). Try again shortly.");

        identity::PgUserStore users(postgres);
        identity::PgCustomerStore customers(postgres);
        identity::PgProjectStore projects(postgres);
        identity::PgUserConfigStore user_configs(postgres);
        // Sessions live in Postgres; Redis caches them (see cached_session_store.hpp).
        identity::PgSessionStore durable_sessions(postgres, config.session_ttl,
                                                  config.statement_timeout);
        identity::RedisSessionStore session_cache(redis, config.session_cache_ttl);
        identity::CachedSessionStore sessions(durable_sessions, session_cache);
        identity::LoginThrottle login_throttle(redis, config.login_throttle);
        const identity::PasswordHasher hasher;

        identity::EnsureAdminUser(users, hasher, config.admin_password, config.startup_timeout);

        const auto san = common::MakeChannel(config.san_addr);
        const auto storage = common::MakeChannel(config.storage_addr);
        identity::GrpcHoldingsElsewhere holdings_elsewhere(san, storage, config.peer_timeout);
        identity::IdentityService service({users, customers, projects, user_configs, sessions,
                                           login_throttle, hasher, config.statement_timeout,
                                           holdings_elsewhere});
        // The audit feed is identity's: it merges SAN's and storage's into its own.
        common::HistoryService history(
            postgres,
            {.customer = identity::query::kHistoryCustomer,
             .count_record = identity::query::kCountRecordHistory,
             .list_record = identity::query::kListRecordHistory,
             .count_feed = identity::query::kCountHistoryFeed,
             .list_feed = identity::query::kListHistoryFeed,
             .latest = identity::query::kHistoryLatest,
             .snapshot = identity::query::kHistorySnapshot,
             .current = identity::query::kCurrentRecordState,
             .restore = identity::query::kRestoreRecord},
            {.entities = {"customer", "project"},
             .db_timeout = config.statement_timeout,
             .restore_check = identity::CheckRestore},
            {.peers = {{"SAN", san}, {"storage", storage}}, .timeout = config.peer_timeout});
        common::HistoryPruner pruner(postgres, identity::query::kPruneHistory,
                                     config.history_retention_days, config.statement_timeout);
        common::ChangeFeedRelay relay(
            postgres, postgres.connect_string(), "identity",
            {identity::query::kLockChangeRelay, identity::query::kRelayChanges,
             identity::query::kChangeFeedBounds, identity::query::kListChanges,
             identity::query::kPruneChanges},
            config.statement_timeout);
        common::ChangeFeedService changes(postgres, relay, config.statement_timeout);
        return common::ServeUntilSignal(config, {&service, &history, &changes});
      });
}
