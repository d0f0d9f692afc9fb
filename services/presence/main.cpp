// sanplane-presence: heartbeats, active users and open records, kept in Redis.

#include "common/client.hpp"
#include "common/metrics.hpp"
#include "common/redis_pool.hpp"
#include "common/service_main.hpp"
#include "common/time.hpp"
#include "config.hpp"
#include "editing_store.hpp"
#include "presence_service.hpp"
#include "record_owners.hpp"
#include "redis_store.hpp"
#include "user_directory.hpp"

int main(int argc, char** argv) {
  using namespace sanplane;
  return common::RunService<presence::PresenceConfig>(
      "presence", argc, argv, [](const presence::PresenceConfig& config) {
        common::Metrics::Get().StartExposer(config.metrics_addr);
        common::RedisPool redis(config.redis_addr, config.redis_pool_size, config.redis_timeout,
                                config.redis_credentials, config.redis_tls);
        redis.set_unavailable_message(
            "Presence is unavailable (Redis is down). Try again shortly.");
        presence::RedisPresenceStore store(redis);
        const auto identity_channel = common::MakeChannel(config.identity_addr);
        auto identity = identity::v1::Identity::NewStub(identity_channel);
        presence::IdentityUserDirectory users(*identity, config.identity_timeout);
        presence::RedisEditingStore editing(redis);
        presence::HistoryRecordOwners owners(identity_channel, common::MakeChannel(config.san_addr),
                                             common::MakeChannel(config.storage_addr),
                                             config.identity_timeout);
        presence::PresenceService service(store, users, common::SystemClock(),
                                          config.window_seconds,
                                          {editing, owners, config.editing_window_seconds});
        return common::ServeUntilSignal(config, {&service});
      });
}
