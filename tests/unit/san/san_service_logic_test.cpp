// The SAN service over a real in-process gRPC server with the in-memory store: who may see and
// change what, the checks before a batch save reaches the store, and the error bodies REST
// clients see, without Postgres.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <memory>
#include <string>
#include <vector>

#include "common/grpc_server.hpp"
#include "san_service.hpp"
#include "san_test_world.hpp"
#include "support/fake_san_store.hpp"

namespace sanplane::san {
namespace {

using namespace std::chrono_literals;
using namespace testing;  // san_test_world.hpp, fake_san_store.hpp

// When bob saved the seeded fabric: 2025-11-28T23:00:00.5Z.
constexpr int64_t kBobSavedAt = 1'764'370'800'500'000;

class SanServiceLogicTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FabricValues fabric;
    fabric.name = "FabA";
    fabric.zoneset_name = "cfg_a";
    fabric_ = store_.AddFabric(kCustomerA, fabric, {3, "bob", kBobSavedAt});
    fabric.name = "FabB";
    fabric_b_ = store_.AddFabric(kCustomerB, fabric, {0, "carol", kBobSavedAt});
    server_ = std::make_unique<common::GrpcServer>("127.0.0.1:0",
                                                   std::vector<grpc::Service*>{&service_}, 100ms);
    server_->Start();
    stub_ = v1::San::NewStub(grpc::CreateChannel("127.0.0.1:" + std::to_string(server_->port()),
                                                 grpc::InsecureChannelCredentials()));
  }
  void TearDown() override { server_->Shutdown(); }

  v1::AliasItem NewAlias(const std::string& name, const std::string& wwpn) const {
    v1::AliasItem item;
    item.set_fabric(fabric_);
    item.set_name(name);
    item.set_wwpn(wwpn);
    return item;
  }

  grpc::Status SaveAliases(const common::Principal& who, std::vector<v1::AliasItem> items,
                           v1::SaveAliasesResponse* response, int64_t project = kProjectA) {
    v1::SaveAliasesRequest request;
    request.set_project_id(project);
    for (auto& item : items) *request.add_aliases() = std::move(item);
    return stub_->SaveAliases(As(who).get(), request, response);
  }

  grpc::Status SaveZones(const common::Principal& who, std::vector<v1::ZoneItem> items,
                         v1::SaveZonesResponse* response) {
    v1::SaveZonesRequest request;
    request.set_project_id(kProjectA);
    for (auto& item : items) *request.add_zones() = std::move(item);
    return stub_->SaveZones(As(who).get(), request, response);
  }

  FakeSanStore store_;
  FakePeers peers_;
  SanService service_{store_, peers_, SanServiceOptions{5s, 3}};
  std::unique_ptr<common::GrpcServer> server_;
  std::unique_ptr<v1::San::Stub> stub_;
  int64_t fabric_ = 0;
  int64_t fabric_b_ = 0;
};

