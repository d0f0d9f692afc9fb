#pragma once
// Where heartbeats live. The Redis implementation is the real one; tests of the service logic use
// an in-memory fake.

#include <cstdint>
#include <vector>

namespace sanplane::presence {

struct Heartbeat {
  int64_t user_id;
  int64_t now_micros;
  int window_seconds;
};

struct Activity {
  int64_t user_id;
  int64_t last_activity_micros;
};

struct ActivePage {
  int64_t total = 0;
  std::vector<Activity> entries;
};

class PresenceStore {
 public:
  virtual ~PresenceStore() = default;
  /// Records that `user_id` was active at `now_micros`, expiring after `window_seconds`.
  virtual void RecordHeartbeat(int64_t user_id, int64_t now_micros, int window_seconds) = 0;
  /// Records several heartbeats; a store that can writes them in one round trip.
  virtual void RecordHeartbeats(const std::vector<Heartbeat>& heartbeats) {
    for (const Heartbeat& beat : heartbeats) {
      RecordHeartbeat(beat.user_id, beat.now_micros, beat.window_seconds);
    }
  }
  /// Users active at or after `since_micros`, most recent first. Forgets older entries.
  virtual std::vector<Activity> ActiveSince(int64_t since_micros) = 0;
  /// How many users are active at or after `since_micros`, and `limit` of them from `offset` in
  /// the order of ActiveSince. Forgets older entries.
  virtual ActivePage ActivePageSince(int64_t since_micros, int64_t offset, int64_t limit) = 0;
  /// Forgets the activity of users who no longer exist or are disabled.
  virtual void Forget(const std::vector<int64_t>& user_ids) = 0;
};

}  // namespace sanplane::presence
