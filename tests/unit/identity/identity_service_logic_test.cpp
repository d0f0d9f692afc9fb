// IdentityService in-process over gRPC against the in-memory stores: what the service decides
// (versions required, orderings allowed, who may call) and the bodies its errors carry, without
// Postgres or Redis.

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "common/grpc_server.hpp"
#include "common/principal.hpp"
#include "common/redis_pool.hpp"
#include "fake_holdings_elsewhere.hpp"
#include "fake_identity_stores.hpp"
#include "http_errors.hpp"
#include "identity_call_context.hpp"
#include "identity_service.hpp"
#include "sanplane/common/v1/common.pb.h"

namespace sanplane::identity {
namespace {

using namespace std::chrono_literals;

/// The JSON body text a status carries, byte for byte as the gateway will answer it.
/// The body a REST client gets for `status`, byte for byte, as the gateway renders it.
std::string BodyText(const grpc::Status& status) {
  return boost::json::serialize(gateway::ErrorReplyFor(status, "identity", "test").body);
}

class IdentityServiceLogicTest : public ::testing::Test {
 protected:
  IdentityServiceLogicTest() {
    server_.Start();
    stub_ = v1::Identity::NewStub(grpc::CreateChannel("127.0.0.1:" + std::to_string(server_.port()),
                                                      grpc::InsecureChannelCredentials()));
  }
  ~IdentityServiceLogicTest() override { server_.Shutdown(); }

  /// A signed-in user as the gateway would pass them; a member of `customers`.
  common::Principal Member(const std::string& username, std::vector<int64_t> customers) {
    NewUser user;
    user.username = username;
    const int64_t id = stores_.users.Create(1s, user)->id();
    for (const int64_t customer : customers) {
      stores_.customers.AddMember(1s, customer, username);
    }
    return *stores_.users.FindActivePrincipal(1s, id);
  }

  common::Principal Admin() {
    common::Principal admin;
    admin.set_user_id(0);
    admin.set_username("admin");
    admin.set_is_superuser(true);
    return admin;
  }

  static std::unique_ptr<grpc::ClientContext> As(const common::Principal* principal) {
    return testing::CallAs(principal);
  }

  testing::FakeIdentityStores stores_;
  // Never contacted: no test here signs in, and only sign-in failures reach the throttle.
  common::RedisPool unused_redis_{"127.0.0.1:1", 1, 100ms};
  LoginThrottle throttle_{unused_redis_, LoginThrottleRules{}};
  PasswordHasher hasher_{PasswordHasher::MinimalForTests()};
  testing::FakeHoldingsElsewhere holdings_elsewhere_;
  IdentityService service_{{stores_.users, stores_.customers, stores_.projects,
                            stores_.user_configs, stores_.sessions, throttle_, hasher_, 5000ms,
                            holdings_elsewhere_}};
  common::GrpcServer server_{"127.0.0.1:0", {&service_}, 1000ms};
  std::unique_ptr<v1::Identity::Stub> stub_;
};

TEST_F(IdentityServiceLogicTest, StaleCustomerUpdateAnswersTheConflictBody) {
  const v1::Customer customer = stores_.customers.Create(1s, "Contoso", "", "admin");
  const common::Principal alice = Member("alice", {customer.id()});

  v1::UpdateCustomerRequest update;
  update.set_id(customer.id());
  update.set_version(0);
  update.set_notes("alice's edit");
  v1::Customer updated;
  ASSERT_TRUE(stub_->UpdateCustomer(As(&alice).get(), update, &updated).ok());
  EXPECT_EQ(updated.version(), 1);

  update.set_notes("an edit from an old page");
  const grpc::Status status = stub_->UpdateCustomer(As(&alice).get(), update, &updated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(BodyText(status),
            R"({"error":"Conflict","message":"This customer was modified by alice. Please reload )"
            R"(and try again.","current_version":1,"last_modified_by":"alice",)"
            R"("last_modified_at":"2023-11-14T22:13:20.002000Z"})");
}

TEST_F(IdentityServiceLogicTest, DeletingACustomerThatStillOwnsRecordsIsRefusedNamingThem) {
  const v1::Customer customer = stores_.customers.Create(1s, "ACME", "", "admin");
  const common::Principal admin = Admin();
  stores_.projects.Create(1s, admin, customer.id(), "Refresh", "");
  stores_.projects.Create(1s, admin, customer.id(), "Migration", "");
  holdings_elsewhere_.holdings.fabrics = 2;
  holdings_elsewhere_.holdings.storage_systems = 1;

  v1::DeleteCustomerRequest remove;
  remove.set_id(customer.id());
  remove.set_version(0);
  common::v1::MessageResponse removed;
  const grpc::Status status = stub_->DeleteCustomer(As(&admin).get(), remove, &removed);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(BodyText(status),
            R"({"error":"Conflict","message":"Customer ACME still owns 2 fabrics, 1 storage )"
            R"(system and 2 projects; delete them first.","owned":{"fabrics":2,)"
            R"("storage_systems":1,"projects":2}})");
  EXPECT_EQ(holdings_elsewhere_.asked_customer, customer.id());
  EXPECT_TRUE(stores_.customers.FindVisible(1s, admin, customer.id()).has_value());
}

