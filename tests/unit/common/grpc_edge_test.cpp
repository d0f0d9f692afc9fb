// The gRPC edge for real: an in-process server on a free port running the test Echo service.
#include <grpcpp/generic/generic_stub.h>
#include <grpcpp/support/byte_buffer.h>
#include <grpcpp/test/server_context_test_spouse.h>
#include <gtest/gtest.h>
#include <pthread.h>

#include <csignal>
#include <regex>
#include <thread>

#include "common/client.hpp"
#include "common/errors.hpp"
#include "common/grpc_server.hpp"
#include "common/json_struct.hpp"
#include "common/metrics.hpp"
#include "common/principal.hpp"
#include "common/rpc.hpp"
#include "common/versioning.hpp"
#include "echo_test.grpc.pb.h"
#include "principal_test_keys.hpp"

namespace sanplane::common {
namespace {

using namespace std::chrono_literals;
using test::v1::EchoRequest;
using test::v1::EchoResponse;

constexpr auto kBudgetCap = 10s;
// gRPC sends the deadline as a timeout rounded up, and the server counts it from arrival, so the
// server's deadline may lie a little after the client's.
constexpr int64_t kWireSlackMs = 100;

class EchoService final : public test::v1::Echo::Service {
 public:
  grpc::Status Echo(grpc::ServerContext* context, const EchoRequest* request,
                    EchoResponse* response) override {
    return HandleRpc(context, "Echo", [&] {
      if (request->fail() == "not_found") {
        throw Error(ErrorKind::kNotFound, "Zone not found.");
      }
      if (request->fail() == "conflict") {
        throw ConflictError("zone", RecordStamp{3, "john", 0});
      }
      if (request->fail() == "crash") {
        throw std::runtime_error("secret internal detail");
      }
      response->set_budget_ms(RemainingBudget(*context, kBudgetCap).count());
      response->set_request_id(RequestIdOf(*context));
      if (const std::optional<Principal> principal = FindPrincipal(*context)) {
        response->set_username(principal->username());
      }
      if (request->forward()) {
        const std::unique_ptr<grpc::ClientContext> outgoing = OutgoingContext(*context, 5s);
        EchoRequest inner_request;
        EchoResponse inner;
        const grpc::Status status = TimedClientCall(
            "test.Echo", [&] { return stub->Echo(outgoing.get(), inner_request, &inner); });
        if (!status.ok()) {
          throw FromGrpcStatus(status);
        }
        response->set_text(inner.username() + "|" + inner.request_id() + "|" +
                           std::to_string(inner.budget_ms()));
      }
    });
  }

  std::unique_ptr<test::v1::Echo::Stub> stub;
};

class GrpcEdgeTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    service_ = new EchoService();
    server_ = new GrpcServer("127.0.0.1:0", {service_}, 1s);
    server_->Start();
    channel_ = new std::shared_ptr<grpc::Channel>(
        MakeChannel("127.0.0.1:" + std::to_string(server_->port())));
    service_->stub = test::v1::Echo::NewStub(*channel_);
  }
  static void TearDownTestSuite() {
    delete server_;
    delete channel_;
    delete service_;
  }

  static grpc::Status Call(const EchoRequest& request, EchoResponse& response,
                           grpc::ClientContext& context) {
    // A loaded machine may still be connecting the channel: wait for it rather than fail fast
    // (the calls under test are about budgets, not about connecting).
    context.set_wait_for_ready(true);
    return test::v1::Echo::NewStub(*channel_)->Echo(&context, request, &response);
  }

  // How an Echo ends whose handler throws the error named `kind` ("not_found", "conflict",
  // "crash").
  static grpc::Status CallFailing(const std::string& kind) {
    grpc::ClientContext context;
    EchoRequest request;
    request.set_fail(kind);
    EchoResponse response;
    return Call(request, response, context);
  }

  static EchoService* service_;
  static GrpcServer* server_;
  static std::shared_ptr<grpc::Channel>* channel_;
};

EchoService* GrpcEdgeTest::service_ = nullptr;
GrpcServer* GrpcEdgeTest::server_ = nullptr;
std::shared_ptr<grpc::Channel>* GrpcEdgeTest::channel_ = nullptr;

TEST_F(GrpcEdgeTest, BudgetIsCappedWithoutDeadline) {
  grpc::ClientContext context;
  EchoRequest request;
  EchoResponse response;
  ASSERT_TRUE(Call(request, response, context).ok());
  EXPECT_EQ(response.budget_ms(), std::chrono::milliseconds(kBudgetCap).count());
}

TEST_F(GrpcEdgeTest, BudgetFollowsTheCallersDeadline) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + 2s);
  EchoRequest request;
  EchoResponse response;
  ASSERT_TRUE(Call(request, response, context).ok());
  EXPECT_GT(response.budget_ms(), 1000);
  EXPECT_LE(response.budget_ms(), 2000 + kWireSlackMs);
}

TEST(RemainingBudgetTest, ContextWithoutDeadlineGivesCapAndAtLeastOneMs) {
  grpc::ServerContext context;
  EXPECT_EQ(RemainingBudget(context, 250ms), 250ms);
  EXPECT_EQ(RemainingBudget(context, 0ms), 1ms);
}

