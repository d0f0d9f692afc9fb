#include "heartbeat_writer.hpp"

#include <gtest/gtest.h>

#include <condition_variable>
#include <mutex>
#include <stdexcept>
#include <thread>
#include <vector>

namespace sanplane::presence {
namespace {

// Records each round trip's heartbeats; can hold a round trip until the test lets it go.
class RecordingStore : public PresenceStore {
 public:
  void RecordHeartbeat(int64_t, int64_t, int) override { ADD_FAILURE() << "one by one"; }
  void RecordHeartbeats(const std::vector<Heartbeat>& heartbeats) override {
    std::unique_lock lock(mutex_);
    std::vector<int64_t> users;
    for (const Heartbeat& beat : heartbeats) users.push_back(beat.user_id);
    round_trips_.push_back(users);
    in_round_trip_ = true;
    changed_.notify_all();
    changed_.wait(lock, [this] { return !hold_; });
    in_round_trip_ = false;
    if (fail_next_) {
      fail_next_ = false;
      throw std::runtime_error("Redis is down");
    }
  }
  std::vector<Activity> ActiveSince(int64_t) override { return {}; }
  ActivePage ActivePageSince(int64_t, int64_t, int64_t) override { return {}; }
  void Forget(const std::vector<int64_t>&) override {}

  void Hold() {
    std::lock_guard lock(mutex_);
    hold_ = true;
  }
  void Release() {
    std::lock_guard lock(mutex_);
    hold_ = false;
    changed_.notify_all();
  }
  void WaitUntilInRoundTrip() {
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [this] { return in_round_trip_; });
  }
  void FailNext() {
    std::lock_guard lock(mutex_);
    fail_next_ = true;
  }
  std::vector<std::vector<int64_t>> round_trips() {
    std::lock_guard lock(mutex_);
    return round_trips_;
  }

 private:
  std::mutex mutex_;
  std::condition_variable changed_;
  bool hold_ = false;
  bool in_round_trip_ = false;
  bool fail_next_ = false;
  std::vector<std::vector<int64_t>> round_trips_;
};

// What each heartbeat's Done reported, by user id.
struct Outcomes {
  std::mutex mutex;
  std::vector<std::pair<int64_t, bool>> finished;  // user, failed

  HeartbeatWriter::Pending Beat(int64_t user) {
    return {{user, 1'000'000, 300},
            "request-" + std::to_string(user),
            std::chrono::steady_clock::now() + std::chrono::seconds(5),
            [this, user](std::exception_ptr failure) {
              std::lock_guard lock(mutex);
              finished.emplace_back(user, failure != nullptr);
            }};
  }
  std::vector<std::pair<int64_t, bool>> Get() {
    std::lock_guard lock(mutex);
    return finished;
  }
};

TEST(HeartbeatWriter, WritesALoneHeartbeatAtOnceOnTheCallersThread) {
  RecordingStore store;
  HeartbeatWriter writer(store);
  Outcomes outcomes;
  writer.Record(outcomes.Beat(7));
  EXPECT_EQ(store.round_trips(), (std::vector<std::vector<int64_t>>{{7}}));
  EXPECT_EQ(outcomes.Get(), (std::vector<std::pair<int64_t, bool>>{{7, false}}));
}

TEST(HeartbeatWriter, HeartbeatsArrivingDuringARoundTripGoTogetherInTheNext) {
  RecordingStore store;
  HeartbeatWriter writer(store);
  Outcomes outcomes;
  store.Hold();
  std::thread first([&] { writer.Record(outcomes.Beat(1)); });
  store.WaitUntilInRoundTrip();
  // Another thread is writing: these return at once, left to it.
  writer.Record(outcomes.Beat(2));
  writer.Record(outcomes.Beat(3));
  EXPECT_TRUE(outcomes.Get().empty());
  store.Release();
  first.join();
  EXPECT_EQ(store.round_trips(), (std::vector<std::vector<int64_t>>{{1}, {2, 3}}));
  EXPECT_EQ(outcomes.Get(),
            (std::vector<std::pair<int64_t, bool>>{{1, false}, {2, false}, {3, false}}));
}

TEST(HeartbeatWriter, AFailedRoundTripFailsEveryHeartbeatInItAndTheNextOneWrites) {
  RecordingStore store;
  HeartbeatWriter writer(store);
  Outcomes outcomes;
  store.Hold();
  std::thread first([&] { writer.Record(outcomes.Beat(1)); });
  store.WaitUntilInRoundTrip();
  writer.Record(outcomes.Beat(2));
  writer.Record(outcomes.Beat(3));
  store.FailNext();  // the round trip of 1 fails; 2 and 3 go in the next
  store.Release();
  first.join();
  writer.Record(outcomes.Beat(4));
  EXPECT_EQ(outcomes.Get(),
            (std::vector<std::pair<int64_t, bool>>{{1, true}, {2, false}, {3, false}, {4, false}}));
}

TEST(HeartbeatWriter, ARoundTripCarriesAtMostTheBatchLimit) {
  RecordingStore store;
  HeartbeatWriter writer(store, 2);
  Outcomes outcomes;
  store.Hold();
  std::thread first([&] { writer.Record(outcomes.Beat(1)); });
  store.WaitUntilInRoundTrip();
  for (int64_t user = 2; user <= 6; ++user) writer.Record(outcomes.Beat(user));
  store.Release();
  first.join();
  EXPECT_EQ(store.round_trips(), (std::vector<std::vector<int64_t>>{{1}, {2, 3}, {4, 5}, {6}}));
  EXPECT_EQ(outcomes.Get().size(), 6u);
}

TEST(HeartbeatWriter, HeartbeatsRecordedTogetherGoInOneRoundTripUpToTheLimit) {
  RecordingStore store;
  HeartbeatWriter writer(store, 3);
  Outcomes outcomes;
  std::vector<HeartbeatWriter::Pending> several;
  for (int64_t user = 1; user <= 4; ++user) several.push_back(outcomes.Beat(user));
  writer.RecordAll(std::move(several));
  EXPECT_EQ(store.round_trips(), (std::vector<std::vector<int64_t>>{{1, 2, 3}, {4}}));
  EXPECT_EQ(outcomes.Get().size(), 4u);
  writer.RecordAll({});  // nothing to write: no round trip
  EXPECT_EQ(store.round_trips().size(), 2u);
}

}  // namespace
}  // namespace sanplane::presence
