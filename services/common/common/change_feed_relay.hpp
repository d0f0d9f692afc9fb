#pragma once
// Numbers committed history entries into the change feed (schema/*_change_feed.sql) and wakes the
// streams that follow it. One thread per service process: it LISTENs for the writers' commits
// (`<schema>_change_pending`) and for any replica's relays (`<schema>_change_relayed`), relays on
// the first and wakes this process's ChangeFeed streams on the second. Its own relays wake this
// process's streams at once, after their commit; a replica's relay wakes them by its notification,
// which carries the newest position it numbered, so the notification of a position this process
// already woke its streams for (its own relay's, or an older one) wakes nobody again. Every second
// it relays and wakes anyway, so a lost notification (a restarted database, a pooler that drops
// LISTEN) costs a second, never an event.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>

#include "common/pg_pool.hpp"

namespace sanplane::common {

/// The names of the service's statements of queries/changes.sql.
struct ChangeFeedQueries {
  std::string_view lock;    // LockChangeRelay
  std::string_view relay;   // RelayChanges
  std::string_view bounds;  // ChangeFeedBounds
  std::string_view list;    // ListChanges
  std::string_view prune;   // PruneChanges
};

/// How long relayed changes stay in the feed (a client may resume within it): an hour, far more
/// than the five minutes a reconnecting client is promised.
inline constexpr std::chrono::seconds kChangeFeedRetention{3600};

/// What one relay transaction numbered.
struct Relayed {
  int64_t count = 0;
  int64_t newest = 0;  // the newest position it gave (0 when none)
};

/// One relay transaction: numbers every committed entry not yet numbered and tells every replica.
Relayed RelayChanges(PgPool& pool, const ChangeFeedQueries& queries,
                     std::chrono::milliseconds timeout);

class ChangeFeedRelay {
 public:
  /// `listen_dsn` opens the LISTEN connection (the pool's own connect string); `schema` names the
  /// channels.
  ChangeFeedRelay(PgPool& pool, std::string listen_dsn, std::string schema,
                  ChangeFeedQueries queries, std::chrono::milliseconds db_timeout);
  ChangeFeedRelay(const ChangeFeedRelay&) = delete;
  ChangeFeedRelay& operator=(const ChangeFeedRelay&) = delete;
  ~ChangeFeedRelay();

  const ChangeFeedQueries& queries() const { return queries_; }
  /// Counts the wake-ups so far: pass it to WaitAfter to wait for the next.
  uint64_t generation();
  /// Blocks until a wake-up after `generation` (something may have been relayed), or `timeout`.
  void WaitAfter(uint64_t generation, std::chrono::milliseconds timeout);

 private:
  void Run(std::stop_token stop);
  void Listen(std::stop_token& stop);
  void Wake();

  PgPool& pool_;
  std::string listen_dsn_;
  std::string schema_;
  ChangeFeedQueries queries_;
  std::chrono::milliseconds db_timeout_;
  std::mutex mutex_;
  std::condition_variable_any changed_;
  uint64_t generation_ = 0;
  // The newest position this process's streams were woken for after it was relayed, by this
  // relay or a replica's notification (only the relay thread reads and writes it).
  int64_t woken_through_ = 0;
  // Last, so that it stops and joins before the rest goes.
  std::jthread thread_;
};

}  // namespace sanplane::common
