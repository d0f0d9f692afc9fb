// The presence service over a real in-process gRPC server, with an in-memory store and directory.
#include "presence_service.hpp"

#include <grpcpp/create_channel.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "common/errors.hpp"
#include "common/grpc_server.hpp"
#include "common/principal.hpp"
#include "common/request_scope.hpp"
#include "principal_test_keys.hpp"

namespace sanplane::presence {
namespace {

class FakeClock : public common::Clock {
 public:
  int64_t NowMicros() const override { return now; }
  int64_t now = 1'700'000'000'000'123;
};

class FakeStore : public PresenceStore {
 public:
  void RecordHeartbeat(int64_t user_id, int64_t now_micros, int) override {
    last[user_id] = now_micros;
  }
  std::vector<Activity> ActiveSince(int64_t since) override {
    std::vector<Activity> out;
    for (auto [id, at] : last) {
      if (at >= since) out.push_back({id, at});
    }
    // Most recent first, as Redis answers (ties: the larger id first).
    std::sort(out.begin(), out.end(), [](const Activity& a, const Activity& b) {
      return a.last_activity_micros != b.last_activity_micros
                 ? a.last_activity_micros > b.last_activity_micros
                 : a.user_id > b.user_id;
    });
    return out;
  }
  ActivePage ActivePageSince(int64_t since, int64_t offset, int64_t limit) override {
    ++page_reads;
    std::vector<Activity> all = ActiveSince(since);
    ActivePage page{static_cast<int64_t>(all.size()), {}};
    for (int64_t i = offset; i < offset + limit && i < page.total; ++i) {
      page.entries.push_back(all[i]);
    }
    return page;
  }
  void Forget(const std::vector<int64_t>& ids) override {
    for (int64_t id : ids) last.erase(id);
  }
  std::map<int64_t, int64_t> last;
  int page_reads = 0;
};

class FakeDirectory : public UserDirectory {
 public:
  std::vector<std::pair<int64_t, DirectoryEntry>> Entries(
      const grpc::ServerContext&, const std::vector<int64_t>& ids) override {
    ++calls;
    std::vector<std::pair<int64_t, DirectoryEntry>> out;
    for (int64_t id : ids) {
      if (gone.contains(id)) continue;
      identity::v1::UserContext user;
      user.mutable_user()->set_id(id);
      user.mutable_user()->set_username("user" + std::to_string(id));
      if (auto it = customer_of.find(id); it != customer_of.end()) {
        user.mutable_active_customer()->set_id(it->second);
        user.mutable_active_customer()->set_name("customer" + std::to_string(it->second));
      } else {
        user.mutable_active_customer();
      }
      user.mutable_active_project();
      out.emplace_back(id, std::make_shared<const std::string>(user.SerializeAsString()));
    }
    return out;
  }
  std::map<int64_t, int64_t> customer_of;
  std::set<int64_t> gone;
  int calls = 0;
};

class FakeEditingStore : public EditingStore {
 public:
  void Open(const EditingEntry& entry) override { open.push_back(entry); }
  void Close(const std::string&, int64_t, int64_t) override {}
  std::vector<EditingEntry> OpenAt(int64_t) override { return open; }
  std::vector<EditingEntry> open;
};

class FakeOwners : public RecordOwners {
 public:
  int64_t CustomerOf(const grpc::ServerContext&, const std::string&, int64_t id) override {
    asked.push_back(id);
    if (hidden.contains(id)) throw common::Error(common::ErrorKind::kNotFound, "Record not found.");
    return 1;
  }
  // The records asked about, and those the caller may not see.
  std::vector<int64_t> asked;
  std::set<int64_t> hidden;
};

class PresenceServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    server_ = std::make_unique<common::GrpcServer>(
        "127.0.0.1:0", std::vector<grpc::Service*>{&service_}, std::chrono::milliseconds(100));
    server_->Start();
    stub_ = v1::Presence::NewStub(grpc::CreateChannel(
        "127.0.0.1:" + std::to_string(server_->port()), grpc::InsecureChannelCredentials()));
  }
  void TearDown() override { server_->Shutdown(); }

  std::unique_ptr<grpc::ClientContext> As(int64_t user, std::vector<int64_t> customers,
                                          bool superuser = false) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
    common::Principal principal;
    principal.set_user_id(user);
    principal.set_is_superuser(superuser);
    for (int64_t c : customers) principal.add_customer_ids(c);
    common::AttachPrincipal(*context, principal, common::NewRequestId());
    return context;
  }

  FakeClock clock_;
  FakeStore store_;
  FakeDirectory directory_;
  FakeEditingStore editing_;
  FakeOwners owners_;
  PresenceService service_{store_, directory_, clock_, 300, {editing_, owners_, 30}};
  std::unique_ptr<common::GrpcServer> server_;
  std::unique_ptr<v1::Presence::Stub> stub_;
};

