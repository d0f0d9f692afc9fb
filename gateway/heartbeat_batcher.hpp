#pragma once
// Heartbeats that arrive while a heartbeat call to presence is in flight go together in the next
// call (Presence.HeartbeatBatch). The first goes alone at once, so an idle gateway adds no wait;
// under load one call carries many heartbeats, and the gRPC call's fixed cost (its thread
// switches in the gateway, its framing and bookkeeping in presence) is paid once per batch
// instead of once per heartbeat. Each heartbeat carries its own caller's signed principal and is
// answered with its own status, so one caller's refusal fails nobody else's heartbeat.
//
// Pure logic: the call itself is the `Send` it is given (heartbeat_rpc.hpp binds it to the
// presence stub; unit tests give a fake).

#include <grpcpp/support/status.h>

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "sanplane/common/v1/common.pb.h"
#include "sanplane/presence/v1/presence.pb.h"

namespace sanplane::gateway {

class HeartbeatBatcher : public std::enable_shared_from_this<HeartbeatBatcher> {
 public:
  using Clock = std::chrono::system_clock;
  using Response = std::shared_ptr<presence::v1::HeartbeatResponse>;
  /// Answers one heartbeat, once, on any thread: its status and, when OK, presence's answer.
  using Answer = std::function<void(const grpc::Status&, Response)>;
  /// The outcome of one batch call: the call's status and, when OK, its answer.
  using BatchDone =
      std::function<void(const grpc::Status&, const presence::v1::HeartbeatBatchResponse&)>;
  /// Starts one batch call with `deadline`; `done` runs once, on any thread.
  using Send = std::function<void(std::shared_ptr<const presence::v1::HeartbeatBatchRequest>,
                                  Clock::time_point deadline, BatchDone done)>;

  struct Options {
    /// At most this many heartbeats per call (presence takes up to 1,000).
    size_t batch_limit = 256;
    /// A call's deadline is the latest of its heartbeats', and at most this far from its start.
    std::chrono::milliseconds deadline_cap{5000};
    /// Now, for the deadlines (a test's clock).
    std::function<Clock::time_point()> now = [] { return Clock::now(); };
  };

  static std::shared_ptr<HeartbeatBatcher> Make(Send send, Options options);

  /// Sends the heartbeat of `caller` now when no call is in flight, else in the call after it.
  /// `answer` gets DEADLINE_EXCEEDED, unsent, when `deadline` passed before its call could start.
  void Submit(common::v1::SignedPrincipal caller, Clock::time_point deadline, Answer answer);

 private:
  struct Pending {
    common::v1::SignedPrincipal caller;
    Clock::time_point deadline;
    Answer answer;
  };
  using Batch = std::vector<Pending>;

  HeartbeatBatcher(Send send, Options options);

  /// The next batch from the queue (at most the limit, in arrival order), and the heartbeats whose
  /// deadline passed while they waited; clears `sending_` when there is nothing to send. Holds
  /// the lock.
  Batch TakeBatch(Batch& expired);
  /// Sends the batches from `batch` on until one is in flight or none is left.
  void SendFrom(Batch batch, Batch expired);
  void Completed(const Batch& batch, const grpc::Status& status,
                 const presence::v1::HeartbeatBatchResponse& response);

  const Send send_;
  const Options options_;
  std::mutex mutex_;
  std::deque<Pending> queued_;
  bool sending_ = false;  // a call is in flight, or about to start
};

}  // namespace sanplane::gateway
