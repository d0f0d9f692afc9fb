#pragma once
// One server-streaming call read on gRPC's callback threads, for a caller that follows a stream
// for minutes and waits for its end. A thread blocked in a synchronous Read takes part in gRPC's
// polling (any thread waiting in gRPC may become the poller), so it would wake, read and hand
// over the completions of every other call of the process; here the caller waits on a plain
// condition variable instead.

#include <grpcpp/grpcpp.h>

#include <condition_variable>
#include <functional>
#include <mutex>
#include <utility>

namespace sanplane::gateway {

template <class Message>
class StreamReading final : public grpc::ClientReadReactor<Message> {
 public:
  /// `on_message` runs for every message, in order, on one of gRPC's threads: it must not block.
  explicit StreamReading(std::function<void(const Message&)> on_message)
      : on_message_(std::move(on_message)) {}
  StreamReading(const StreamReading&) = delete;
  StreamReading& operator=(const StreamReading&) = delete;

  /// `begin` starts the call on this reactor: stub->async()->Method(&context, &request, reactor).
  /// Returns the call's status once it has ended (TryCancel on its context ends it early).
  grpc::Status Run(const std::function<void(grpc::ClientReadReactor<Message>*)>& begin) {
    begin(this);
    this->StartRead(&message_);
    this->StartCall();
    std::unique_lock lock(mutex_);
    ended_.wait(lock, [this] { return done_; });
    return status_;
  }

  void OnReadDone(bool ok) override {
    if (!ok) return;  // the stream ended: OnDone follows
    on_message_(message_);
    this->StartRead(&message_);
  }

  void OnDone(const grpc::Status& status) override {
    // gRPC no longer touches this reactor; Run may return (and its caller destroy it) once the
    // lock is released.
    std::lock_guard lock(mutex_);
    status_ = status;
    done_ = true;
    ended_.notify_all();
  }

 private:
  std::function<void(const Message&)> on_message_;
  Message message_;
  std::mutex mutex_;
  std::condition_variable ended_;
  bool done_ = false;
  grpc::Status status_;
};

}  // namespace sanplane::gateway