TEST_F(GrpcEdgeTest, DomainErrorBecomesItsStatus) {
  auto& counter = Metrics::Get().rpc_handled.Add({{"method", "Echo"}, {"code", "NOT_FOUND"}});
  const double before = counter.Value();
  const grpc::Status status = CallFailing("not_found");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(status.error_message(), "Zone not found.");
  EXPECT_EQ(counter.Value(), before + 1);
}

TEST_F(GrpcEdgeTest, ConflictDetailTravelsInErrorDetails) {
  const Error error = FromGrpcStatus(CallFailing("conflict"));
  EXPECT_EQ(error.kind(), ErrorKind::kVersionConflict);
  ASSERT_TRUE(error.details().has_version_conflict());
  EXPECT_EQ(error.details().version_conflict().current_version(), 3);
  EXPECT_EQ(error.details().version_conflict().last_modified_by(), "john");
}

TEST_F(GrpcEdgeTest, UnexpectedExceptionIsInternalWithoutDetail) {
  const grpc::Status status = CallFailing("crash");
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INTERNAL);
  EXPECT_EQ(status.error_message(), "Internal error");
}

TEST_F(GrpcEdgeTest, PrincipalAndRequestIdAreForwarded) {
  Principal principal;
  principal.set_user_id(7);
  principal.set_username("alice");
  grpc::ClientContext context;
  AttachPrincipal(context, principal, "req-abc");
  context.set_deadline(std::chrono::system_clock::now() + 3s);
  EchoRequest request;
  request.set_forward(true);
  EchoResponse response;
  ASSERT_TRUE(Call(request, response, context).ok());
  EXPECT_EQ(response.username(), "alice");
  EXPECT_EQ(response.request_id(), "req-abc");
  // The inner call saw the same principal and id, and the shorter of the two deadlines.
  const std::string prefix = "alice|req-abc|";
  ASSERT_EQ(response.text().rfind(prefix, 0), 0u) << response.text();
  EXPECT_LE(std::stoll(response.text().substr(prefix.size())), 3000 + kWireSlackMs);
}

TEST_F(GrpcEdgeTest, OutgoingCallsAreCountedAndTimedAndNothingStaysInFlight) {
  Metrics& metrics = Metrics::Get();
  auto& calls = metrics.rpc_client_calls.Add({{"method", "test.Echo"}, {"code", "OK"}});
  auto& latency =
      metrics.rpc_client_seconds.Add({{"method", "test.Echo"}}, Metrics::LatencyBuckets());
  const double calls_before = calls.Value();
  const double timed_before = latency.Collect().histogram.sample_count;
  grpc::ClientContext context;
  EchoRequest request;
  request.set_forward(true);
  EchoResponse response;
  ASSERT_TRUE(Call(request, response, context).ok());
  EXPECT_EQ(calls.Value(), calls_before + 1);
  EXPECT_EQ(latency.Collect().histogram.sample_count, timed_before + 1);
  // Both the outer and the inner call have ended.
  EXPECT_EQ(metrics.rpc_in_flight.Add({}).Value(), 0);
}

TEST_F(GrpcEdgeTest, MissingRequestIdIsGeneratedOnceAndForwarded) {
  grpc::ClientContext context;
  EchoRequest request;
  request.set_forward(true);
  EchoResponse response;
  ASSERT_TRUE(Call(request, response, context).ok());
  EXPECT_TRUE(std::regex_match(response.request_id(), std::regex("[0-9a-f]{16}")))
      << response.request_id();
  EXPECT_EQ(response.text().substr(0, 18), "|" + response.request_id() + "|");
  // The inner call's budget is bounded by OutgoingContext's 5 s timeout.
  EXPECT_LE(std::stoll(response.text().substr(18)), 5000 + kWireSlackMs);
}

TEST_F(GrpcEdgeTest, HealthReportsServing) {
  grpc::GenericStub stub(*channel_);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + 5s);
  // HealthCheckRequest{service: ""} encodes as no bytes.
  grpc::Slice no_bytes(std::string{});
  grpc::ByteBuffer empty_request(&no_bytes, 1);
  grpc::ByteBuffer reply;
  std::mutex mutex;
  std::condition_variable done_signal;
  bool done = false;
  grpc::Status status;
  stub.UnaryCall(&context, "/grpc.health.v1.Health/Check", grpc::StubOptions(), &empty_request,
                 &reply, [&](grpc::Status result) {
                   std::lock_guard lock(mutex);
                   status = std::move(result);
                   done = true;
                   done_signal.notify_one();
                 });
  std::unique_lock lock(mutex);
  done_signal.wait(lock, [&] { return done; });
  ASSERT_TRUE(status.ok()) << status.error_message();
  std::vector<grpc::Slice> slices;
  ASSERT_TRUE(reply.Dump(&slices).ok());
  std::string bytes;
  for (const grpc::Slice& slice : slices) {
    bytes.append(reinterpret_cast<const char*>(slice.begin()), slice.size());
  }
  EXPECT_EQ(bytes, std::string("\x08\x01", 2));  // status: SERVING
}