TEST_F(PresenceServiceTest, HeartbeatNeedsAPrincipal) {
  grpc::ClientContext context;
  v1::HeartbeatResponse response;
  EXPECT_EQ(stub_->Heartbeat(&context, {}, &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

// A heartbeat of `user` for a batch, signed as the gateway signs it.
common::v1::SignedPrincipal SignedHeartbeat(int64_t user, const std::string& request_id) {
  common::Principal principal;
  principal.set_user_id(user);
  principal.set_username("user" + std::to_string(user));
  return common::SignedPrincipalOf(principal, request_id,
                                   std::chrono::system_clock::now() + std::chrono::seconds(5));
}

TEST_F(PresenceServiceTest, ABatchAnswersEachHeartbeatWithItsOwnStatus) {
  v1::HeartbeatBatchRequest request;
  *request.add_heartbeats() = SignedHeartbeat(1, "req-1");
  // Claims to be user 2 with user 3's signature: refused, as in Heartbeat's metadata.
  common::v1::SignedPrincipal forged = SignedHeartbeat(3, "req-2");
  common::Principal claimed;
  claimed.set_user_id(2);
  claimed.set_is_superuser(true);
  forged.set_principal(claimed.SerializeAsString());
  *request.add_heartbeats() = forged;
  *request.add_heartbeats() = SignedHeartbeat(4, "req-3");
  request.add_heartbeats()->set_request_id("req-4");  // no principal at all
  // Signed for another request id: the signature covers it.
  common::v1::SignedPrincipal moved = SignedHeartbeat(5, "req-5");
  moved.set_request_id("req-6");
  *request.add_heartbeats() = moved;

  // The call itself carries no principal: each heartbeat speaks for itself.
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  v1::HeartbeatBatchResponse response;
  ASSERT_TRUE(stub_->HeartbeatBatch(&context, request, &response).ok());
  ASSERT_EQ(response.results_size(), 5);
  for (int ok : {0, 2}) {
    const auto& result = response.results(ok);
    EXPECT_EQ(result.status().code(), 0) << ok;
    EXPECT_TRUE(result.response().success()) << ok;
    EXPECT_EQ(result.response().last_activity().seconds(), clock_.now / 1'000'000) << ok;
  }
  for (int refused : {1, 3, 4}) {
    const grpc::Status status = common::StatusOfItem(response.results(refused).status());
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED) << refused;
    EXPECT_TRUE(common::DetailsOf(status).has_value()) << "a sanplane status, for the table";
    EXPECT_FALSE(response.results(refused).has_response()) << refused;
  }
  EXPECT_EQ(common::StatusOfItem(response.results(3).status()).error_message(),
            "Authentication required");
  // Only the verified callers are active.
  std::vector<int64_t> active;
  for (const auto& [user, at] : store_.last) active.push_back(user);
  EXPECT_EQ(active, (std::vector<int64_t>{1, 4}));
  EXPECT_EQ(store_.last[1], clock_.now / 1000 * 1000);
}

TEST_F(PresenceServiceTest, ABatchOfMoreThanAThousandHeartbeatsIsRefusedWhole) {
  v1::HeartbeatBatchRequest request;
  for (int i = 0; i <= 1000; ++i) *request.add_heartbeats() = SignedHeartbeat(1, "req");
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  v1::HeartbeatBatchResponse response;
  EXPECT_EQ(stub_->HeartbeatBatch(&context, request, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(store_.last.empty());
}

TEST_F(PresenceServiceTest, AnEmptyBatchIsAnsweredEmpty) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(5));
  v1::HeartbeatBatchResponse response;
  ASSERT_TRUE(stub_->HeartbeatBatch(&context, {}, &response).ok());
  EXPECT_EQ(response.results_size(), 0);
}

TEST_F(PresenceServiceTest, ListsVisibleUsersWithOneDirectoryCall) {
  directory_.customer_of = {{1, 10}, {2, 10}, {3, 20}};
  for (int64_t user : {1, 2, 3}) {
    v1::HeartbeatResponse response;
    ASSERT_TRUE(stub_->Heartbeat(As(user, {}).get(), {}, &response).ok());
    EXPECT_TRUE(response.success());
    EXPECT_EQ(response.last_activity().seconds(), clock_.now / 1'000'000);
    EXPECT_EQ(response.last_activity().nanos(), 0);  // whole milliseconds, as the index keeps
  }
  v1::ListActiveUsersResponse listing;
  ASSERT_TRUE(stub_->ListActiveUsers(As(1, {10}).get(), {}, &listing).ok());
  std::vector<int64_t> seen;
  for (const auto& user : listing.active_users()) seen.push_back(user.user().id());
  std::sort(seen.begin(), seen.end());
  EXPECT_EQ(seen, (std::vector<int64_t>{1, 2}));
  EXPECT_EQ(directory_.calls, 1);
}

TEST_F(PresenceServiceTest, AnActiveUserCarriesItsDirectoryEntryAndLastActivity) {
  directory_.customer_of = {{7, 10}};
  v1::HeartbeatResponse beat;
  ASSERT_TRUE(stub_->Heartbeat(As(7, {}).get(), {}, &beat).ok());
  v1::ListActiveUsersResponse listing;
  ASSERT_TRUE(stub_->ListActiveUsers(As(7, {10}).get(), {}, &listing).ok());
  ASSERT_EQ(listing.active_users_size(), 1);
  const v1::ActiveUser& user = listing.active_users(0);
  EXPECT_EQ(user.user().id(), 7);
  EXPECT_EQ(user.user().username(), "user7");
  EXPECT_EQ(user.active_customer().id(), 10);
  EXPECT_EQ(user.active_customer().name(), "customer10");
  EXPECT_TRUE(user.has_active_project());
  EXPECT_FALSE(user.active_project().has_id());
  EXPECT_EQ(user.last_activity().seconds(), beat.last_activity().seconds());
}

// Presence reads a directory entry (a serialized UserContext) straight into an ActiveUser: every
// field of a UserContext must be the ActiveUser's field of the same number and type.
TEST(ActiveUserWireFormat, ReadsEveryFieldOfAUserContext) {
  const auto* context = identity::v1::UserContext::descriptor();
  const auto* active = v1::ActiveUser::descriptor();
  for (int i = 0; i < context->field_count(); ++i) {
    const auto* field = context->field(i);
    const auto* same = active->FindFieldByNumber(field->number());
    ASSERT_NE(same, nullptr) << field->name();
    EXPECT_EQ(same->name(), field->name());
    EXPECT_EQ(same->type(), field->type()) << field->name();
    EXPECT_EQ(same->is_repeated(), field->is_repeated()) << field->name();
    if (field->message_type() != nullptr) {
      EXPECT_EQ(same->message_type(), field->message_type()) << field->name();
    }
  }
}

TEST_F(PresenceServiceTest, ForgetsUsersOutsideTheWindow) {
  v1::HeartbeatResponse response;
  ASSERT_TRUE(stub_->Heartbeat(As(5, {}).get(), {}, &response).ok());
  clock_.now += 301'000'000;
  v1::ListActiveUsersResponse listing;
  ASSERT_TRUE(stub_->ListActiveUsers(As(5, {}).get(), {}, &listing).ok());
  EXPECT_EQ(listing.active_users_size(), 0);
}

TEST_F(PresenceServiceTest, WithoutPageParametersTheAnswerHasNoPageFields) {
  directory_.customer_of = {{1, 10}};
  v1::HeartbeatResponse beat;
  ASSERT_TRUE(stub_->Heartbeat(As(1, {}).get(), {}, &beat).ok());
  v1::ListActiveUsersResponse listing;
  ASSERT_TRUE(stub_->ListActiveUsers(As(1, {10}).get(), {}, &listing).ok());
  EXPECT_EQ(listing.active_users_size(), 1);
  EXPECT_FALSE(listing.has_count());
  EXPECT_FALSE(listing.has_page_size());
  EXPECT_FALSE(listing.has_has_next());
}

TEST_F(PresenceServiceTest, SuperusersPageTheIndexMostRecentFirst) {
  for (int64_t user = 1; user <= 5; ++user) {
    store_.last[user] = clock_.now - (6 - user) * 1'000'000;
  }
  v1::ListActiveUsersRequest request;
  request.set_page(2);
  request.set_page_size(2);
  v1::ListActiveUsersResponse listing;
  ASSERT_TRUE(stub_->ListActiveUsers(As(99, {}, true).get(), request, &listing).ok());
  ASSERT_EQ(listing.active_users_size(), 2);
  EXPECT_EQ(listing.active_users(0).user().id(), 3);
  EXPECT_EQ(listing.active_users(1).user().id(), 2);
  EXPECT_EQ(listing.count(), 5);
  EXPECT_EQ(listing.num_pages(), 3);
  EXPECT_EQ(listing.current_page(), 2);
  EXPECT_TRUE(listing.has_next());
  EXPECT_TRUE(listing.has_previous());
  EXPECT_EQ(store_.page_reads, 1);
}

TEST_F(PresenceServiceTest, APageOfOthersCountsOnlyWhomTheCallerMaySee) {
  directory_.customer_of = {{1, 10}, {2, 20}, {3, 10}, {4, 20}, {5, 10}};
  for (int64_t user = 1; user <= 5; ++user) {
    store_.last[user] = clock_.now - (6 - user) * 1'000'000;
  }
  v1::ListActiveUsersRequest request;
  request.set_page_size(2);
  v1::ListActiveUsersResponse listing;
  ASSERT_TRUE(stub_->ListActiveUsers(As(1, {10}).get(), request, &listing).ok());
  ASSERT_EQ(listing.active_users_size(), 2);
  EXPECT_EQ(listing.active_users(0).user().id(), 5);
  EXPECT_EQ(listing.active_users(1).user().id(), 3);
  EXPECT_EQ(listing.count(), 3);
  EXPECT_EQ(listing.num_pages(), 2);
  EXPECT_TRUE(listing.has_next());
  EXPECT_FALSE(listing.has_previous());
}

TEST_F(PresenceServiceTest, UsersGoneSinceTheirHeartbeatAreLeftOutAndForgotten) {
  for (int64_t user = 1; user <= 4; ++user) {
    store_.last[user] = clock_.now - (5 - user) * 1'000'000;
  }
  directory_.gone = {4, 2};
  v1::ListActiveUsersRequest request;
  request.set_page_size(2);
  v1::ListActiveUsersResponse listing;
  ASSERT_TRUE(stub_->ListActiveUsers(As(99, {}, true).get(), request, &listing).ok());
  ASSERT_EQ(listing.active_users_size(), 2);
  EXPECT_EQ(listing.active_users(0).user().id(), 3);
  EXPECT_EQ(listing.active_users(1).user().id(), 1);
  EXPECT_EQ(listing.count(), 2);
  EXPECT_FALSE(listing.has_next());
  EXPECT_EQ(store_.last.size(), 2u);

  v1::ListActiveUsersResponse everyone;
  ASSERT_TRUE(stub_->ListActiveUsers(As(99, {}, true).get(), {}, &everyone).ok());
  EXPECT_EQ(everyone.active_users_size(), 2);
}

TEST_F(PresenceServiceTest, ABadPageIsInvalid) {
  v1::ListActiveUsersRequest request;
  request.set_page_size(501);
  v1::ListActiveUsersResponse listing;
  EXPECT_EQ(stub_->ListActiveUsers(As(1, {}).get(), request, &listing).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  request.clear_page_size();
  request.set_page(0);
  EXPECT_EQ(stub_->ListActiveUsers(As(1, {}).get(), request, &listing).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(PresenceServiceTest, RecordEditorsAskTheKeeperOnlyAboutRecordsSomeoneHasOpen) {
  const int64_t later = clock_.now + 10'000'000;
  editing_.open = {{"zone", 7, 1, 1, later},
                   {"zone", 9, 2, 1, later},
                   {"alias", 8, 1, 1, later},
                   {"zone", 11, 1, 1, later}};
  owners_.hidden = {11};
  v1::RecordEditorsRequest request;
  request.set_entity("zone");
  request.set_ids("5,9,8,7,11,9");
  v1::RecordEditorsResponse response;
  ASSERT_TRUE(stub_->ListRecordEditors(As(1, {1}).get(), request, &response).ok());
  // Zones 5 and 8 have nobody on them (alias 8 is another kind of record): not asked about.
  std::sort(owners_.asked.begin(), owners_.asked.end());
  EXPECT_EQ(owners_.asked, (std::vector<int64_t>{7, 9, 11}));
  // In the order asked; zone 11, which the caller may not see, is answered as nobody's.
  std::vector<std::pair<int64_t, int64_t>> editors;
  for (const auto& record : response.records()) {
    for (const auto& editor : record.editors())
      editors.emplace_back(record.id(), editor.user().id());
  }
  EXPECT_EQ(editors, (std::vector<std::pair<int64_t, int64_t>>{{9, 2}, {7, 1}}));
  EXPECT_EQ(directory_.calls, 1);
}

TEST_F(PresenceServiceTest, RecordEditorsRefuseMalformedIdsAndUnknownKinds) {
  const auto status_of = [&](const std::string& entity, const std::string& ids) {
    v1::RecordEditorsRequest request;
    request.set_entity(entity);
    request.set_ids(ids);
    v1::RecordEditorsResponse response;
    return stub_->ListRecordEditors(As(1, {1}).get(), request, &response).error_code();
  };
  std::string too_many;
  for (int id = 1; id <= 201; ++id) too_many += std::to_string(id) + ",";
  too_many.pop_back();
  for (const std::string& ids : {std::string(), std::string("1,"), std::string("x"),
                                 std::string("0"), std::string("3,-1"), too_many}) {
    EXPECT_EQ(status_of("zone", ids), grpc::StatusCode::INVALID_ARGUMENT) << ids;
  }
  EXPECT_EQ(status_of("planet", "1"), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_TRUE(owners_.asked.empty());
}

}  // namespace
}  // namespace sanplane::presence
