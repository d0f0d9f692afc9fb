#pragma once
// Retention of the version history: what is older than the configured number of days goes, on a
// thread of its own, hourly.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string_view>
#include <thread>

#include "common/pg_pool.hpp"

namespace sanplane::common {

/// Runs `prune_query` (the service's PruneHistory: every entry older than its parameter in days,
/// except the newest of each record that still exists, the snapshot its next change diffs
/// against) once; how many entries it deleted.
int64_t PruneHistory(PgPool& pool, std::string_view prune_query, int retention_days,
                     std::chrono::milliseconds timeout);

/// PruneHistory a minute after start and hourly after that, until destroyed. With a retention of
/// 0 days (the default: keep everything) it starts no thread at all.
class HistoryPruner {
 public:
  HistoryPruner(PgPool& pool, std::string_view prune_query, int retention_days,
                std::chrono::milliseconds timeout);
  HistoryPruner(const HistoryPruner&) = delete;
  HistoryPruner& operator=(const HistoryPruner&) = delete;

 private:
  void Run(std::stop_token stop);

  PgPool& pool_;
  std::string_view prune_query_;
  int retention_days_;
  std::chrono::milliseconds timeout_;
  std::mutex mutex_;
  std::condition_variable_any wake_;
  // Last, so that it stops (its stop token wakes the wait) and joins before the rest goes.
  std::jthread thread_;
};

}  // namespace sanplane::common
