#include "common/change_feed_relay.hpp"

#include <pqxx/pqxx>

#include "common/log.hpp"
#include "common/named_queries.hpp"

namespace sanplane::common {
namespace {

// A safety net under the notifications: relay and wake at least this often.
constexpr std::chrono::seconds kPollInterval{1};
// How often the LISTEN loop looks at its stop token.
constexpr long kListenSliceMicros = 200000;
constexpr std::chrono::minutes kPruneInterval{1};
constexpr std::chrono::seconds kReconnectDelay{1};

/// Sets `flag` when a notification on `channel` arrives.
class Flagging final : public pqxx::notification_receiver {
 public:
  Flagging(pqxx::connection_base& connection, const std::string& channel, bool& flag)
      : pqxx::notification_receiver(connection, channel), flag_(flag) {}
  void operator()(const std::string&, int) override { flag_ = true; }

 private:
  bool& flag_;
};

}  // namespace

int64_t RelayChanges(PgPool& pool, const ChangeFeedQueries& queries,
                     std::chrono::milliseconds timeout) {
  int64_t relayed = 0;
  pool.Transaction(timeout, [&](pqxx::work& tx) {
    Exec(tx, queries.lock);
    relayed = static_cast<int64_t>(Exec(tx, queries.relay).affected_rows());
    // Delivered at commit, once the positions are visible to every reader.
    if (relayed > 0) Exec(tx, queries.notify_relayed);
  });
  return relayed;
}

ChangeFeedRelay::ChangeFeedRelay(PgPool& pool, std::string listen_dsn, std::string schema,
                                 ChangeFeedQueries queries, std::chrono::milliseconds db_timeout)
    : pool_(pool),
      listen_dsn_(std::move(listen_dsn)),
      schema_(std::move(schema)),
      queries_(queries),
      db_timeout_(db_timeout),
      thread_([this](std::stop_token stop) { Run(std::move(stop)); }) {}

ChangeFeedRelay::~ChangeFeedRelay() {
  thread_.request_stop();
  if (thread_.joinable()) thread_.join();
}

uint64_t ChangeFeedRelay::generation() {
  std::lock_guard lock(mutex_);
  return generation_;
}

void ChangeFeedRelay::WaitAfter(uint64_t generation, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mutex_);
  changed_.wait_for(lock, timeout, [&] { return generation_ != generation; });
}

void ChangeFeedRelay::Wake() {
  {
    std::lock_guard lock(mutex_);
    ++generation_;
  }
  changed_.notify_all();
}

void ChangeFeedRelay::Run(std::stop_token stop) {
  while (!stop.stop_requested()) {
    try {
      Listen(stop);
    } catch (const std::exception& error) {
      // The database may be restarting; streams keep polling on their own meanwhile.
      log::Warn("change feed relay interrupted", {{"schema", schema_}, {"error", error.what()}});
      Wake();
      std::unique_lock lock(mutex_);
      changed_.wait_for(lock, stop, kReconnectDelay, [] { return false; });
    }
  }
}

void ChangeFeedRelay::Listen(std::stop_token& stop) {
  pqxx::connection connection(listen_dsn_);
  bool pending = true;  // whatever committed before we listened
  bool relayed = false;
  Flagging on_pending(connection, schema_ + "_change_pending", pending);
  Flagging on_relayed(connection, schema_ + "_change_relayed", relayed);
  auto next_poll = std::chrono::steady_clock::now();
  auto next_prune = std::chrono::steady_clock::now();
  while (!stop.stop_requested()) {
    const auto now = std::chrono::steady_clock::now();
    if (now >= next_poll) {
      pending = true;
      relayed = true;
      next_poll = now + kPollInterval;
    }
    if (pending) {
      pending = false;
      try {
        RelayChanges(pool_, queries_, db_timeout_);
      } catch (const std::exception& error) {
        log::Warn("change feed relay failed", {{"schema", schema_}, {"error", error.what()}});
      }
    }
    if (relayed) {
      relayed = false;
      Wake();
    }
    if (now >= next_prune) {
      next_prune = now + kPruneInterval;
      try {
        pool_.Transaction(db_timeout_, [&](pqxx::work& tx) {
          Exec(tx, queries_.prune, static_cast<int>(kChangeFeedRetention.count()));
        });
      } catch (const std::exception& error) {
        log::Warn("change feed prune failed", {{"schema", schema_}, {"error", error.what()}});
      }
    }
    connection.await_notification(0, kListenSliceMicros);
  }
}

}  // namespace sanplane::common