TEST_F(SanServiceLogicTest, AnotherCustomersFabricDoesNotExist) {
  v1::GetFabricRequest get;
  get.set_id(fabric_b_);
  v1::Fabric fabric;
  const Failure failure = FailureOf(stub_->GetFabric(As(kAlice).get(), get, &fabric));
  EXPECT_EQ(failure.code, grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(failure.body.at("error").as_string(), "Fabric not found.");

  v1::DeleteFabricRequest remove;
  remove.set_id(fabric_b_);
  remove.set_version(0);
  common::v1::MessageResponse message;
  EXPECT_EQ(stub_->DeleteFabric(As(kAlice).get(), remove, &message).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(store_.writes(), 0);
}

TEST_F(SanServiceLogicTest, FabricListsShowOnlyTheCallersCustomers) {
  v1::ListFabricsRequest request;
  v1::ListFabricsResponse response;
  ASSERT_TRUE(stub_->ListFabrics(As(kAlice).get(), request, &response).ok());
  ASSERT_EQ(response.results_size(), 1);
  EXPECT_EQ(response.results(0).name(), "FabA");
  EXPECT_EQ(response.count(), 1);

  request.set_customer_id(kCustomerB);
  const Failure failure = FailureOf(stub_->ListFabrics(As(kAlice).get(), request, &response));
  EXPECT_EQ(failure.code, grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(failure.body.at("error").as_string(), "Customer not found.");

  request.clear_customer_id();
  request.set_ordering("colour");
  EXPECT_EQ(stub_->ListFabrics(As(kAlice).get(), request, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(SanServiceLogicTest, CreatingAFabricNeedsAVisibleCustomerAndAFreeName) {
  v1::CreateFabricRequest request;
  request.set_customer(kCustomerB);
  request.set_name("FabNew");
  request.set_zoneset_name("cfg");
  v1::Fabric fabric;
  Failure failure = FailureOf(stub_->CreateFabric(As(kAlice).get(), request, &fabric));
  EXPECT_EQ(failure.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(failure.body.at("errors"),
            boost::json::parse(R"({"customer":"Customer 2 does not exist."})"));

  request.set_customer(kCustomerA);
  request.set_name("FabA");
  failure = FailureOf(stub_->CreateFabric(As(kAlice).get(), request, &fabric));
  EXPECT_EQ(failure.code, grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(failure.body.at("error").as_string(),
            "A fabric named FabA already exists for this customer.");

  request.set_name("FabNew");
  ASSERT_TRUE(stub_->CreateFabric(As(kAlice).get(), request, &fabric).ok());
  EXPECT_EQ(fabric.version(), 0);
  EXPECT_EQ(fabric.last_modified_by(), "alice");
}

TEST_F(SanServiceLogicTest, FabricUpdatesCompareAndSet) {
  v1::UpdateFabricRequest patch;
  patch.set_id(fabric_);
  patch.set_partial(true);
  patch.set_notes("n");
  v1::Fabric updated;
  EXPECT_EQ(stub_->UpdateFabric(As(kAlice).get(), patch, &updated).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);

  patch.set_version(2);
  const Failure stale = FailureOf(stub_->UpdateFabric(As(kAlice).get(), patch, &updated));
  EXPECT_EQ(stale.code, grpc::StatusCode::ABORTED);
  EXPECT_EQ(stale.body.at("message").as_string(),
            "This fabric was modified by bob. Please reload and try again.");

  patch.set_version(3);
  patch.set_customer(kCustomerB);
  const Failure moved = FailureOf(stub_->UpdateFabric(As(kAlice).get(), patch, &updated));
  EXPECT_EQ(moved.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(moved.body.at("errors"),
            boost::json::parse(R"({"customer":"The customer of a fabric cannot be changed."})"));
  EXPECT_EQ(store_.writes(), 0);

  patch.clear_customer();
  ASSERT_TRUE(stub_->UpdateFabric(As(kAlice).get(), patch, &updated).ok());
  EXPECT_EQ(updated.version(), 4);
  EXPECT_EQ(updated.last_modified_by(), "alice");
  // The same values again change nothing: the version and the stamp stay.
  patch.set_version(4);
  v1::Fabric unchanged;
  ASSERT_TRUE(stub_->UpdateFabric(As(kBob).get(), patch, &unchanged).ok());
  EXPECT_EQ(unchanged.version(), 4);
  EXPECT_EQ(unchanged.last_modified_by(), "alice");
  EXPECT_EQ(store_.writes(), 1);
}

TEST_F(SanServiceLogicTest, BatchSavesAreRefusedBeforeTheStoreIsAsked) {
  v1::SaveAliasesResponse response;
  Failure failure = FailureOf(SaveAliases(kAlice, {}, &response));
  EXPECT_EQ(failure.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(failure.body.at("error").as_string(), "Project ID and aliases data are required.");

  const v1::AliasItem item = NewAlias("a1", "50:05:07:68:10:00:00:01");
  failure = FailureOf(SaveAliases(kAlice, {item}, &response, kProjectB));
  EXPECT_EQ(failure.code, grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(failure.body.at("error").as_string(), "Project not found.");

  failure = FailureOf(SaveAliases(kAlice, {item, item, item, item}, &response));
  EXPECT_EQ(failure.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(failure.body.at("error").as_string(), "At most 3 aliases can be saved at once.");
  EXPECT_EQ(store_.writes(), 0);
}

TEST_F(SanServiceLogicTest, ListedProjectsAreCheckedOnceForTheWholeBatch) {
  v1::AliasItem mine = NewAlias("a1", "50:05:07:68:10:00:00:01");
  mine.add_projects(kProjectA2);
  v1::AliasItem foreign = NewAlias("a2", "50:05:07:68:10:00:00:02");
  foreign.add_projects(kProjectB);
  v1::SaveAliasesResponse response;
  const Failure failure = FailureOf(SaveAliases(kAlice, {mine, foreign}, &response));
  EXPECT_EQ(failure.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(
      failure.body.at("details"),
      boost::json::parse(R"([{"alias":"a2","errors":{"projects":"Project 20 does not exist."}}])"))
      << boost::json::serialize(failure.body);
  EXPECT_EQ(peers_.project_lookups.load(), 1);
  EXPECT_EQ(store_.writes(), 0);

  ASSERT_TRUE(SaveAliases(kAlice, {mine}, &response).ok());
  EXPECT_EQ(response.message(), "Aliases saved successfully!");
  EXPECT_EQ(std::vector<int64_t>(response.aliases(0).projects().begin(),
                                 response.aliases(0).projects().end()),
            (std::vector<int64_t>{kProjectA, kProjectA2}));
}

TEST_F(SanServiceLogicTest, HostsAreAskedOnlyWhenAnItemSetsANewOne) {
  v1::AliasItem item = NewAlias("a1", "50:05:07:68:10:00:00:01");
  item.set_host(kHostA);
  v1::SaveAliasesResponse saved;
  ASSERT_TRUE(SaveAliases(kAlice, {item}, &saved).ok());
  EXPECT_EQ(peers_.host_calls.load(), 1);

  // Storage is down: an update that keeps the host does not need it…
  peers_.storage_down = true;
  v1::AliasItem notes;
  notes.set_id(saved.aliases(0).id());
  notes.set_version(0);
  notes.set_host(kHostA);
  notes.set_notes("rack 2");
  v1::SaveAliasesResponse updated;
  ASSERT_TRUE(SaveAliases(kBob, {notes}, &updated).ok());
  EXPECT_EQ(updated.aliases(0).version(), 1);
  EXPECT_EQ(peers_.host_calls.load(), 1);

  // …one that sets another host does, and nothing is written.
  notes.set_version(1);
  notes.set_host(kHostB);
  const int writes = store_.writes();
  EXPECT_EQ(SaveAliases(kBob, {notes}, &updated).error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(store_.writes(), writes);
}

TEST_F(SanServiceLogicTest, StaleAndDeletedItemsAreConflicts) {
  v1::SaveAliasesResponse saved;
  ASSERT_TRUE(SaveAliases(kAlice, {NewAlias("a1", "50:05:07:68:10:00:00:01")}, &saved).ok());
  v1::AliasItem stale;
  stale.set_id(saved.aliases(0).id());
  stale.set_version(7);
  stale.set_notes("x");
  v1::AliasItem gone;
  gone.set_id(999);
  gone.set_version(0);
  v1::SaveAliasesResponse response;
  const Failure failure = FailureOf(SaveAliases(kBob, {stale, gone}, &response));
  EXPECT_EQ(failure.code, grpc::StatusCode::ABORTED);
  EXPECT_EQ(failure.body.at("details").as_array().size(), 2u)
      << boost::json::serialize(failure.body);
}

TEST_F(SanServiceLogicTest, ZoneMembersMustBeTheCustomersAliasesOfTheFabric) {
  v1::SaveAliasesResponse aliases;
  ASSERT_TRUE(SaveAliases(kAlice, {NewAlias("a1", "50:05:07:68:10:00:00:01")}, &aliases).ok());
  v1::ZoneItem zone;
  zone.set_fabric(fabric_);
  zone.set_name("z1");
  zone.add_members()->set_alias(aliases.aliases(0).id());
  zone.add_members()->set_alias(999);
  v1::SaveZonesResponse response;
  const Failure failure = FailureOf(SaveZones(kAlice, {zone}, &response));
  EXPECT_EQ(failure.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(
      failure.body.at("details"),
      boost::json::parse(R"([{"zone":"z1","errors":{"members":"Alias 999 does not exist."}}])"))
      << boost::json::serialize(failure.body);

  zone.mutable_members()->RemoveLast();
  ASSERT_TRUE(SaveZones(kAlice, {zone}, &response).ok());
  EXPECT_EQ(response.message(), "Zones saved successfully!");
  ASSERT_EQ(response.zones(0).members_size(), 1);

  // Deleting the alias moves the zone on.
  v1::DeleteAliasRequest remove;
  remove.set_id(aliases.aliases(0).id());
  remove.set_version(0);
  common::v1::MessageResponse message;
  ASSERT_TRUE(stub_->DeleteAlias(As(kBob).get(), remove, &message).ok());
  EXPECT_EQ(message.message(), "Alias deleted successfully.");
  v1::ListZonesRequest list;
  list.set_project_id(kProjectA);
  v1::ListZonesResponse zones;
  ASSERT_TRUE(stub_->ListZones(As(kAlice).get(), list, &zones).ok());
  ASSERT_EQ(zones.results_size(), 1);
  EXPECT_EQ(zones.results(0).version(), 1);
  EXPECT_EQ(zones.results(0).last_modified_by(), "bob");
  EXPECT_EQ(zones.results(0).members_size(), 0);
}

TEST_F(SanServiceLogicTest, DeletesNeedTheVersionTheCallerRead) {
  v1::ZoneItem zone;
  zone.set_fabric(fabric_);
  zone.set_name("z1");
  v1::SaveZonesResponse saved;
  ASSERT_TRUE(SaveZones(kAlice, {zone}, &saved).ok());

  v1::DeleteZoneRequest remove;
  remove.set_id(saved.zones(0).id());
  common::v1::MessageResponse message;
  EXPECT_EQ(stub_->DeleteZone(As(kAlice).get(), remove, &message).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  remove.set_version(1);
  const Failure stale = FailureOf(stub_->DeleteZone(As(kAlice).get(), remove, &message));
  EXPECT_EQ(stale.code, grpc::StatusCode::ABORTED);
  EXPECT_EQ(stale.body.at("message").as_string(),
            "This zone was modified by alice. Please reload and try again.");
  EXPECT_EQ(stub_->DeleteZone(As(kCarol).get(), remove, &message).error_code(),
            grpc::StatusCode::NOT_FOUND);
  remove.set_version(0);
  ASSERT_TRUE(stub_->DeleteZone(As(kAlice).get(), remove, &message).ok());
  EXPECT_EQ(message.message(), "Zone deleted successfully.");
}

TEST_F(SanServiceLogicTest, OtherServicesLearnWhatSanStillHolds) {
  v1::SanCustomerUsageRequest usage;
  usage.set_customer_id(kCustomerB);
  v1::SanCustomerUsage counted;
  EXPECT_EQ(stub_->CustomerUsage(As(kAlice).get(), usage, &counted).error_code(),
            grpc::StatusCode::NOT_FOUND);
  usage.set_customer_id(kCustomerA);
  ASSERT_TRUE(stub_->CustomerUsage(As(kAlice).get(), usage, &counted).ok());
  EXPECT_EQ(counted.fabrics(), 1);

  std::vector<v1::AliasItem> items;
  for (const char* name : {"c", "a", "b"}) {
    items.push_back(NewAlias(name, std::string("50:05:07:68:10:00:00:0") + name));
    items.back().set_host(kHostA);
  }
  v1::SaveAliasesResponse saved;
  ASSERT_TRUE(SaveAliases(kAlice, items, &saved).ok());
  v1::StorageReferencesRequest request;
  request.set_storage_id(1);
  request.add_host_ids(kHostA);
  v1::StorageReferencesResponse references;
  ASSERT_TRUE(stub_->StorageReferences(As(kAlice).get(), request, &references).ok());
  EXPECT_EQ(references.aliases(), 3);
  EXPECT_EQ(
      std::vector<std::string>(references.alias_names().begin(), references.alias_names().end()),
      (std::vector<std::string>{"a", "b", "c"}));
}

}  // namespace
}  // namespace sanplane::san
