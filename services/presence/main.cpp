// sanplane-presence: heartbeats and active users, kept in Redis.

#include <iostream>

#include "common/client.hpp"
#include "common/config.hpp"
#include "common/grpc_server.hpp"
#include "common/log.hpp"
#include "common/metrics.hpp"
#include "common/principal.hpp"
#include "common/redis_pool.hpp"
#include "common/time.hpp"
#include "config.hpp"
#include "presence_service.hpp"
#include "redis_store.hpp"
#include "user_directory.hpp"

int main(int argc, char** argv) {
  using namespace sanplane;
  common::BlockTerminationSignals();
  common::ConfigLoader loader(argc, argv);
  presence::PresenceConfig config;
  try {
    config = presence::PresenceConfig::Load(loader);
    loader.Validate();
  } catch (const common::ConfigError& error) {
    std::cerr << "sanplane-presence: " << error.what() << "\n";
    return 2;
  }
  common::log::Init("presence", config.log_level);
  common::log::Info("starting", {{"config", loader.Describe()}});
  common::InstallPrincipalKeys(*config.principal_keys);
  try {
    common::Metrics::Get().StartExposer(config.metrics_addr);
    common::RedisPool redis(config.redis_addr, config.redis_pool_size, config.redis_timeout,
                            config.redis_credentials);
    redis.set_unavailable_message("Presence is unavailable (Redis is down). Try again shortly.");
    presence::RedisPresenceStore store(redis);
    auto identity = identity::v1::Identity::NewStub(common::MakeChannel(config.identity_addr));
    presence::IdentityUserDirectory users(*identity, config.identity_timeout);
    presence::PresenceService service(store, users, common::SystemClock(), config.window_seconds);

    common::GrpcServer server(config.grpc_addr, {&service}, config.drain_timeout);
    server.Start();
    common::log::Info("serving", {{"port", server.port()}});
    return server.RunUntilSignal();
  } catch (const std::exception& error) {
    common::log::Error("failed to start", {{"error", error.what()}});
    return 1;
  }
}
