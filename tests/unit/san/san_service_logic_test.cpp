// The SAN service over a real in-process gRPC server with the in-memory store: who may see and
// change what, the checks before a batch save reaches the store, and the error bodies REST
// clients see, without Postgres.
#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <functional>
#include <memory>
#include <optional>
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

/// Whether `status` is what a REST client reads as a refusal with `code` whose body has `expected`
/// under `key`.
::testing::AssertionResult Refused(const grpc::Status& status, grpc::StatusCode code,
                                   const char* key, const boost::json::value& expected) {
  const Failure failure = FailureOf(status);
  const boost::json::value* found =
      failure.body.is_object() ? failure.body.as_object().if_contains(key) : nullptr;
  if (failure.code == code && found != nullptr && *found == expected) {
    return ::testing::AssertionSuccess();
  }
  return ::testing::AssertionFailure()
         << "code " << failure.code << ", body " << boost::json::serialize(failure.body);
}

class SanServiceLogicTest : public ::testing::Test {
 protected:
  void SetUp() override {
    FabricValues fabric;
    fabric.name = "FabA";
    fabric.zoneset_name = "cfg_a";
    fabric_ = store_.AddFabric(kCustomerA, fabric, {3, "bob", kBobSavedAt});
    fabric.name = "FabB";
    fabric_b_ = store_.AddFabric(kCustomerB, fabric, {0, "carol", kBobSavedAt});
  }

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
    return stub_.SaveAliases(As(who).get(), request, response);
  }

  grpc::Status SaveZones(const common::Principal& who, std::vector<v1::ZoneItem> items,
                         v1::SaveZonesResponse* response) {
    v1::SaveZonesRequest request;
    request.set_project_id(kProjectA);
    for (auto& item : items) *request.add_zones() = std::move(item);
    return stub_.SaveZones(As(who).get(), request, response);
  }

  FakeSanStore store_;
  FakePeers peers_;
  SanService service_{store_, peers_, SanServiceOptions{5s, 3}};
  ServedSan served_{service_, 100ms};
  v1::San::Stub& stub_ = served_.stub();
  int64_t fabric_ = 0;
  int64_t fabric_b_ = 0;
};

