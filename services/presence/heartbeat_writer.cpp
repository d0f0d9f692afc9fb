#include "heartbeat_writer.hpp"

#include <algorithm>
#include <iterator>

#include "common/request_scope.hpp"

namespace sanplane::presence {

HeartbeatWriter::HeartbeatWriter(PresenceStore& store, size_t batch_limit)
    : store_(store), batch_limit_(std::max<size_t>(batch_limit, 1)) {}

void HeartbeatWriter::Record(Pending pending) {
  std::unique_lock lock(mutex_);
  queued_.push_back(std::move(pending));
  WriteQueued(lock);
}

void HeartbeatWriter::RecordAll(std::vector<Pending> pending) {
  if (pending.empty()) return;
  std::unique_lock lock(mutex_);
  queued_.insert(queued_.end(), std::make_move_iterator(pending.begin()),
                 std::make_move_iterator(pending.end()));
  WriteQueued(lock);
}

void HeartbeatWriter::WriteQueued(std::unique_lock<std::mutex>& lock) {
  if (writing_) return;  // the writing thread takes what is queued in its next round trip
  writing_ = true;
  // Until nothing is left: a heartbeat queued while this thread writes has no other writer.
  while (!queued_.empty()) {
    std::vector<Pending> batch;
    if (queued_.size() <= batch_limit_) {
      batch.swap(queued_);
    } else {
      const auto end = queued_.begin() + static_cast<std::ptrdiff_t>(batch_limit_);
      batch.assign(std::make_move_iterator(queued_.begin()), std::make_move_iterator(end));
      queued_.erase(queued_.begin(), end);
    }
    lock.unlock();
    Write(batch);
    lock.lock();
  }
  writing_ = false;
}

void HeartbeatWriter::Write(std::vector<Pending>& batch) {
  std::vector<Heartbeat> heartbeats;
  heartbeats.reserve(batch.size());
  auto deadline = batch.front().deadline;
  for (const Pending& pending : batch) {
    heartbeats.push_back(pending.heartbeat);
    deadline = std::max(deadline, pending.deadline);
  }
  std::exception_ptr failure;
  try {
    // Nobody in the batch waits longer than the last of them does.
    const common::RequestScope scope(batch.front().request_id, deadline);
    store_.RecordHeartbeats(heartbeats);
  } catch (...) {
    failure = std::current_exception();
  }
  for (Pending& pending : batch) pending.done(failure);
}

}  // namespace sanplane::presence
