#pragma once
// Presence in Redis (DESIGN.md §4): the truth is `presence:user:<id>` written with SET … EX
// <window>; the sorted set `presence:active` (score = last activity in ms) lists users without a
// key scan. Both are written in one round trip.

#include "common/redis_pool.hpp"
#include "store.hpp"

namespace sanplane::presence {

class RedisPresenceStore : public PresenceStore {
 public:
  explicit RedisPresenceStore(common::RedisPool& redis) : redis_(redis) {}

  void RecordHeartbeat(int64_t user_id, int64_t now_micros, int window_seconds) override;
  /// One pipeline: a SET per heartbeat and one ZADD of them all.
  void RecordHeartbeats(const std::vector<Heartbeat>& heartbeats) override;
  std::vector<Activity> ActiveSince(int64_t since_micros) override;
  ActivePage ActivePageSince(int64_t since_micros, int64_t offset, int64_t limit) override;
  void Forget(const std::vector<int64_t>& user_ids) override;

 private:
  common::RedisPool& redis_;
};

}  // namespace sanplane::presence