TEST_F(SanServiceLogicTest, AnotherCustomersFabricDoesNotExist) {
  v1::GetFabricRequest get;
  get.set_id(fabric_b_);
  v1::Fabric fabric;
  EXPECT_TRUE(Refused(stub_.GetFabric(As(kAlice).get(), get, &fabric), grpc::StatusCode::NOT_FOUND,
                      "error", "Fabric not found."));

  v1::DeleteFabricRequest remove;
  remove.set_id(fabric_b_);
  remove.set_version(0);
  common::v1::MessageResponse message;
  EXPECT_EQ(stub_.DeleteFabric(As(kAlice).get(), remove, &message).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(store_.writes(), 0);
}

TEST_F(SanServiceLogicTest, FabricListsShowOnlyTheCallersCustomers) {
  v1::ListFabricsRequest request;
  v1::ListFabricsResponse response;
  ASSERT_TRUE(stub_.ListFabrics(As(kAlice).get(), request, &response).ok());
  ASSERT_EQ(response.results_size(), 1);
  EXPECT_EQ(response.results(0).name(), "FabA");
  EXPECT_EQ(response.count(), 1);

  request.set_customer_id(kCustomerB);
  EXPECT_TRUE(Refused(stub_.ListFabrics(As(kAlice).get(), request, &response),
                      grpc::StatusCode::NOT_FOUND, "error", "Customer not found."));

  request.clear_customer_id();
  request.set_ordering("colour");
  EXPECT_EQ(stub_.ListFabrics(As(kAlice).get(), request, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(SanServiceLogicTest, CreatingAFabricNeedsAVisibleCustomerAndAFreeName) {
  v1::CreateFabricRequest request;
  request.set_customer(kCustomerB);
  request.set_name("FabNew");
  request.set_zoneset_name("cfg");
  v1::Fabric fabric;
  EXPECT_TRUE(Refused(stub_.CreateFabric(As(kAlice).get(), request, &fabric),
                      grpc::StatusCode::INVALID_ARGUMENT, "errors",
                      boost::json::parse(R"({"customer":"Customer 2 does not exist."})")));

  request.set_customer(kCustomerA);
  request.set_name("FabA");
  EXPECT_TRUE(Refused(stub_.CreateFabric(As(kAlice).get(), request, &fabric),
                      grpc::StatusCode::ALREADY_EXISTS, "error",
                      "A fabric named FabA already exists for this customer."));

  request.set_name("FabNew");
  ASSERT_TRUE(stub_.CreateFabric(As(kAlice).get(), request, &fabric).ok());
  EXPECT_EQ(fabric.version(), 0);
  EXPECT_EQ(fabric.last_modified_by(), "alice");
}

TEST_F(SanServiceLogicTest, AFabricKeepsItsCustomerAndAnUnchangedOneItsStamp) {
  v1::UpdateFabricRequest patch;
  patch.set_id(fabric_);
  patch.set_partial(true);
  patch.set_version(3);
  patch.set_customer(kCustomerB);
  v1::Fabric updated;
  EXPECT_TRUE(
      Refused(stub_.UpdateFabric(As(kAlice).get(), patch, &updated),
              grpc::StatusCode::INVALID_ARGUMENT, "errors",
              boost::json::parse(R"({"customer":"The customer of a fabric cannot be changed."})")));

  patch.clear_customer();
  patch.set_notes("n");
  ASSERT_TRUE(stub_.UpdateFabric(As(kAlice).get(), patch, &updated).ok());
  EXPECT_EQ(updated.version(), 4);
  // The same values again change nothing: the fabric comes back as stored, stamp and all.
  patch.set_version(4);
  v1::Fabric again;
  ASSERT_TRUE(stub_.UpdateFabric(As(kBob).get(), patch, &again).ok());
  EXPECT_EQ(again.SerializeAsString(), updated.SerializeAsString());
  EXPECT_EQ(store_.writes(), 1);
}

TEST_F(SanServiceLogicTest, BatchSavesAreRefusedBeforeTheStoreIsAsked) {
  v1::SaveAliasesResponse response;
  EXPECT_TRUE(Refused(SaveAliases(kAlice, {}, &response), grpc::StatusCode::INVALID_ARGUMENT,
                      "error", "Project ID and aliases data are required."));

  const v1::AliasItem item = NewAlias("a1", "50:05:07:68:10:00:00:01");
  EXPECT_TRUE(Refused(SaveAliases(kAlice, {item}, &response, kProjectB),
                      grpc::StatusCode::NOT_FOUND, "error", "Project not found."));

  EXPECT_TRUE(Refused(SaveAliases(kAlice, {item, item, item, item}, &response),
                      grpc::StatusCode::INVALID_ARGUMENT, "error",
                      "At most 3 aliases can be saved at once."));
  EXPECT_EQ(store_.writes(), 0);
}

TEST_F(SanServiceLogicTest, ListedProjectsAreCheckedOnceForTheWholeBatch) {
  v1::AliasItem mine = NewAlias("a1", "50:05:07:68:10:00:00:01");
  mine.add_projects(kProjectA2);
  v1::AliasItem foreign = NewAlias("a2", "50:05:07:68:10:00:00:02");
  foreign.add_projects(kProjectB);
  v1::SaveAliasesResponse response;
  EXPECT_TRUE(
      Refused(SaveAliases(kAlice, {mine, foreign}, &response), grpc::StatusCode::INVALID_ARGUMENT,
              "details",
              boost::json::parse(
                  R"([{"alias":"a2","errors":{"projects":"Project 20 does not exist."}}])")));
  EXPECT_EQ(peers_.project_lookups.load(), 1);
  EXPECT_EQ(store_.writes(), 0);

  ASSERT_TRUE(SaveAliases(kAlice, {mine}, &response).ok());
  EXPECT_EQ(response.message(), "Aliases saved successfully!");
  EXPECT_EQ(std::vector<int64_t>(response.aliases(0).projects().begin(),
                                 response.aliases(0).projects().end()),
            (std::vector<int64_t>{kProjectA, kProjectA2}));
}

TEST_F(SanServiceLogicTest, StorageIsAskedOnlyAboutHostsAnItemSetsAnew) {
  v1::AliasItem item = NewAlias("a1", "50:05:07:68:10:00:00:01");
  item.set_host(kHostA);
  v1::SaveAliasesResponse saved;
  ASSERT_TRUE(SaveAliases(kAlice, {item}, &saved).ok());
  peers_.storage_down = true;
  // Saving the alias again as it is, host included, needs no answer from storage…
  item.set_id(saved.aliases(0).id());
  item.set_version(0);
  EXPECT_TRUE(SaveAliases(kBob, {item}, &saved).ok());
  EXPECT_EQ(saved.aliases(0).last_modified_by(), "alice");
  // …another host does, and without it nothing is written.
  item.set_host(kHostB);
  EXPECT_EQ(SaveAliases(kBob, {item}, &saved).error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_EQ(peers_.host_calls.load(), 2);
  EXPECT_EQ(store_.writes(), 1);
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
  EXPECT_TRUE(Refused(
      SaveZones(kAlice, {zone}, &response), grpc::StatusCode::INVALID_ARGUMENT, "details",
      boost::json::parse(R"([{"zone":"z1","errors":{"members":"Alias 999 does not exist."}}])")));

  zone.mutable_members()->RemoveLast();
  ASSERT_TRUE(SaveZones(kAlice, {zone}, &response).ok());
  EXPECT_EQ(response.message(), "Zones saved successfully!");
  ASSERT_EQ(response.zones(0).members_size(), 1);

  // Deleting the alias moves the zone on.
  v1::DeleteAliasRequest remove;
  remove.set_id(aliases.aliases(0).id());
  remove.set_version(0);
  common::v1::MessageResponse message;
  ASSERT_TRUE(stub_.DeleteAlias(As(kBob).get(), remove, &message).ok());
  EXPECT_EQ(message.message(), "Alias deleted successfully.");
  v1::ListZonesRequest list;
  list.set_project_id(kProjectA);
  v1::ListZonesResponse zones;
  ASSERT_TRUE(stub_.ListZones(As(kAlice).get(), list, &zones).ok());
  ASSERT_EQ(zones.results_size(), 1);
  EXPECT_EQ(zones.results(0).version(), 1);
  EXPECT_EQ(zones.results(0).last_modified_by(), "bob");
  EXPECT_EQ(zones.results(0).members_size(), 0);
}

TEST_F(SanServiceLogicTest, EveryUpdateAndDeleteNeedsTheVersionTheCallerRead) {
  v1::SaveAliasesResponse alias;
  ASSERT_TRUE(SaveAliases(kAlice, {NewAlias("a1", "50:05:07:68:10:00:00:01")}, &alias).ok());
  v1::ZoneItem item;
  item.set_fabric(fabric_);
  item.set_name("z1");
  v1::SaveZonesResponse zone;
  ASSERT_TRUE(SaveZones(kAlice, {item}, &zone).ok());

  // A write as alice: its record, who saved that last, at which version, and the call at a
  // version (none for nullopt).
  struct Write {
    std::string entity;
    std::string saved_by;
    int64_t version = 0;
    std::function<grpc::Status(std::optional<int64_t>)> call;
  };
  common::v1::MessageResponse message;
  const std::vector<Write> writes{{"fabric", "bob", 3,
                                   [&](std::optional<int64_t> version) {
                                     v1::UpdateFabricRequest request;
                                     request.set_id(fabric_);
                                     request.set_partial(true);
                                     if (version) request.set_version(*version);
                                     v1::Fabric fabric;
                                     return stub_.UpdateFabric(As(kAlice).get(), request, &fabric);
                                   }},
                                  {"fabric", "bob", 3,
                                   [&](std::optional<int64_t> version) {
                                     v1::DeleteFabricRequest request;
                                     request.set_id(fabric_);
                                     if (version) request.set_version(*version);
                                     return stub_.DeleteFabric(As(kAlice).get(), request, &message);
                                   }},
                                  {"alias", "alice", 0,
                                   [&](std::optional<int64_t> version) {
                                     v1::DeleteAliasRequest request;
                                     request.set_id(alias.aliases(0).id());
                                     if (version) request.set_version(*version);
                                     return stub_.DeleteAlias(As(kAlice).get(), request, &message);
                                   }},
                                  {"zone", "alice", 0, [&](std::optional<int64_t> version) {
                                     v1::DeleteZoneRequest request;
                                     request.set_id(zone.zones(0).id());
                                     if (version) request.set_version(*version);
                                     return stub_.DeleteZone(As(kAlice).get(), request, &message);
                                   }}};
  for (const Write& write : writes) {
    EXPECT_EQ(write.call(std::nullopt).error_code(), grpc::StatusCode::FAILED_PRECONDITION)
        << write.entity;
    EXPECT_TRUE(Refused(write.call(write.version + 1), grpc::StatusCode::ABORTED, "message",
                        ("This " + write.entity + " was modified by " + write.saved_by +
                         ". Please reload and try again.")
                            .c_str()))
        << write.entity;
  }
  EXPECT_EQ(store_.writes(), 2);  // the alias and the zone

  // Another customer's zone does not exist for carol, whatever the version.
  v1::DeleteZoneRequest remove;
  remove.set_id(zone.zones(0).id());
  remove.set_version(0);
  EXPECT_TRUE(Refused(stub_.DeleteZone(As(kCarol).get(), remove, &message),
                      grpc::StatusCode::NOT_FOUND, "error", "Zone not found"));
  ASSERT_TRUE(stub_.DeleteZone(As(kAlice).get(), remove, &message).ok());
  EXPECT_EQ(message.message(), "Zone deleted successfully.");
}

TEST_F(SanServiceLogicTest, OtherServicesLearnWhatSanStillHolds) {
  v1::SanCustomerUsageRequest usage;
  usage.set_customer_id(kCustomerB);
  v1::SanCustomerUsage counted;
  EXPECT_EQ(stub_.CustomerUsage(As(kAlice).get(), usage, &counted).error_code(),
            grpc::StatusCode::NOT_FOUND);
  usage.set_customer_id(kCustomerA);
  ASSERT_TRUE(stub_.CustomerUsage(As(kAlice).get(), usage, &counted).ok());
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
  ASSERT_TRUE(stub_.StorageReferences(As(kAlice).get(), request, &references).ok());
  EXPECT_EQ(references.aliases(), 3);
  EXPECT_EQ(
      std::vector<std::string>(references.alias_names().begin(), references.alias_names().end()),
      (std::vector<std::string>{"a", "b", "c"}));

  // The three aliases were saved in project A only.
  v1::SanProjectUsageRequest project_usage;
  project_usage.set_project_id(kProjectA);
  project_usage.set_customer_id(kCustomerA);
  v1::SanProjectUsage listed;
  EXPECT_EQ(stub_.ProjectUsage(As(kCarol).get(), project_usage, &listed).error_code(),
            grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(stub_.ProjectUsage(As(kAlice).get(), project_usage, &listed).ok());
  EXPECT_EQ(listed.aliases(), 3);
  EXPECT_EQ(listed.zones(), 0);
  project_usage.set_project_id(kProjectA2);
  ASSERT_TRUE(stub_.ProjectUsage(As(kAlice).get(), project_usage, &listed).ok());
  EXPECT_EQ(listed.aliases(), 0);
}

}  // namespace
}  // namespace sanplane::san
