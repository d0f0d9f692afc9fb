// IdentityUserDirectory against an identity served in this process (grpc::Server on loopback, only
// GetUserDirectory answered): lookups that need no missing user share one call, a lookup that
// began while a call was under way waits for the next one (a rename committed before it began is
// in its answer), and a failed call fails every lookup it served.
#include "user_directory.hpp"

#include <grpcpp/create_channel.h>
#include <grpcpp/security/credentials.h>
#include <grpcpp/security/server_credentials.h>
#include <grpcpp/server.h>
#include <grpcpp/server_builder.h>
#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "common/errors.hpp"

namespace sanplane::presence {
namespace {

using namespace std::chrono_literals;

// A directory of users by id, versioned by change; a call reads it when it arrives and may be held
// before it answers (as a slow database would), or answer UNAVAILABLE.
class FakeIdentity final : public identity::v1::Identity::Service {
 public:
  grpc::Status GetUserDirectory(grpc::ServerContext*,
                                const identity::v1::GetUserDirectoryRequest* request,
                                identity::v1::GetUserDirectoryResponse* response) override {
    std::unique_lock lock(mutex_);
    calls_ += 1;
    arrived_.notify_all();
    for (const auto& [id, user] : users_) {
      const bool asked = std::find(request->user_ids().begin(), request->user_ids().end(), id) !=
                         request->user_ids().end();
      const bool changed = request->since_version() != 0 && user.second > request->since_version();
      if (!asked && !changed) continue;
      identity::v1::UserContext* entry = response->add_users();
      entry->mutable_user()->set_id(id);
      entry->mutable_user()->set_username(user.first);
    }
    response->set_version(version_);
    response->set_epoch(1);
    const bool fail = fail_next_;
    fail_next_ = false;
    released_.wait(lock, [&] { return !hold_; });
    if (fail) return {grpc::StatusCode::UNAVAILABLE, "identity is down"};
    return grpc::Status::OK;
  }

  void Rename(int64_t id, std::string name) {
    std::lock_guard lock(mutex_);
    version_ += 1;
    users_[id] = {std::move(name), version_};
  }
  void Hold() {
    std::lock_guard lock(mutex_);
    hold_ = true;
  }
  void Release() {
    std::lock_guard lock(mutex_);
    hold_ = false;
    released_.notify_all();
  }
  void FailNext() {
    std::lock_guard lock(mutex_);
    fail_next_ = true;
  }
  int Calls() {
    std::lock_guard lock(mutex_);
    return calls_;
  }
  void WaitForCalls(int count) {
    std::unique_lock lock(mutex_);
    arrived_.wait(lock, [&] { return calls_ >= count; });
  }

 private:
  std::mutex mutex_;
  std::condition_variable arrived_;
  std::condition_variable released_;
  // id -> (username, version of its last change)
  std::map<int64_t, std::pair<std::string, int64_t>> users_;
  int64_t version_ = 1;
  int calls_ = 0;
  bool hold_ = false;
  bool fail_next_ = false;
};

class UserDirectoryTest : public ::testing::Test {
 protected:
  void SetUp() override {
    identity_.Rename(1, "alice");
    identity_.Rename(2, "bob");
    int port = 0;
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port);
    builder.RegisterService(&identity_);
    server_ = builder.BuildAndStart();
    ASSERT_NE(port, 0);
    stub_ = identity::v1::Identity::NewStub(grpc::CreateChannel(
        "127.0.0.1:" + std::to_string(port), grpc::InsecureChannelCredentials()));
    directory_ = std::make_unique<IdentityUserDirectory>(*stub_, 5s);
  }
  void TearDown() override {
    identity_.Release();
    server_->Shutdown();
  }

  std::string NameOf(int64_t id) {
    const grpc::ServerContext incoming;
    for (const auto& user : directory_->Lookup(incoming, {1, 2})) {
      if (user.user().id() == id) return user.user().username();
    }
    return "";
  }

  FakeIdentity identity_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<identity::v1::Identity::Stub> stub_;
  std::unique_ptr<IdentityUserDirectory> directory_;
};

TEST_F(UserDirectoryTest, LookupsThatBeganWhileACallWasUnderWayShareTheNextCall) {
  EXPECT_EQ(NameOf(1), "alice");  // fills the copy: one call
  ASSERT_EQ(identity_.Calls(), 1);

  identity_.Hold();
  std::thread first([&] { EXPECT_EQ(NameOf(2), "bob"); });
  identity_.WaitForCalls(2);
  std::vector<std::thread> others;
  std::atomic<int> done = 0;
  for (int i = 0; i < 15; ++i) {
    others.emplace_back([&] {
      EXPECT_EQ(NameOf(1), "alice");
      done += 1;
    });
  }
  // The fifteen are waiting for the call after the one held (they began after it was sent).
  std::this_thread::sleep_for(300ms);
  EXPECT_EQ(done.load(), 0);
  identity_.Release();
  first.join();
  for (auto& thread : others) thread.join();
  // The held call, then at most a few more for the fifteen, not one each.
  EXPECT_LE(identity_.Calls(), 4);
  EXPECT_GE(identity_.Calls(), 3);
}

TEST_F(UserDirectoryTest, ARenameCommittedBeforeALookupBeganIsInItsAnswer) {
  EXPECT_EQ(NameOf(1), "alice");
  identity_.Hold();
  // This call read the directory before the rename, and is held.
  std::thread early([&] { EXPECT_EQ(NameOf(1), "alice"); });
  identity_.WaitForCalls(2);
  identity_.Rename(1, "alice2");
  std::string seen;
  std::thread late([&] { seen = NameOf(1); });
  std::this_thread::sleep_for(100ms);
  identity_.Release();
  early.join();
  late.join();
  EXPECT_EQ(seen, "alice2");
}

TEST_F(UserDirectoryTest, AFailedCallFailsTheLookupsItServed) {
  EXPECT_EQ(NameOf(1), "alice");
  identity_.FailNext();
  const grpc::ServerContext incoming;
  try {
    directory_->Lookup(incoming, {1, 2});
    FAIL() << "the lookup answered although identity failed";
  } catch (const common::Error& error) {
    EXPECT_EQ(error.kind(), common::ErrorKind::kUnavailable);
  }
  // The next lookup asks again and is answered.
  EXPECT_EQ(NameOf(2), "bob");
}

}  // namespace
}  // namespace sanplane::presence