TEST_F(IdentityServiceLogicTest, DeletingACustomerIsRefusedWhenOthersCannotBeAsked) {
  const v1::Customer customer = stores_.customers.Create(1s, "ACME", "", "admin");
  const common::Principal admin = Admin();
  holdings_elsewhere_.down = true;

  v1::DeleteCustomerRequest remove;
  remove.set_id(customer.id());
  remove.set_version(0);
  common::v1::MessageResponse removed;
  EXPECT_EQ(stub_->DeleteCustomer(As(&admin).get(), remove, &removed).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  EXPECT_TRUE(stores_.customers.FindVisible(1s, admin, customer.id()).has_value());

  holdings_elsewhere_.down = false;
  EXPECT_TRUE(stub_->DeleteCustomer(As(&admin).get(), remove, &removed).ok());
}

TEST_F(IdentityServiceLogicTest, DeletingAProjectThatStillListsRecordsIsRefusedNamingThem) {
  const v1::Customer customer = stores_.customers.Create(1s, "ACME", "", "admin");
  const common::Principal admin = Admin();
  const v1::Project project = stores_.projects.Create(1s, admin, customer.id(), "Refresh", "");
  holdings_elsewhere_.members = {.aliases = 3, .zones = 1};

  v1::DeleteProjectRequest remove;
  remove.set_id(project.id());
  remove.set_version(0);
  common::v1::MessageResponse removed;
  const grpc::Status status = stub_->DeleteProject(As(&admin).get(), remove, &removed);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(BodyText(status),
            R"({"error":"Conflict","message":"Project Refresh still lists 3 aliases and 1 )"
            R"(zone; remove them from it first, or delete with release=true to take them out )"
            R"(of it (they stay in their fabrics).","members":{"aliases":3,"zones":1}})");
  EXPECT_EQ(holdings_elsewhere_.asked_project, project.id());
  EXPECT_EQ(holdings_elsewhere_.asked_customer, customer.id());
  EXPECT_TRUE(stores_.projects.FindVisible(1s, admin, project.id()).has_value());

  // SAN down: nothing is deleted either.
  holdings_elsewhere_.members = {};
  holdings_elsewhere_.down = true;
  EXPECT_EQ(stub_->DeleteProject(As(&admin).get(), remove, &removed).error_code(),
            grpc::StatusCode::UNAVAILABLE);
  EXPECT_TRUE(stores_.projects.FindVisible(1s, admin, project.id()).has_value());

  // A stale version is the usual conflict, before SAN is asked.
  holdings_elsewhere_.down = false;
  holdings_elsewhere_.asked_project = 0;
  remove.set_version(7);
  EXPECT_EQ(stub_->DeleteProject(As(&admin).get(), remove, &removed).error_code(),
            grpc::StatusCode::ABORTED);
  EXPECT_EQ(holdings_elsewhere_.asked_project, 0);

  // Asked to release them, it has SAN take the project out of its records, then deletes it.
  remove.set_version(0);
  remove.set_release(true);
  holdings_elsewhere_.members = {.aliases = 3, .zones = 1};
  EXPECT_TRUE(stub_->DeleteProject(As(&admin).get(), remove, &removed).ok());
  EXPECT_EQ(holdings_elsewhere_.released_project, project.id());
  EXPECT_FALSE(stores_.projects.FindVisible(1s, admin, project.id()).has_value());
}

