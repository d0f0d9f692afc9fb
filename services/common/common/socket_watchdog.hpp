#pragma once
// Cuts a blocking client socket whose deadline has passed. libpq has no read timeout: a query sent
// to a database that stopped answering (frozen, or behind a network partition whose kernel still
// acknowledges) blocks its thread until TCP gives up, hours later. Shutting the socket down makes
// the blocked read return at once, and libpq reports the connection as broken.

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <thread>

namespace sanplane::common {

class SocketWatchdog {
 public:
  using Clock = std::chrono::steady_clock;

  SocketWatchdog();
  ~SocketWatchdog();
  SocketWatchdog(const SocketWatchdog&) = delete;
  SocketWatchdog& operator=(const SocketWatchdog&) = delete;

  /// Watches `socket` until the Guard ends: once `deadline` passes, the socket is shut down in both
  /// directions (it stays open, so its descriptor cannot be reused by anyone else meanwhile).
  class Guard {
   public:
    Guard(SocketWatchdog& watchdog, int socket, Clock::time_point deadline);
    ~Guard();
    Guard(const Guard&) = delete;
    Guard& operator=(const Guard&) = delete;
    /// Whether the deadline passed and the socket was cut.
    bool cut() const;

   private:
    SocketWatchdog& watchdog_;
    uint64_t id_;
  };

 private:
  struct Watched {
    int socket;
    Clock::time_point deadline;
    bool cut = false;
  };
  void Run();

  std::mutex mutex_;
  std::condition_variable changed_;
  std::map<uint64_t, Watched> watched_;
  uint64_t next_id_ = 0;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace sanplane::common