TEST(PrincipalTest, MetadataIsParsedAndChecked) {
  grpc::ServerContext context;
  grpc::testing::ServerContextTestSpouse spouse(&context);
  EXPECT_FALSE(FindPrincipal(context).has_value());
  try {
    RequirePrincipal(context);
    FAIL() << "expected Error";
  } catch (const Error& error) {
    EXPECT_EQ(error.kind(), ErrorKind::kUnauthenticated);
    EXPECT_STREQ(error.what(), "Authentication required");
  }

  Principal principal;
  principal.set_username("bob");
  principal.add_customer_ids(4);
  const std::string bytes = principal.SerializeAsString();
  spouse.AddClientMetadata(kPrincipalMetadataKey, bytes);
  spouse.AddClientMetadata(kRequestIdMetadataKey, "r-1");
  spouse.AddClientMetadata(
      kPrincipalSignatureMetadataKey,
      SignPrincipal(::sanplane::testing::TestPrincipalKeys(), bytes, "r-1",
                    std::chrono::system_clock::now() + std::chrono::seconds(60)));
  const Principal found = RequirePrincipal(context);
  EXPECT_EQ(found.username(), "bob");
  EXPECT_TRUE(CanAccessCustomer(found, 4));
  EXPECT_FALSE(CanAccessCustomer(found, 5));
  Principal superuser;
  superuser.set_is_superuser(true);
  EXPECT_TRUE(CanAccessCustomer(superuser, 5));
  EXPECT_EQ(RequestIdOf(context), "r-1");
}

// What a pod that reaches a service's port could send: a principal it made up.
TEST(PrincipalTest, UnsignedExpiredOrForgedPrincipalsAreRefused) {
  Principal superuser;
  superuser.set_username("mallory");
  superuser.set_is_superuser(true);
  const std::string bytes = superuser.SerializeAsString();
  const auto now = std::chrono::system_clock::now();
  const auto refusal = [&](const std::string& signature) {
    grpc::ServerContext context;
    grpc::testing::ServerContextTestSpouse spouse(&context);
    spouse.AddClientMetadata(kPrincipalMetadataKey, bytes);
    spouse.AddClientMetadata(kRequestIdMetadataKey, "r-2");
    if (!signature.empty()) spouse.AddClientMetadata(kPrincipalSignatureMetadataKey, signature);
    EXPECT_FALSE(FindPrincipal(context).has_value());
    try {
      RequirePrincipal(context);
    } catch (const Error& error) {
      EXPECT_EQ(error.kind(), ErrorKind::kUnauthenticated);
      return std::string(error.what());
    }
    return std::string("accepted");
  };
  EXPECT_EQ(refusal(""), "The caller's identity is not signed");
  const PrincipalKeys other{PrincipalKey("a-key-the-cluster-does-not-share-0123456789"),
                            std::nullopt};
  EXPECT_EQ(refusal(SignPrincipal(other, bytes, "r-2", now + std::chrono::seconds(60))),
            "The caller's identity is signed with an unknown key");
  EXPECT_EQ(refusal(SignPrincipal(::sanplane::testing::TestPrincipalKeys(), bytes, "r-2",
                                  now - std::chrono::seconds(1))),
            "The caller's identity signature has expired");
  Principal plain_user;
  plain_user.set_username("mallory");
  EXPECT_EQ(
      refusal(SignPrincipal(::sanplane::testing::TestPrincipalKeys(),
                            plain_user.SerializeAsString(), "r-2", now + std::chrono::seconds(60))),
      "The caller's identity signature does not match");
}

TEST(PrincipalTest, RequestIdIsRandomWhenAbsent) {
  grpc::ServerContext context;
  const std::string first = RequestIdOf(context);
  EXPECT_TRUE(std::regex_match(first, std::regex("[0-9a-f]{16}"))) << first;
  EXPECT_NE(RequestIdOf(context), first);
}

TEST(GrpcServerTest, UnbindableAddressThrows) {
  GrpcServer server("unix:/nonexistent-dir/for-sure/socket", {}, 100ms);
  EXPECT_THROW(server.Start(), std::runtime_error);
}

TEST(GrpcServerTest, RunUntilSignalDrainsAndReturnsZero) {
  BlockTerminationSignals();
  EchoService service;
  GrpcServer server("127.0.0.1:0", {&service}, 200ms);
  server.Start();
  const pthread_t main_thread = pthread_self();
  std::thread sender([main_thread] {
    std::this_thread::sleep_for(100ms);
    pthread_kill(main_thread, SIGTERM);
  });
  EXPECT_EQ(server.RunUntilSignal(), 0);
  sender.join();
  server.Shutdown();  // idempotent

  auto stub = test::v1::Echo::NewStub(MakeChannel("127.0.0.1:" + std::to_string(server.port())));
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + 500ms);
  EchoResponse response;
  EXPECT_FALSE(stub->Echo(&context, EchoRequest(), &response).ok());
}

}  // namespace
}  // namespace sanplane::common
