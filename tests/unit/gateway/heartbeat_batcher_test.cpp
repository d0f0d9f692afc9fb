// The gateway's grouping of heartbeats into Presence.HeartbeatBatch calls, with a fake sender that
// keeps each call until the test answers it.
#include "heartbeat_batcher.hpp"

#include <gtest/gtest.h>

#include <cstring>
#include <map>
#include <string>
#include <vector>

#include "common/errors.hpp"

namespace sanplane::gateway {
namespace {

using Clock = HeartbeatBatcher::Clock;
using std::chrono::milliseconds;

const Clock::time_point kStart = Clock::time_point() + std::chrono::hours(24 * 365 * 50);

// The calls the batcher started, each answerable once.
struct FakePresence {
  struct Call {
    std::vector<std::string> callers;  // each heartbeat's request id, in order
    Clock::time_point deadline;
    HeartbeatBatcher::BatchDone done;
  };
  std::vector<Call> calls;

  HeartbeatBatcher::Send Sender() {
    return [this](std::shared_ptr<const presence::v1::HeartbeatBatchRequest> request,
                  Clock::time_point deadline, HeartbeatBatcher::BatchDone done) {
      Call call{{}, deadline, std::move(done)};
      for (const auto& heartbeat : request->heartbeats()) {
        call.callers.push_back(heartbeat.request_id());
      }
      calls.push_back(std::move(call));
    };
  }

  // Answers call `index` with OK for everyone in it but those in `refused`.
  void AnswerAll(size_t index, const std::map<std::string, grpc::Status>& refused = {}) {
    presence::v1::HeartbeatBatchResponse response;
    for (const std::string& caller : calls.at(index).callers) {
      presence::v1::HeartbeatBatchResult* result = response.add_results();
      if (auto it = refused.find(caller); it != refused.end()) {
        *result->mutable_status() = common::ItemStatusOf(it->second);
      } else {
        result->mutable_response()->set_success(true);
        result->mutable_response()->mutable_last_activity()->set_seconds(
            static_cast<int64_t>(caller.size()));
      }
    }
    calls.at(index).done(grpc::Status::OK, response);
  }
};

// What each heartbeat was answered, by request id, in the order of the answers.
struct Answers {
  struct Answer {
    std::string caller;
    grpc::Status status;
    HeartbeatBatcher::Response response;
  };
  std::vector<Answer> answers;

  HeartbeatBatcher::Answer For(std::string caller) {
    return [this, caller](const grpc::Status& status, HeartbeatBatcher::Response response) {
      answers.push_back({caller, status, std::move(response)});
    };
  }
  std::vector<std::string> Callers() const {
    std::vector<std::string> out;
    for (const Answer& answer : answers) out.push_back(answer.caller);
    return out;
  }
  const Answer& Of(const std::string& caller) const {
    for (const Answer& answer : answers) {
      if (answer.caller == caller) return answer;
    }
    throw std::out_of_range("no answer for " + caller);
  }
};

class HeartbeatBatcherTest : public ::testing::Test {
 protected:
  std::shared_ptr<HeartbeatBatcher> Make(size_t batch_limit = 256) {
    HeartbeatBatcher::Options options;
    options.batch_limit = batch_limit;
    options.deadline_cap = milliseconds(5000);
    options.now = [this] { return now_; };
    return HeartbeatBatcher::Make(presence_.Sender(), options);
  }
  // A heartbeat of caller `id` whose request must be answered within `within`.
  void Beat(HeartbeatBatcher& batcher, const std::string& id,
            milliseconds within = milliseconds(5000)) {
    common::v1::SignedPrincipal caller;
    caller.set_request_id(id);
    caller.set_principal("principal of " + id);
    caller.set_signature("signature of " + id);
    batcher.Submit(caller, now_ + within, answers_.For(id));
  }

