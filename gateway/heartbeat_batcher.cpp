#include "heartbeat_batcher.hpp"

#include <algorithm>
#include <string>
#include <utility>

#include "common/errors.hpp"

namespace sanplane::gateway {

namespace {

// What gRPC answers a call whose deadline passed: the gateway words it as for any late call.
grpc::Status DeadlinePassed() {
  return grpc::Status(grpc::StatusCode::DEADLINE_EXCEEDED, "Deadline Exceeded");
}

}  // namespace

std::shared_ptr<HeartbeatBatcher> HeartbeatBatcher::Make(Send send, Options options) {
  return std::shared_ptr<HeartbeatBatcher>(
      new HeartbeatBatcher(std::move(send), std::move(options)));
}

HeartbeatBatcher::HeartbeatBatcher(Send send, Options options)
    : send_(std::move(send)), options_(std::move(options)) {}

void HeartbeatBatcher::Submit(common::v1::SignedPrincipal caller, Clock::time_point deadline,
                              Answer answer) {
  Batch batch;
  Batch expired;
  {
    const std::lock_guard lock(mutex_);
    queued_.push_back({std::move(caller), deadline, std::move(answer)});
    if (sending_) return;  // goes in the call after the one in flight
    sending_ = true;
    batch = TakeBatch(expired);
  }
  SendFrom(std::move(batch), std::move(expired));
}

HeartbeatBatcher::Batch HeartbeatBatcher::TakeBatch(Batch& expired) {
  const Clock::time_point now = options_.now();
  Batch batch;
  while (!queued_.empty() && batch.size() < std::max<size_t>(options_.batch_limit, 1)) {
    Pending pending = std::move(queued_.front());
    queued_.pop_front();
    (pending.deadline <= now ? expired : batch).push_back(std::move(pending));
  }
  if (batch.empty()) sending_ = false;  // the queue is empty too
  return batch;
}

void HeartbeatBatcher::SendFrom(Batch batch, Batch expired) {
  for (Pending& pending : expired) pending.answer(DeadlinePassed(), nullptr);
  if (batch.empty()) return;
  auto request = std::make_shared<presence::v1::HeartbeatBatchRequest>();
  request->mutable_heartbeats()->Reserve(static_cast<int>(batch.size()));
  Clock::time_point deadline = batch.front().deadline;
  for (Pending& pending : batch) {
    *request->add_heartbeats() = std::move(pending.caller);
    deadline = std::max(deadline, pending.deadline);
  }
  // Nobody in the batch waits longer than the last of them would have alone; and no call waits
  // longer than one request may.
  deadline = std::min(deadline, options_.now() + options_.deadline_cap);
  auto sent = std::make_shared<Batch>(std::move(batch));
  send_(std::move(request), deadline,
        [self = shared_from_this(), sent](const grpc::Status& status,
                                          const presence::v1::HeartbeatBatchResponse& response) {
          self->Completed(*sent, status, response);
        });
}

void HeartbeatBatcher::Completed(const Batch& batch, const grpc::Status& status,
                                 const presence::v1::HeartbeatBatchResponse& response) {
  // What waited goes out first: its callers have waited the longest.
  Batch next;
  Batch expired;
  {
    const std::lock_guard lock(mutex_);
    next = TakeBatch(expired);
  }
  SendFrom(std::move(next), std::move(expired));

  if (!status.ok()) {
    // The call failed as a whole (presence down, the deadline): so did each heartbeat in it.
    for (const Pending& pending : batch) pending.answer(status, nullptr);
    return;
  }
  if (static_cast<size_t>(response.results_size()) != batch.size()) {
    const grpc::Status wrong(grpc::StatusCode::INTERNAL,
                             "presence answered " + std::to_string(response.results_size()) +
                                 " results for " + std::to_string(batch.size()) + " heartbeats");
    for (const Pending& pending : batch) pending.answer(wrong, nullptr);
    return;
  }
  for (size_t i = 0; i < batch.size(); ++i) {
    const presence::v1::HeartbeatBatchResult& result = response.results(static_cast<int>(i));
    const grpc::Status item = common::StatusOfItem(result.status());
    batch[i].answer(item, item.ok()
                              ? std::make_shared<presence::v1::HeartbeatResponse>(result.response())
                              : nullptr);
  }
}

}  // namespace sanplane::gateway
