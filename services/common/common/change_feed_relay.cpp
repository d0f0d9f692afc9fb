#include "common/change_feed_relay.hpp"

#include <charconv>
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

/// Sets `flag` when a relay's notification names a position after `woken_through`, and moves
/// `woken_through` there (the streams are woken before the next notification is read); a
/// notification without a position (from an older relay) sets it too.
class RelayedFlagging final : public pqxx::notification_receiver {
 public:
  RelayedFlagging(pqxx::connection_base& connection, const std::string& channel,
                  int64_t& woken_through, bool& flag)
      : pqxx::notification_receiver(connection, channel),
        woken_through_(woken_through),
        flag_(flag) {}
  void operator()(const std::string& payload, int) override {
    int64_t position = 0;
    const auto [end, error] =
        std::from_chars(payload.data(), payload.data() + payload.size(), position);
    if (error != std::errc() || end != payload.data() + payload.size()) {
      flag_ = true;
    } else if (position > woken_through_) {
      woken_through_ = position;
      flag_ = true;
    }
  }

 private:
  int64_t& woken_through_;
  bool& flag_;
};

}  // namespace

Relayed RelayChanges(PgPool& pool, const ChangeFeedQueries& queries,
                     std::chrono::milliseconds timeout) {
  Relayed relayed;
  // The lock and the numbering in one message (common::PgTrip): one round trip instead of four.
  // The numbering runs on a snapshot taken once the lock is held, so it sees every position the
  // relay before it committed. The unnumbered rows are read through a partial index whose
  // entries go stale as rows are numbered (PgTransactionSettings::index_scans).
  pool.OneTrip(timeout, {.index_scans = true}, [&](PgTrip& trip) {
    trip.Before(queries.lock);
    const pqxx::result numbered = Exec(trip, queries.relay);
    if (!numbered.empty()) {
      relayed = {numbered[0][0].as<int64_t>(), numbered[0][1].as<int64_t>()};
    }
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
  // A new connection may reach a database restored to an older feed: positions start over.
  woken_through_ = 0;
  bool pending = true;  // whatever committed before we listened
  bool relayed = false;
  Flagging on_pending(connection, schema_ + "_change_pending", pending);
  RelayedFlagging on_relayed(connection, schema_ + "_change_relayed", woken_through_, relayed);
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
        const Relayed numbered = RelayChanges(pool_, queries_, db_timeout_);
        if (numbered.newest > woken_through_) {
          // Committed: this process's streams need not wait for the notification to come back.
          woken_through_ = numbered.newest;
          relayed = true;
        }
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
        pool_.Transaction(db_timeout_, [&](pqxx::transaction_base& tx) {
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