  Clock::time_point now_ = kStart;
  FakePresence presence_;
  Answers answers_;
};

using Callers = std::vector<std::string>;

TEST_F(HeartbeatBatcherTest, ALoneHeartbeatGoesAtOnceInACallOfItsOwn) {
  auto batcher = Make();
  Beat(*batcher, "a");
  ASSERT_EQ(presence_.calls.size(), 1u);
  EXPECT_EQ(presence_.calls[0].callers, Callers{"a"});
  presence_.AnswerAll(0);
  ASSERT_EQ(answers_.Callers(), Callers{"a"});
  EXPECT_TRUE(answers_.Of("a").status.ok());
  ASSERT_NE(answers_.Of("a").response, nullptr);
  EXPECT_TRUE(answers_.Of("a").response->success());
  // Idle again: the next one goes at once too.
  Beat(*batcher, "b");
  ASSERT_EQ(presence_.calls.size(), 2u);
  EXPECT_EQ(presence_.calls[1].callers, Callers{"b"});
}

TEST_F(HeartbeatBatcherTest, HeartbeatsArrivingDuringACallGoTogetherInTheNextInArrivalOrder) {
  auto batcher = Make();
  Beat(*batcher, "a");
  Beat(*batcher, "b");
  Beat(*batcher, "c");
  Beat(*batcher, "d");
  ASSERT_EQ(presence_.calls.size(), 1u) << "one call in flight at a time";
  EXPECT_TRUE(answers_.answers.empty());
  presence_.AnswerAll(0);
  ASSERT_EQ(presence_.calls.size(), 2u);
  EXPECT_EQ(presence_.calls[1].callers, (Callers{"b", "c", "d"}));
  EXPECT_EQ(answers_.Callers(), Callers{"a"});
  presence_.AnswerAll(1);
  EXPECT_EQ(answers_.Callers(), (Callers{"a", "b", "c", "d"}));
  EXPECT_EQ(presence_.calls.size(), 2u) << "nothing left to send";
}

TEST_F(HeartbeatBatcherTest, ACallCarriesAtMostTheBatchLimit) {
  auto batcher = Make(2);
  for (const char* id : {"a", "b", "c", "d", "e", "f"}) Beat(*batcher, id);
  for (size_t call = 0; call < 4; ++call) presence_.AnswerAll(call);
  ASSERT_EQ(presence_.calls.size(), 4u);
  EXPECT_EQ(presence_.calls[0].callers, Callers{"a"});
  EXPECT_EQ(presence_.calls[1].callers, (Callers{"b", "c"}));
  EXPECT_EQ(presence_.calls[2].callers, (Callers{"d", "e"}));
  EXPECT_EQ(presence_.calls[3].callers, Callers{"f"});
  EXPECT_EQ(answers_.Callers(), (Callers{"a", "b", "c", "d", "e", "f"}));
}

TEST_F(HeartbeatBatcherTest, EachHeartbeatGetsItsOwnStatusAndAnswer) {
  auto batcher = Make();
  Beat(*batcher, "first");
  Beat(*batcher, "ok");
  Beat(*batcher, "forged");
  Beat(*batcher, "also ok");
  presence_.AnswerAll(0);
  common::v1::ErrorDetails plain;
  plain.mutable_plain();
  const grpc::Status refused(grpc::StatusCode::UNAUTHENTICATED, "Invalid signature",
                             plain.SerializeAsString());
  presence_.AnswerAll(1, {{"forged", refused}});
  const auto& forged = answers_.Of("forged");
  EXPECT_EQ(forged.status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(forged.status.error_message(), "Invalid signature");
  EXPECT_EQ(forged.status.error_details(), refused.error_details()) << "details kept for the table";
  EXPECT_EQ(forged.response, nullptr);
  for (const char* id : {"ok", "also ok"}) {
    const auto& answer = answers_.Of(id);
    EXPECT_TRUE(answer.status.ok()) << id;
    ASSERT_NE(answer.response, nullptr) << id;
    // Each gets the answer of its own entry (the fake sets a field from the caller's id).
    EXPECT_EQ(answer.response->last_activity().seconds(), static_cast<int64_t>(strlen(id)));
  }
}

TEST_F(HeartbeatBatcherTest, AFailedCallFailsEachHeartbeatInItWithItsStatusAndTheNextStillGoes) {
  auto batcher = Make();
  Beat(*batcher, "a");
  Beat(*batcher, "b");
  Beat(*batcher, "c");
  presence_.AnswerAll(0);
  Beat(*batcher, "d");  // arrives while b and c are in flight
  const grpc::Status down(grpc::StatusCode::UNAVAILABLE, "failed to connect");
  presence_.calls.at(1).done(down, {});
  for (const char* id : {"b", "c"}) {
    EXPECT_EQ(answers_.Of(id).status.error_code(), grpc::StatusCode::UNAVAILABLE) << id;
    EXPECT_EQ(answers_.Of(id).status.error_message(), "failed to connect") << id;
    EXPECT_EQ(answers_.Of(id).response, nullptr) << id;
  }
  ASSERT_EQ(presence_.calls.size(), 3u);
  EXPECT_EQ(presence_.calls[2].callers, Callers{"d"});
  presence_.AnswerAll(2);
  EXPECT_TRUE(answers_.Of("d").status.ok());
}

TEST_F(HeartbeatBatcherTest, AnAnswerWithTheWrongNumberOfResultsFailsEveryHeartbeatInIt) {
  auto batcher = Make();
  Beat(*batcher, "a");
  Beat(*batcher, "b");
  Beat(*batcher, "c");
  presence_.AnswerAll(0);
  presence::v1::HeartbeatBatchResponse one_short;
  one_short.add_results()->mutable_response()->set_success(true);
  presence_.calls.at(1).done(grpc::Status::OK, one_short);
  for (const char* id : {"b", "c"}) {
    EXPECT_EQ(answers_.Of(id).status.error_code(), grpc::StatusCode::INTERNAL) << id;
  }
}

TEST_F(HeartbeatBatcherTest, ACallsDeadlineIsTheLatestOfItsHeartbeatsCapped) {
  auto batcher = Make();
  Beat(*batcher, "a", milliseconds(1000));
  EXPECT_EQ(presence_.calls[0].deadline, kStart + milliseconds(1000));
  Beat(*batcher, "b", milliseconds(3000));
  Beat(*batcher, "c", milliseconds(4000));
  Beat(*batcher, "d", milliseconds(2000));
  presence_.AnswerAll(0);
  EXPECT_EQ(presence_.calls[1].deadline, kStart + milliseconds(4000));
  // The cap: no call waits longer than one request may, from when it starts.
  Beat(*batcher, "e", milliseconds(60000));
  presence_.AnswerAll(1);
  EXPECT_EQ(presence_.calls[2].deadline, kStart + milliseconds(5000));
}

TEST_F(HeartbeatBatcherTest, AHeartbeatWhoseDeadlinePassedWhileWaitingIsAnsweredUnsent) {
  auto batcher = Make();
  Beat(*batcher, "a");
  Beat(*batcher, "late", milliseconds(100));
  Beat(*batcher, "on time", milliseconds(5000));
  now_ += milliseconds(200);  // the call of "a" took longer than "late" may wait
  presence_.AnswerAll(0);
  EXPECT_EQ(answers_.Of("late").status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  ASSERT_EQ(presence_.calls.size(), 2u);
  EXPECT_EQ(presence_.calls[1].callers, Callers{"on time"});
  // Only late ones waiting: nothing is sent, and the batcher is idle again.
  Beat(*batcher, "late too", milliseconds(100));
  now_ += milliseconds(200);
  presence_.AnswerAll(1);
  EXPECT_EQ(answers_.Of("late too").status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  EXPECT_EQ(presence_.calls.size(), 2u);
  Beat(*batcher, "next");
  ASSERT_EQ(presence_.calls.size(), 3u);
  EXPECT_EQ(presence_.calls[2].callers, Callers{"next"});
}

TEST_F(HeartbeatBatcherTest, EachHeartbeatCarriesItsOwnCallersSignedPrincipal) {
  common::v1::SignedPrincipal seen;
  auto batcher = HeartbeatBatcher::Make(
      [&seen](std::shared_ptr<const presence::v1::HeartbeatBatchRequest> request, Clock::time_point,
              HeartbeatBatcher::BatchDone) { seen = request->heartbeats(0); },
      {});
  common::v1::SignedPrincipal caller;
  caller.set_principal("bytes");
  caller.set_request_id("req-1");
  caller.set_signature("sig");
  batcher->Submit(caller, Clock::now() + milliseconds(1000), [](const grpc::Status&, auto) {});
  EXPECT_EQ(seen.SerializeAsString(), caller.SerializeAsString());
}

}  // namespace
}  // namespace sanplane::gateway
