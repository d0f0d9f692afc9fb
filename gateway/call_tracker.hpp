#pragma once
// Counts upstream calls whose completion has not run yet. When the drain timeout stops the I/O
// loop with calls still out, main waits for them (each has a deadline) before destroying what
// their completions use.

#include <atomic>
#include <chrono>
#include <thread>

namespace sanplane::gateway {

class CallTracker {
 public:
  void Begin() { pending_.fetch_add(1); }
  void End() { pending_.fetch_sub(1); }

  /// Ends one call when it goes out of scope, however the code that holds it leaves.
  class Ending {
   public:
    explicit Ending(CallTracker& calls) : calls_(calls) {}
    ~Ending() { calls_.End(); }
    Ending(const Ending&) = delete;
    Ending& operator=(const Ending&) = delete;

   private:
    CallTracker& calls_;
  };
  int pending() const { return pending_.load(); }

  /// True once no call is pending; false if `timeout` passed first.
  bool WaitIdle(std::chrono::milliseconds timeout) const {
    const auto until = std::chrono::steady_clock::now() + timeout;
    while (pending_.load() > 0) {
      if (std::chrono::steady_clock::now() >= until) return false;
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    return true;
  }

 private:
  std::atomic<int> pending_{0};
};

}  // namespace sanplane::gateway
