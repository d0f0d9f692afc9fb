#pragma once
// The world around the SAN service in its unit tests: two customers with their projects and
// hosts, users of each, identity and storage as the service sees them (FakePeers), the service
// served in-process, and how a test calls it as a user and reads a failure as a REST client
// would.

#include <grpcpp/grpcpp.h>

#include <atomic>
#include <boost/json/value.hpp>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/errors.hpp"
#include "common/grpc_server.hpp"
#include "common/principal.hpp"
#include "common/request_scope.hpp"
#include "http_errors.hpp"
#include "peers.hpp"
#include "principal_test_keys.hpp"
#include "sanplane/san/v1/san.grpc.pb.h"

namespace sanplane::san::testing {

inline constexpr int64_t kCustomerA = 1;
inline constexpr int64_t kCustomerB = 2;
inline constexpr int64_t kProjectA = 10;
inline constexpr int64_t kProjectA2 = 11;  // a second project of customer A
inline constexpr int64_t kProjectB = 20;
inline constexpr int64_t kHostA = 5;
inline constexpr int64_t kHostB = 6;

/// Identity and storage as the SAN service sees them.
class FakePeers final : public Peers {
 public:
  std::optional<int64_t> ProjectCustomer(const grpc::ServerContext& context,
                                         int64_t project_id) override {
    const auto principal = common::RequirePrincipal(context);
    const std::map<int64_t, int64_t> projects{
        {kProjectA, kCustomerA}, {kProjectA2, kCustomerA}, {kProjectB, kCustomerB}};
    const auto project = projects.find(project_id);
    if (project == projects.end() || !common::CanAccessCustomer(principal, project->second)) {
      return std::nullopt;
    }
    return project->second;
  }
  std::map<int64_t, int64_t> ProjectCustomers(const grpc::ServerContext&,
                                              const std::vector<int64_t>& project_ids) override {
    project_lookups++;
    const std::map<int64_t, int64_t> projects{
        {kProjectA, kCustomerA}, {kProjectA2, kCustomerA}, {kProjectB, kCustomerB}};
    std::map<int64_t, int64_t> found;
    for (int64_t id : project_ids) {
      if (const auto project = projects.find(id); project != projects.end()) {
        found.insert(*project);
      }
    }
    return found;
  }
  bool CustomerVisible(const grpc::ServerContext& context, int64_t customer_id) override {
    return (customer_id == kCustomerA || customer_id == kCustomerB) &&
           common::CanAccessCustomer(common::RequirePrincipal(context), customer_id);
  }
  std::optional<int64_t> HostCustomer(const grpc::ServerContext&, int64_t host_id) override {
    host_calls++;
    if (storage_down) {
      throw common::Error(common::ErrorKind::kUnavailable,
                          "The storage service is unavailable; nothing was saved.");
    }
    if (host_id == kHostA) return kCustomerA;
    if (host_id == kHostB) return kCustomerB;
    return std::nullopt;
  }
  std::optional<int64_t> StorageCustomer(const grpc::ServerContext&, int64_t) override {
    return std::nullopt;
  }

  std::atomic<bool> storage_down{false};
  std::atomic<int> host_calls{0};
  std::atomic<int> project_lookups{0};
};

/// The SAN service on an in-process gRPC server at a free local port, and a stub that calls it.
class ServedSan {
 public:
  ServedSan(grpc::Service& service, std::chrono::milliseconds drain_timeout)
      : server_("127.0.0.1:0", {&service}, drain_timeout) {
    server_.Start();
    stub_ = v1::San::NewStub(grpc::CreateChannel("127.0.0.1:" + std::to_string(server_.port()),
                                                 grpc::InsecureChannelCredentials()));
  }
  ~ServedSan() { server_.Shutdown(); }

  v1::San::Stub& stub() { return *stub_; }

 private:
  common::GrpcServer server_;
  std::unique_ptr<v1::San::Stub> stub_;
};

using sanplane::testing::User;

inline const common::Principal kAlice = User(1, "alice", {kCustomerA});
inline const common::Principal kBob = User(2, "bob", {kCustomerA});
inline const common::Principal kCarol = User(3, "carol", {kCustomerB});

/// A call as `principal`, signed as the gateway signs it.
inline std::unique_ptr<grpc::ClientContext> As(const common::Principal& principal) {
  using namespace std::chrono_literals;
  auto context = std::make_unique<grpc::ClientContext>();
  context->set_deadline(std::chrono::system_clock::now() + 20s);
  common::AttachPrincipal(*context, principal, common::NewRequestId());
  return context;
}

/// The JSON error body a REST client would see, and the status code.
struct Failure {
  grpc::StatusCode code = grpc::StatusCode::OK;
  boost::json::value body;
};

inline Failure FailureOf(const grpc::Status& status) {
  Failure failure;
  failure.code = status.error_code();
  // The body a REST client would receive for it.
  failure.body = gateway::ErrorReplyFor(status, "san", "test").body;
  return failure;
}

}  // namespace sanplane::san::testing
