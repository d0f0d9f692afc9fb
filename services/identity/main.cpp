// sanplane-identity: wiring only. Configuration, stores, migrations, the first admin, the server.

#include <sodium.h>

#include <exception>
#include <iostream>

#include "admin_bootstrap.hpp"
#include "common/client.hpp"
#include "common/config.hpp"
#include "common/grpc_server.hpp"
#include "common/log.hpp"
#include "common/metrics.hpp"
#include "common/migrations.hpp"
#include "common/pg_pool.hpp"
#include "common/principal.hpp"
#include "common/redis_pool.hpp"
#include "config.hpp"
#include "embedded_sql.hpp"
#include "holdings_elsewhere.hpp"
#include "identity_service.hpp"
#include "login_throttle.hpp"
#include "password_hasher.hpp"
#include "pg_customer_store.hpp"
#include "pg_project_store.hpp"
#include "pg_user_config_store.hpp"
#include "pg_user_store.hpp"
#include "redis_session_store.hpp"

namespace {

int Run(int argc, char** argv) {
  using namespace sanplane;

  common::ConfigLoader loader(argc, argv);
  const identity::IdentityConfig config = identity::IdentityConfig::Load(loader);
  loader.Validate();
  common::log::Init("identity", config.log_level);
  common::log::Info("starting", {{"config", loader.Describe()}});
  common::InstallPrincipalKeys(*config.principal_keys);

  if (sodium_init() < 0) {
    common::log::Error("libsodium could not be initialised");
    return 1;
  }
  common::Metrics::Get().StartExposer(config.metrics_addr);

  common::PgPool postgres(config.pg_dsn, config.pg_pool_size, config.pg_acquire_timeout,
                          IdentityQueries());
  common::RedisPool redis(config.redis_addr, config.redis_pool_size, config.redis_timeout,
                          config.redis_credentials);
  redis.set_unavailable_message("Sessions are unavailable (Redis is down). Try again shortly.");

  common::ApplyMigrations(postgres, "identity", IdentityMigrations());

  identity::PgUserStore users(postgres);
  identity::PgCustomerStore customers(postgres);
  identity::PgProjectStore projects(postgres);
  identity::PgUserConfigStore user_configs(postgres);
  identity::RedisSessionStore sessions(redis, config.session_ttl);
  identity::LoginThrottle login_throttle(redis, config.login_throttle);
  const identity::PasswordHasher hasher;

  identity::EnsureAdminUser(users, hasher, config.admin_password, config.startup_timeout);

  identity::GrpcHoldingsElsewhere holdings_elsewhere(common::MakeChannel(config.san_addr),
                                                     common::MakeChannel(config.storage_addr),
                                                     config.peer_timeout);
  identity::IdentityService service({users, customers, projects, user_configs, sessions,
                                     login_throttle, hasher, config.statement_timeout,
                                     holdings_elsewhere});
  common::GrpcServer server(config.grpc_addr, {&service}, config.drain_timeout);
  server.Start();
  common::log::Info("serving", {{"grpc_port", server.port()},
                                {"metrics_port", common::Metrics::Get().exposer_port()}});
  return server.RunUntilSignal();
}

}  // namespace

int main(int argc, char** argv) {
  // First, before any thread starts: SIGTERM must reach the server's drain.
  sanplane::common::BlockTerminationSignals();
  try {
    return Run(argc, argv);
  } catch (const sanplane::common::ConfigError& error) {
    std::cerr << "sanplane-identity: " << error.what() << "\n";
    return 2;
  } catch (const std::exception& error) {
    // Startup failures (database unreachable, port taken) end the process; the orchestrator
    // restarts it.
    sanplane::common::log::Error("startup failed", {{"error", error.what()}});
    return 1;
  }
}