TEST_F(IdentityServiceLogicTest, UpdateAndDeleteWithoutAVersionArePreconditionRequired) {
  const v1::Customer customer = stores_.customers.Create(1s, "Contoso", "", "admin");
  const common::Principal admin = Admin();
  constexpr char kBody[] =
      R"({"error":"Precondition Required","message":"Send the version you loaded )"
      R"((field version or header If-Match)."})";

  v1::UpdateCustomerRequest update;
  update.set_id(customer.id());
  update.set_notes("no version");
  v1::Customer updated;
  grpc::Status status = stub_->UpdateCustomer(As(&admin).get(), update, &updated);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(BodyText(status), kBody);

  v1::DeleteCustomerRequest remove;
  remove.set_id(customer.id());
  common::v1::MessageResponse removed;
  status = stub_->DeleteCustomer(As(&admin).get(), remove, &removed);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(BodyText(status), kBody);
  EXPECT_EQ(stores_.customers.FindVisible(1s, admin, customer.id())->notes(), "");
}

TEST_F(IdentityServiceLogicTest, ProjectRenameToATakenNameIsADuplicate) {
  const v1::Customer customer = stores_.customers.Create(1s, "Contoso", "", "admin");
  const common::Principal bob = Member("bob", {customer.id()});
  stores_.projects.Create(1s, bob, customer.id(), "Migration", "");
  const v1::Project refresh = stores_.projects.Create(1s, bob, customer.id(), "Refresh", "");

  v1::UpdateProjectRequest rename;
  rename.set_id(refresh.id());
  rename.set_version(0);
  rename.set_name("  Migration ");  // names are trimmed before they are compared
  v1::Project renamed;
  const grpc::Status status = stub_->UpdateProject(As(&bob).get(), rename, &renamed);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(BodyText(status),
            R"({"error":"A project with that name already exists for this customer."})");
  EXPECT_EQ(stores_.projects.FindVisible(1s, bob, refresh.id())->version(), 0);
}

TEST_F(IdentityServiceLogicTest, ListOrderingOutsideTheAllowListIsRefused) {
  const common::Principal admin = Admin();
  v1::ListCustomersRequest list;
  list.set_ordering("notes");
  v1::ListCustomersResponse customers;
  const grpc::Status status = stub_->ListCustomers(As(&admin).get(), list, &customers);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(status.error_message(),
            "ordering must be one of: name, id, last_modified_at (prefix - for descending).");
}

TEST_F(IdentityServiceLogicTest, ResolveProjectsAnswersExistingProjectsInOneCall) {
  const v1::Customer contoso = stores_.customers.Create(1s, "Contoso", "", "admin");
  const v1::Customer fabrikam = stores_.customers.Create(1s, "Fabrikam", "", "admin");
  const common::Principal admin = Admin();
  const v1::Project a = stores_.projects.Create(1s, admin, contoso.id(), "A", "");
  const v1::Project b = stores_.projects.Create(1s, admin, fabrikam.id(), "B", "");
  const common::Principal carol = Member("carol", {contoso.id()});

  v1::ResolveProjectsRequest resolve;
  for (const int64_t id : {b.id(), a.id(), b.id(), int64_t{999999}}) {
    resolve.add_project_ids(id);
  }
  v1::ResolveProjectsResponse resolved;
  // Not filtered by the caller's customers: the calling service checks those.
  ASSERT_TRUE(stub_->ResolveProjects(As(&carol).get(), resolve, &resolved).ok());
  ASSERT_EQ(resolved.projects_size(), 2);
  EXPECT_EQ(resolved.projects(0).id(), a.id());
  EXPECT_EQ(resolved.projects(0).customer_id(), contoso.id());
  EXPECT_EQ(resolved.projects(1).id(), b.id());
  EXPECT_EQ(resolved.projects(1).customer_id(), fabrikam.id());

  EXPECT_EQ(stub_->ResolveProjects(As(nullptr).get(), resolve, &resolved).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

}  // namespace
}  // namespace sanplane::identity
