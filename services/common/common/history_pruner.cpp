#include "common/history_pruner.hpp"

#include <exception>
#include <string>

#include "common/log.hpp"
#include "common/named_queries.hpp"

namespace sanplane::common {
namespace {

// The first pass waits until start-up (migrations, the first requests) is over.
constexpr std::chrono::minutes kFirstPass{1};
constexpr std::chrono::hours kInterval{1};

}  // namespace

int64_t PruneHistory(PgPool& pool, std::string_view prune_query, int retention_days,
                     std::chrono::milliseconds timeout) {
  int64_t deleted = 0;
  pool.Transaction(timeout, [&](pqxx::transaction_base& tx) {
    deleted = static_cast<int64_t>(Exec(tx, prune_query, retention_days).affected_rows());
  });
  return deleted;
}

HistoryPruner::HistoryPruner(PgPool& pool, std::string_view prune_query, int retention_days,
                             std::chrono::milliseconds timeout)
    : pool_(pool), prune_query_(prune_query), retention_days_(retention_days), timeout_(timeout) {
  if (retention_days_ > 0) {
    thread_ = std::jthread([this](std::stop_token stop) { Run(std::move(stop)); });
  }
}

void HistoryPruner::Run(std::stop_token stop) {
  auto wait = std::chrono::duration_cast<std::chrono::milliseconds>(kFirstPass);
  for (;;) {
    {
      std::unique_lock lock(mutex_);
      // Wakes early only when stopped.
      wake_.wait_for(lock, stop, wait, [] { return false; });
      if (stop.stop_requested()) return;
    }
    try {
      const int64_t deleted = PruneHistory(pool_, prune_query_, retention_days_, timeout_);
      log::Info("history pruned", {{"deleted", deleted}, {"retention_days", retention_days_}});
    } catch (const std::exception& error) {
      // The database may be down for a while; the next pass tries again.
      log::Warn("history prune failed", {{"error", error.what()}});
    }
    wait = std::chrono::duration_cast<std::chrono::milliseconds>(kInterval);
  }
}

}  // namespace sanplane::common
