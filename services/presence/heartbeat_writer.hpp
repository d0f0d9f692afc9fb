#pragma once
// Heartbeats that arrive while others are being written to the store go out together, in the next
// round trip, written by the thread that wrote the ones before (group commit). Under load a
// round trip carries many heartbeats instead of one each, and no thread waits on the store for
// a heartbeat it is not writing: it hands its heartbeat over and goes back to serving calls.

#include <chrono>
#include <cstddef>
#include <exception>
#include <functional>
#include <mutex>
#include <string>
#include <vector>

#include "store.hpp"

namespace sanplane::presence {

class HeartbeatWriter {
 public:
  /// Runs once the heartbeat is stored (nullptr) or could not be (the exception), on the thread
  /// that wrote it. It must not call Record.
  using Done = std::function<void(std::exception_ptr failure)>;

  struct Pending {
    Heartbeat heartbeat;
    /// Of the call that sent it: the store's timeout is capped by the latest of a batch's
    /// deadlines, and its log lines carry the first request id of the batch.
    std::string request_id;
    std::chrono::steady_clock::time_point deadline;
    Done done;
  };

  /// At most `batch_limit` heartbeats per round trip.
  explicit HeartbeatWriter(PresenceStore& store, size_t batch_limit = 256);

  /// Stores `pending.heartbeat` now on this thread, with whatever else arrives meanwhile, or, when
  /// another thread is writing, leaves it to that thread's next round trip and returns at once.
  void Record(Pending pending);
  /// Record for several at once (Presence.HeartbeatBatch): they go in the same round trip, up to
  /// the batch limit.
  void RecordAll(std::vector<Pending> pending);

 private:
  /// Writes what is queued until nothing is, unless another thread is writing. Holds `lock`.
  void WriteQueued(std::unique_lock<std::mutex>& lock);
  void Write(std::vector<Pending>& batch);

  PresenceStore& store_;
  const size_t batch_limit_;
  std::mutex mutex_;
  std::vector<Pending> queued_;
  bool writing_ = false;
};

}  // namespace sanplane::presence
