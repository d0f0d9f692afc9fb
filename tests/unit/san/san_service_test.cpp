// The SAN service in-process over gRPC against real Postgres, with the identity and storage
// services replaced by a fake. Each test process works in a database of its own. Skipped unless
// SANPLANE_TEST_PG_DSN (key=value form) is set.

#include "san_service.hpp"

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cctype>
#include <chrono>
#include <cstdlib>
#include <map>
#include <memory>
#include <mutex>
#include <pqxx/pqxx>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "common/errors.hpp"
#include "common/grpc_server.hpp"
#include "common/history_pruner.hpp"
#include "common/log.hpp"
#include "common/migrations.hpp"
#include "common/pg_pool.hpp"
#include "common/principal.hpp"
#include "common/request_scope.hpp"
#include "common/time.hpp"
#include "http_errors.hpp"
#include "pg_statements.hpp"
#include "pg_store.hpp"
#include "queries.hpp"
#include "san_test_world.hpp"
#include "store_env.hpp"
#include "test_database.hpp"

namespace sanplane {
std::vector<common::Migration> SanMigrations();
std::vector<common::NamedQuery> SanQueries();
}  // namespace sanplane

namespace sanplane::san {
namespace {

using namespace std::chrono_literals;

using common::testing::EnvOrNull;
using namespace testing;  // san_test_world.hpp

struct Fixture {
  std::string database;
  std::unique_ptr<common::PgPool> postgres;
  std::unique_ptr<PgStore> store;
  FakePeers peers;
  std::unique_ptr<SanService> service;
  std::unique_ptr<ServedSan> served;
};

class SanServiceTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    const char* base_dsn = EnvOrNull("SANPLANE_TEST_PG_DSN");
    if (base_dsn == nullptr) return;
    common::log::Init("san", "warn");
    fixture_ = new Fixture();
    Fixture& f = *fixture_;
    f.database = "san_test_" + std::to_string(::getpid());
    common::testing::RecreateDatabase(base_dsn, f.database);
    f.postgres = std::make_unique<common::PgPool>(
        common::testing::DatabaseDsn(base_dsn, f.database), 8, 5000ms, SanQueries());
    common::ApplyMigrations(*f.postgres, "san", SanMigrations());
    f.store = std::make_unique<PgStore>(*f.postgres);
    f.service = std::make_unique<SanService>(*f.store, f.peers, SanServiceOptions{});
    f.served = std::make_unique<ServedSan>(*f.service, 1000ms);

    v1::CreateFabricRequest fabric;
    fabric.set_customer(kCustomerA);
    fabric.set_name("FabA");
    fabric.set_zoneset_name("cfg_a");
    ASSERT_TRUE(Stub().CreateFabric(As(kAlice).get(), fabric, &fabric_a_).ok());
    fabric.set_name("FabB");
    ASSERT_TRUE(Stub().CreateFabric(As(kAlice).get(), fabric, &fabric_b_).ok());
  }

  static void TearDownTestSuite() {
    if (fixture_ == nullptr) return;
    fixture_->served.reset();
    common::testing::DeleteFixtureAndDatabase(fixture_);
  }

  void SetUp() override {
    if (fixture_ == nullptr) {
      SANPLANE_REQUIRE_STORE(std::string(), "SANPLANE_TEST_PG_DSN");
    }
    fixture_->peers.storage_down = false;
  }

  static v1::San::Stub& Stub() { return fixture_->served->stub(); }

  /// A connection string for the test's database.
  static std::string Dsn() {
    return common::testing::DatabaseDsn(EnvOrNull("SANPLANE_TEST_PG_DSN"), fixture_->database);
  }

  static std::string NextName(const std::string& prefix) {
    static std::atomic<int> sequence{0};
    return prefix + "_" + std::to_string(++sequence);
  }

  static std::string NextWwpn() {
    static std::atomic<int> sequence{0};
    char text[32];
    std::snprintf(text, sizeof text, "50:05:07:68:10:%02x:%02x:%02x", 0, 0, ++sequence);
    return text;
  }

  // The save request of `project` with `items` in its list `items_of` (zones or aliases).
  template <class Request, class Item>
  static Request BatchOf(int64_t project, std::vector<Item> items,
                         google::protobuf::RepeatedPtrField<Item>* (Request::*items_of)()) {
    Request request;
    request.set_project_id(project);
    for (auto& item : items) *(request.*items_of)()->Add() = std::move(item);
    return request;
  }

  static grpc::Status SaveZones(const common::Principal& who, std::vector<v1::ZoneItem> items,
                                v1::SaveZonesResponse* response, int64_t project = kProjectA) {
    return Stub().SaveZones(
        As(who).get(), BatchOf(project, std::move(items), &v1::SaveZonesRequest::mutable_zones),
        response);
  }

  static grpc::Status SaveAliases(const common::Principal& who, std::vector<v1::AliasItem> items,
                                  v1::SaveAliasesResponse* response, int64_t project = kProjectA) {
    return Stub().SaveAliases(
        As(who).get(), BatchOf(project, std::move(items), &v1::SaveAliasesRequest::mutable_aliases),
        response);
  }

  static std::vector<v1::Alias> NewAliases(int count, int64_t fabric = 0) {
    std::vector<v1::AliasItem> items;
    for (int i = 0; i < count; ++i) {
      v1::AliasItem item;
      item.set_fabric(fabric == 0 ? fabric_a_.id() : fabric);
      item.set_name(NextName("alias"));
      item.set_wwpn(NextWwpn());
      items.push_back(item);
    }
    v1::SaveAliasesResponse response;
    const grpc::Status status = SaveAliases(kAlice, items, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return {response.aliases().begin(), response.aliases().end()};
  }

  static v1::Zone NewZone(std::vector<int64_t> members = {}) {
    v1::ZoneItem item;
    item.set_fabric(fabric_a_.id());
    item.set_name(NextName("zone"));
    for (int64_t alias : members) item.add_members()->set_alias(alias);
    v1::SaveZonesResponse response;
    const grpc::Status status = SaveZones(kAlice, {item}, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.zones(0);
  }

  static v1::Zone ReadZone(int64_t id) {
    v1::ListZonesRequest request;
    request.set_project_id(kProjectA);
    request.set_page_size(500);
    v1::ListZonesResponse response;
    EXPECT_TRUE(Stub().ListZones(As(kAlice).get(), request, &response).ok());
    for (const v1::Zone& zone : response.results()) {
      if (zone.id() == id) return zone;
    }
    ADD_FAILURE() << "zone " << id << " not listed";
    return {};
  }

  static v1::ZoneItem Update(const v1::Zone& zone) {
    v1::ZoneItem item;
    item.set_id(zone.id());
    item.set_version(zone.version());
    return item;
  }

  static std::vector<int64_t> MemberIds(const v1::Zone& zone) {
    std::vector<int64_t> ids;
    for (const auto& member : zone.members()) ids.push_back(member.alias());
    std::sort(ids.begin(), ids.end());
    return ids;
  }

  static Fixture* fixture_;
  static v1::Fabric fabric_a_;
  static v1::Fabric fabric_b_;
};

Fixture* SanServiceTest::fixture_ = nullptr;
v1::Fabric SanServiceTest::fabric_a_;
v1::Fabric SanServiceTest::fabric_b_;

bool Same(const google::protobuf::Message& a, const google::protobuf::Message& b) {
  return a.SerializeAsString() == b.SerializeAsString();
}

TEST_F(SanServiceTest, TwoUsersOneZoneTheSecondSaveIsTheSeedsConflict) {
  const auto aliases = NewAliases(3);
  const v1::Zone zone = NewZone({aliases[0].id(), aliases[1].id()});
  EXPECT_EQ(zone.version(), 0);
  EXPECT_EQ(zone.last_modified_by(), "alice");

  v1::ZoneItem first = Update(zone);
  first.set_notes("alice");
  v1::SaveZonesResponse saved;
  ASSERT_TRUE(SaveZones(kAlice, {first}, &saved).ok());
  EXPECT_EQ(saved.message(), "Zones saved successfully!");
  const v1::Zone after_alice = saved.zones(0);
  EXPECT_EQ(after_alice.version(), 1);

  v1::ZoneItem second = Update(zone);  // bob still holds version 0
  second.set_name(zone.name());
  second.set_notes("bob");
  second.add_members()->set_alias(aliases[2].id());
  v1::SaveZonesResponse ignored;
  const Failure failure = FailureOf(SaveZones(kBob, {second}, &ignored));
  EXPECT_EQ(failure.code, grpc::StatusCode::ABORTED);
  const int64_t at = common::MicrosFromTimestamp(after_alice.last_modified_at());
  const boost::json::value expected = {
      {"error", "Some zones could not be saved."},
      {"details",
       boost::json::array{boost::json::object{
           {"zone", zone.name()},
           {"errors",
            {{"version", "Conflict: This zone was modified by alice at " +
                             common::FormatHumanUtc(at) + ". Please refresh and try again."},
             {"current_version", 1},
             {"last_modified_by", "alice"},
             {"last_modified_at", common::FormatRfc3339(at)}}}}}}};
  EXPECT_EQ(failure.body, expected) << boost::json::serialize(failure.body);
  EXPECT_TRUE(Same(ReadZone(zone.id()), after_alice));
}

TEST_F(SanServiceTest, UpdateWithoutVersionIsRefusedPerItem) {
  const v1::Zone zone = NewZone();
  v1::ZoneItem item;
  item.set_id(zone.id());
  item.set_notes("no version");
  v1::ZoneItem create;
  create.set_fabric(fabric_a_.id());
  create.set_name(NextName("never"));
  v1::SaveZonesResponse response;
  const Failure failure = FailureOf(SaveZones(kBob, {create, item}, &response));
  EXPECT_EQ(failure.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(failure.body, boost::json::parse(R"({"error":"Some zones could not be saved.",
      "details":[{"zone":")" + zone.name() + R"(",
      "errors":{"version":"The current version is required to update a zone."}}]})"))
      << boost::json::serialize(failure.body);
  EXPECT_TRUE(Same(ReadZone(zone.id()), zone));
}

TEST_F(SanServiceTest, ABatchWithOneStaleItemWritesNothing) {
  const v1::Zone z1 = NewZone(), z2 = NewZone(), z3 = NewZone();
  v1::ZoneItem bump = Update(z2);
  bump.set_notes("moved on");
  v1::SaveZonesResponse moved;
  ASSERT_TRUE(SaveZones(kBob, {bump}, &moved).ok());

  std::vector<v1::ZoneItem> items;
  for (const v1::Zone* zone : {&z1, &z2, &z3}) {
    v1::ZoneItem item = Update(*zone);
    item.set_notes("batch");
    items.push_back(item);
  }
  v1::SaveZonesResponse response;
  const Failure failure = FailureOf(SaveZones(kAlice, items, &response));
  EXPECT_EQ(failure.code, grpc::StatusCode::ABORTED);
  const auto& details = failure.body.at("details").as_array();
  ASSERT_EQ(details.size(), 1u);
  EXPECT_EQ(details[0].at("zone").as_string(), z2.name());
  EXPECT_TRUE(Same(ReadZone(z1.id()), z1));
  EXPECT_TRUE(Same(ReadZone(z2.id()), moved.zones(0)));
  EXPECT_TRUE(Same(ReadZone(z3.id()), z3));
}

TEST_F(SanServiceTest, NoOpKeepsTheStampAndMembersOnlyChangesBumpIt) {
  const auto aliases = NewAliases(3);
  const v1::Zone zone = NewZone({aliases[0].id(), aliases[1].id()});
  v1::ZoneItem same = Update(zone);
  same.set_name(zone.name());
  same.set_zone_type("standard");
  same.add_members()->set_alias(aliases[1].id());
  same.add_members()->set_alias(aliases[0].id());
  v1::SaveZonesResponse unchanged;
  ASSERT_TRUE(SaveZones(kBob, {same}, &unchanged).ok());
  EXPECT_TRUE(Same(unchanged.zones(0), zone));

  v1::ZoneItem swap = Update(zone);
  swap.add_members()->set_alias(aliases[0].id());
  swap.add_members()->set_alias(aliases[2].id());
  v1::SaveZonesResponse changed;
  ASSERT_TRUE(SaveZones(kBob, {swap}, &changed).ok());
  EXPECT_EQ(changed.zones(0).version(), 1);
  EXPECT_EQ(changed.zones(0).last_modified_by(), "bob");
  EXPECT_EQ(MemberIds(changed.zones(0)), (std::vector<int64_t>{aliases[0].id(), aliases[2].id()}));

  v1::ZoneItem clear = Update(changed.zones(0));
  clear.add_json_fields("members");
  v1::SaveZonesResponse cleared;
  ASSERT_TRUE(SaveZones(kAlice, {clear}, &cleared).ok());
  EXPECT_EQ(cleared.zones(0).version(), 2);
  EXPECT_EQ(cleared.zones(0).members_size(), 0);
}

TEST_F(SanServiceTest, MembersMustBeAliasesOfTheZonesFabric) {
  const auto mine = NewAliases(1);
  const auto foreign = NewAliases(1, fabric_b_.id());
  v1::ZoneItem item;
  item.set_fabric(fabric_a_.id());
  item.set_name("z_cross");
  item.add_members()->set_alias(mine[0].id());
  item.add_members()->set_alias(foreign[0].id());
  v1::ZoneItem unknown;
  unknown.set_fabric(99999);
  unknown.set_name("z_unknown");
  v1::SaveZonesResponse response;
  const Failure failure = FailureOf(SaveZones(kAlice, {item, unknown}, &response));
  EXPECT_EQ(failure.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(failure.body.at("details"),
            boost::json::parse(R"([{"zone":"z_cross","errors":{"members":"Alias )" +
                               foreign[0].name() + R"( belongs to another fabric."}},
                {"zone":"z_unknown","errors":{"fabric":"Fabric 99999 does not exist."}}])"))
      << boost::json::serialize(failure.body);
}

TEST_F(SanServiceTest, AliasUniquenessAndWwpnRules) {
  const auto existing = NewAliases(1);
  v1::AliasItem clash;
  clash.set_fabric(fabric_a_.id());
  clash.set_name(NextName("fresh"));
  std::string spelling;  // existing[0]'s WWPN in another spelling
  for (char c : existing[0].wwpn()) {
    if (c != ':')
      spelling.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
  }
  clash.set_wwpn(spelling);
  v1::AliasItem bad;
  bad.set_fabric(fabric_a_.id());
  bad.set_name("bad");
  bad.set_wwpn("50:05:07:68:10:00:00");
  v1::SaveAliasesResponse response;
  const Failure failure = FailureOf(SaveAliases(kAlice, {clash, bad}, &response));
  EXPECT_EQ(failure.code, grpc::StatusCode::INVALID_ARGUMENT);
  const auto& details = failure.body.at("details").as_array();
  ASSERT_EQ(details.size(), 2u);
  EXPECT_EQ(details[0].at("errors").at("wwpn").as_string(),
            "WWPN " + existing[0].wwpn() + " is already used by alias " + existing[0].name() +
                " in this fabric.");
  EXPECT_NE(std::string(details[1].at("errors").at("wwpn").as_string()).find("14 hex digits"),
            std::string::npos);
}

TEST_F(SanServiceTest, TwoAliasesMaySwapNamesInOneBatch) {
  const auto aliases = NewAliases(2);
  v1::AliasItem first, second;
  first.set_id(aliases[0].id());
  first.set_version(0);
  first.set_name(aliases[1].name());
  second.set_id(aliases[1].id());
  second.set_version(0);
  second.set_name(aliases[0].name());
  v1::SaveAliasesResponse response;
  const grpc::Status status = SaveAliases(kBob, {first, second}, &response);
  ASSERT_TRUE(status.ok()) << boost::json::serialize(FailureOf(status).body);
  EXPECT_EQ(response.aliases(0).name(), aliases[1].name());
  EXPECT_EQ(response.aliases(0).version(), 1);
}

TEST_F(SanServiceTest, HostsAreCheckedBeforeAnythingIsWritten) {
  v1::AliasItem good;
  good.set_fabric(fabric_a_.id());
  good.set_name(NextName("host_ok"));
  good.set_wwpn(NextWwpn());
  good.set_host(kHostA);
  v1::AliasItem other = good;
  other.set_name(NextName("host_other"));
  other.set_wwpn(NextWwpn());
  other.set_host(kHostB);
  v1::SaveAliasesResponse response;
  const Failure failure = FailureOf(SaveAliases(kAlice, {good, other}, &response));
  EXPECT_EQ(failure.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(
      failure.body.at("details"),
      boost::json::parse(R"([{"alias":")" + other.name() +
                         R"(","errors":{"host":"Host 6 does not exist for this customer."}}])"))
      << boost::json::serialize(failure.body);

  fixture_->peers.storage_down = true;
  const Failure down = FailureOf(SaveAliases(kAlice, {good}, &response));
  EXPECT_EQ(down.code, grpc::StatusCode::UNAVAILABLE);
  fixture_->peers.storage_down = false;

  v1::SaveAliasesResponse saved;
  ASSERT_TRUE(SaveAliases(kAlice, {good}, &saved).ok());
  EXPECT_EQ(saved.aliases(0).host(), kHostA);
  // An update that leaves the host alone does not ask the storage service.
  fixture_->peers.storage_down = true;
  v1::AliasItem notes;
  notes.set_id(saved.aliases(0).id());
  notes.set_version(0);
  notes.set_host(kHostA);
  notes.set_notes("no storage needed");
  v1::SaveAliasesResponse updated;
  EXPECT_TRUE(SaveAliases(kAlice, {notes}, &updated).ok());
}

TEST_F(SanServiceTest, StorageSystemsAreCheckedToo) {
  v1::AliasItem item;
  item.set_fabric(fabric_a_.id());
  item.set_name(NextName("with_storage"));
  item.set_wwpn(NextWwpn());
  item.set_storage(7);
  v1::SaveAliasesResponse response;
  const Failure failure = FailureOf(SaveAliases(kAlice, {item}, &response));
  EXPECT_EQ(failure.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(
      failure.body.at("details").at(0).at("errors"),
      boost::json::parse(R"({"storage":"Storage system 7 does not exist for this customer."})"));
}

TEST_F(SanServiceTest, ListedProjectsAreLinkedAndCountAsAChange) {
  const v1::Zone zone = NewZone();
  v1::ZoneItem link = Update(zone);
  link.add_projects(kProjectA2);
  v1::SaveZonesResponse linked;
  ASSERT_TRUE(SaveZones(kBob, {link}, &linked).ok());
  EXPECT_EQ(linked.zones(0).version(), 1);
  EXPECT_EQ(
      std::vector<int64_t>(linked.zones(0).projects().begin(), linked.zones(0).projects().end()),
      (std::vector<int64_t>{kProjectA, kProjectA2}));

  // Listing the same project again changes nothing; links are never removed by a save.
  v1::ZoneItem again = Update(linked.zones(0));
  again.add_projects(kProjectA2);
  v1::SaveZonesResponse unchanged;
  ASSERT_TRUE(SaveZones(kBob, {again}, &unchanged).ok());
  EXPECT_TRUE(Same(unchanged.zones(0), linked.zones(0)));

  v1::ListZonesRequest list;
  list.set_project_id(kProjectA2);
  v1::ListZonesResponse listed;
  ASSERT_TRUE(Stub().ListZones(As(kAlice).get(), list, &listed).ok());
  EXPECT_EQ(listed.count(), 1);

  // A project of another customer does not exist.
  v1::ZoneItem foreign = Update(linked.zones(0));
  foreign.add_projects(kProjectB);
  v1::SaveZonesResponse refused;
  const Failure failure = FailureOf(SaveZones(kAlice, {foreign}, &refused));
  EXPECT_EQ(failure.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(failure.body.at("details").at(0).at("errors"),
            boost::json::parse(R"({"projects":"Project 20 does not exist."})"));
}

TEST_F(SanServiceTest, ListedProjectsOfABatchAreResolvedInOneIdentityCall) {
  const v1::Zone z1 = NewZone(), z2 = NewZone(), z3 = NewZone();
  std::vector<v1::ZoneItem> items;
  for (const v1::Zone& zone : {z1, z2, z3}) {
    v1::ZoneItem item = Update(zone);
    item.add_projects(kProjectA2);
    item.add_projects(kProjectB);
    items.push_back(item);
  }
  const int lookups_before = fixture_->peers.project_lookups;
  v1::SaveZonesResponse refused;
  const Failure failure = FailureOf(SaveZones(kAlice, items, &refused));
  EXPECT_EQ(failure.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(failure.body.at("details").as_array().size(), 3u);
  EXPECT_EQ(fixture_->peers.project_lookups - lookups_before, 1);
}

TEST_F(SanServiceTest, AnotherCustomerSeesNothing) {
  const v1::Zone zone = NewZone();
  v1::ListZonesRequest list;
  list.set_project_id(kProjectA);
  v1::ListZonesResponse listed;
  EXPECT_EQ(Stub().ListZones(As(kCarol).get(), list, &listed).error_code(),
            grpc::StatusCode::NOT_FOUND);
  v1::ZoneItem item = Update(zone);
  item.set_notes("carol");
  v1::SaveZonesResponse response;
  EXPECT_EQ(SaveZones(kCarol, {item}, &response).error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(SaveZones(kCarol, {item}, &response, kProjectB).error_code(),
            grpc::StatusCode::ABORTED);  // "no longer exists" for her
  v1::GetFabricRequest get;
  get.set_id(fabric_a_.id());
  v1::Fabric fabric;
  EXPECT_EQ(Stub().GetFabric(As(kCarol).get(), get, &fabric).error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(Same(ReadZone(zone.id()), zone));
}

TEST_F(SanServiceTest, AnotherCustomersFabricIsOnlyReportedMissing) {
  const auto secrets = NewAliases(1);
  const v1::Zone secret_zone = NewZone();
  const boost::json::value missing = boost::json::parse(
      R"({"fabric":"Fabric )" + std::to_string(fabric_a_.id()) + R"( does not exist."})");

  v1::AliasItem by_wwpn;
  by_wwpn.set_fabric(fabric_a_.id());
  by_wwpn.set_name("x");
  by_wwpn.set_wwpn(secrets[0].wwpn());
  v1::AliasItem by_name;
  by_name.set_fabric(fabric_a_.id());
  by_name.set_name(secrets[0].name());
  by_name.set_wwpn(NextWwpn());
  v1::SaveAliasesResponse aliases;
  const Failure alias_failure =
      FailureOf(SaveAliases(kCarol, {by_wwpn, by_name, by_name, by_wwpn}, &aliases, kProjectB));
  EXPECT_EQ(alias_failure.code, grpc::StatusCode::INVALID_ARGUMENT);
  const boost::json::array& alias_details = alias_failure.body.at("details").as_array();
  ASSERT_EQ(alias_details.size(), 4u) << boost::json::serialize(alias_failure.body);
  for (const boost::json::value& detail : alias_details) {
    EXPECT_EQ(detail.at("errors"), missing) << boost::json::serialize(detail);
  }

  v1::ZoneItem zone;
  zone.set_fabric(fabric_a_.id());
  zone.set_name(secret_zone.name());
  v1::SaveZonesResponse zones;
  const Failure zone_failure = FailureOf(SaveZones(kCarol, {zone, zone}, &zones, kProjectB));
  EXPECT_EQ(zone_failure.code, grpc::StatusCode::INVALID_ARGUMENT);
  const boost::json::array& zone_details = zone_failure.body.at("details").as_array();
  ASSERT_EQ(zone_details.size(), 2u) << boost::json::serialize(zone_failure.body);
  for (const boost::json::value& detail : zone_details) {
    EXPECT_EQ(detail.at("errors"), missing) << boost::json::serialize(detail);
  }
}

TEST_F(SanServiceTest, AnotherCustomersFabricIsNotLocked) {
  // Customer A's fabric is locked by a transaction of its own (as a delete of it would).
  pqxx::connection other(Dsn());
  pqxx::work holder(other);
  holder.exec_params("SELECT id FROM san.fabrics WHERE id = $1 FOR UPDATE", fabric_a_.id());

  v1::ZoneItem zone;
  zone.set_fabric(fabric_a_.id());
  zone.set_name(NextName("zone"));
  v1::SaveZonesResponse response;
  const auto started = std::chrono::steady_clock::now();
  const Failure failure = FailureOf(SaveZones(kCarol, {zone}, &response, kProjectB));
  EXPECT_EQ(failure.code, grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_LT(std::chrono::steady_clock::now() - started, 5s);  // did not wait for the lock
  holder.abort();
}

TEST_F(SanServiceTest, DeletingAnAliasLocksItsZonesInIdOrder) {
  const auto aliases = NewAliases(1);
  const v1::Zone low = NewZone();
  const v1::Zone high = NewZone();
  ASSERT_LT(low.id(), high.id());
  // The higher zone gets the alias first, so neither the member rows nor the zone rows are stored
  // in id order.
  for (const v1::Zone& zone : {high, low}) {
    v1::ZoneItem item = Update(zone);
    item.add_members()->set_alias(aliases[0].id());
    v1::SaveZonesResponse response;
    ASSERT_TRUE(SaveZones(kAlice, {item}, &response).ok());
  }

  // A zone save holds the lower zone and will next lock the higher one, as zone saves do.
  pqxx::connection saver(Dsn());
  pqxx::work save(saver);
  save.exec_params("UPDATE san.zones SET notes = 'save', version = version + 1 WHERE id = $1",
                   low.id());

  std::string delete_error;
  std::thread deleter([&] {
    try {
      pqxx::connection connection(Dsn());
      for (const common::NamedQuery& query : SanQueries())
        connection.prepare(query.name, query.sql);
      pqxx::work tx(connection);
      EXPECT_TRUE(pg::DeleteAlias(tx, aliases[0].id(), aliases[0].version(), "alice"));
      tx.commit();
    } catch (const std::exception& error) {
      delete_error = error.what();
    }
  });
  std::this_thread::sleep_for(500ms);  // the delete now waits for the lower zone
  try {
    save.exec_params("UPDATE san.zones SET notes = 'save', version = version + 1 WHERE id = $1",
                     high.id());
    save.commit();
  } catch (const std::exception& error) {
    ADD_FAILURE() << "the zone save failed: " << error.what();
  }
  deleter.join();
  EXPECT_EQ(delete_error, "");

  for (const v1::Zone& zone : {low, high}) {
    const v1::Zone after = ReadZone(zone.id());
    EXPECT_EQ(after.version(), zone.version() + 3);  // members, the save, the delete
    EXPECT_TRUE(after.members().empty());
  }
}

TEST_F(SanServiceTest, NoLostUpdateUnderConcurrentReadModifyWrite) {
  const v1::Zone zone = NewZone();
  constexpr int kClients = 8;
  constexpr int kRounds = 50;
  std::mutex mutex;
  std::vector<std::string> acknowledged;
  std::atomic<int> conflicts{0};
  std::vector<std::thread> clients;
  for (int c = 0; c < kClients; ++c) {
    clients.emplace_back([&, c] {
      const common::Principal& who = c % 2 == 0 ? kAlice : kBob;
      for (int r = 0; r < kRounds; ++r) {
        const std::string token = "t" + std::to_string(c) + "_" + std::to_string(r);
        for (;;) {
          const v1::Zone current = ReadZone(zone.id());
          v1::ZoneItem item = Update(current);
          item.set_notes(current.notes() + " " + token);
          v1::SaveZonesResponse response;
          const grpc::Status status = SaveZones(who, {item}, &response);
          if (status.ok()) {
            std::lock_guard<std::mutex> lock(mutex);
            acknowledged.push_back(token);
            break;
          }
          ASSERT_EQ(status.error_code(), grpc::StatusCode::ABORTED) << status.error_message();
          ++conflicts;
        }
      }
    });
  }
  for (auto& client : clients) client.join();

  const v1::Zone final_zone = ReadZone(zone.id());
  ASSERT_EQ(acknowledged.size(), static_cast<size_t>(kClients * kRounds));
  EXPECT_EQ(final_zone.version(), static_cast<int64_t>(acknowledged.size()));
  std::set<std::string> tokens;
  std::string notes = final_zone.notes();
  size_t start = 0;
  while (start < notes.size()) {
    size_t end = notes.find(' ', start);
    if (end == std::string::npos) end = notes.size();
    if (end > start) tokens.insert(notes.substr(start, end - start));
    start = end + 1;
  }
  EXPECT_EQ(tokens.size(), acknowledged.size());
  for (const std::string& token : acknowledged) EXPECT_EQ(tokens.count(token), 1u) << token;
  EXPECT_GT(conflicts.load(), 0);
}

/// The names of a list's results, in order.
template <class Response>
std::vector<std::string> NamesOf(const Response& response) {
  std::vector<std::string> names;
  for (const auto& result : response.results()) names.push_back(result.name());
  return names;
}

TEST_F(SanServiceTest, ListsOrderByEveryKindOfKeyAndCountPastTheLastPage) {
  const std::string tag = NextName("ordered");
  std::vector<v1::AliasItem> aliases;
  for (const char* suffix : {"_b", "_c", "_a"}) {
    v1::AliasItem item;
    item.set_fabric(fabric_a_.id());
    item.set_name(tag + suffix);
    item.set_wwpn(NextWwpn());
    item.set_logged_in(std::string(suffix) == "_c");
    aliases.push_back(item);
  }
  v1::SaveAliasesResponse saved;
  ASSERT_TRUE(SaveAliases(kAlice, aliases, &saved).ok());

  v1::ListAliasesRequest list;
  list.set_project_id(kProjectA);
  list.set_search(tag);
  const auto aliases_by = [&](const std::string& ordering) {
    list.set_ordering(ordering);
    v1::ListAliasesResponse response;
    EXPECT_TRUE(Stub().ListAliases(As(kAlice).get(), list, &response).ok());
    return NamesOf(response);
  };
  const std::string a = tag + "_a", b = tag + "_b", c = tag + "_c";
  EXPECT_EQ(aliases_by(""), (std::vector<std::string>{a, b, c}));
  EXPECT_EQ(aliases_by("-name"), (std::vector<std::string>{c, b, a}));
  EXPECT_EQ(aliases_by("id"), (std::vector<std::string>{b, c, a}));
  EXPECT_EQ(aliases_by("-id"), (std::vector<std::string>{a, c, b}));
  EXPECT_EQ(aliases_by("logged_in"), (std::vector<std::string>{b, a, c}));
  EXPECT_EQ(aliases_by("-logged_in"), (std::vector<std::string>{c, b, a}));

  list.set_ordering("name");
  list.set_page_size(2);
  for (const auto& [page, names] :
       std::vector<std::pair<int, std::vector<std::string>>>{{1, {a, b}}, {2, {c}}, {3, {}}}) {
    list.set_page(page);
    v1::ListAliasesResponse response;
    ASSERT_TRUE(Stub().ListAliases(As(kAlice).get(), list, &response).ok());
    EXPECT_EQ(NamesOf(response), names) << "page " << page;
    EXPECT_EQ(response.count(), 3) << "page " << page;
    EXPECT_EQ(response.num_pages(), 2) << "page " << page;
  }

  for (const auto& [suffix, vsan] :
       std::vector<std::pair<std::string, int>>{{"_x", 2}, {"_y", 1}}) {
    v1::CreateFabricRequest create;
    create.set_customer(kCustomerA);
    create.set_name(tag + suffix);
    create.set_zoneset_name("zs");
    create.set_vsan(vsan);
    v1::Fabric fabric;
    ASSERT_TRUE(Stub().CreateFabric(As(kAlice).get(), create, &fabric).ok());
  }
  v1::ListFabricsRequest fabrics;
  fabrics.set_search(tag);
  const auto fabrics_by = [&](const std::string& ordering) {
    fabrics.set_ordering(ordering);
    v1::ListFabricsResponse response;
    EXPECT_TRUE(Stub().ListFabrics(As(kAlice).get(), fabrics, &response).ok());
    EXPECT_EQ(response.count(), 2);
    return NamesOf(response);
  };
  EXPECT_EQ(fabrics_by("vsan"), (std::vector<std::string>{tag + "_y", tag + "_x"}));
  EXPECT_EQ(fabrics_by("-name"), (std::vector<std::string>{tag + "_y", tag + "_x"}));
  EXPECT_EQ(fabrics_by("-vsan"), (std::vector<std::string>{tag + "_x", tag + "_y"}));
  fabrics.set_page(2);
  EXPECT_EQ(fabrics_by("id"), std::vector<std::string>{});

  const v1::Zone zone = NewZone({saved.aliases(0).id()});
  v1::ListZonesRequest zones;
  zones.set_project_id(kProjectA);
  zones.set_search(b);  // the zone's member
  zones.set_page(2);
  v1::ListZonesResponse past_the_end;
  ASSERT_TRUE(Stub().ListZones(As(kAlice).get(), zones, &past_the_end).ok());
  EXPECT_EQ(past_the_end.results_size(), 0);
  EXPECT_EQ(past_the_end.count(), 1);
  zones.set_page(1);
  zones.set_ordering("-last_modified_at");
  v1::ListZonesResponse first;
  ASSERT_TRUE(Stub().ListZones(As(kAlice).get(), zones, &first).ok());
  ASSERT_EQ(first.results_size(), 1);
  EXPECT_EQ(first.results(0).id(), zone.id());
}

TEST_F(SanServiceTest, FabricVersioning) {
  v1::CreateFabricRequest create;
  create.set_customer(kCustomerA);
  create.set_name(NextName("fab"));
  create.set_zoneset_name("zs");
  v1::Fabric fabric;
  ASSERT_TRUE(Stub().CreateFabric(As(kAlice).get(), create, &fabric).ok());

  v1::UpdateFabricRequest patch;
  patch.set_id(fabric.id());
  patch.set_partial(true);
  patch.set_notes("n");
  v1::Fabric updated;
  EXPECT_EQ(Stub().UpdateFabric(As(kBob).get(), patch, &updated).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  patch.set_version(0);
  ASSERT_TRUE(Stub().UpdateFabric(As(kBob).get(), patch, &updated).ok());
  EXPECT_EQ(updated.version(), 1);
  const Failure stale = FailureOf(Stub().UpdateFabric(As(kAlice).get(), patch, &updated));
  EXPECT_EQ(stale.code, grpc::StatusCode::ABORTED);
  EXPECT_EQ(stale.body.at("message").as_string(),
            "This fabric was modified by bob. Please reload and try again.");
  patch.set_version(1);
  v1::Fabric noop;
  ASSERT_TRUE(Stub().UpdateFabric(As(kAlice).get(), patch, &noop).ok());
  EXPECT_TRUE(Same(noop, updated));

  v1::DeleteFabricRequest remove;
  remove.set_id(fabric.id());
  common::v1::MessageResponse message;
  EXPECT_EQ(Stub().DeleteFabric(As(kAlice).get(), remove, &message).error_code(),
            grpc::StatusCode::FAILED_PRECONDITION);
  remove.set_version(1);
  ASSERT_TRUE(Stub().DeleteFabric(As(kAlice).get(), remove, &message).ok());
  EXPECT_EQ(message.message(), "Fabric deleted successfully.");
}

// ---- history (written by the triggers of schema/004_history.sql) -------------------------------

/// The history of record `id` of `entity`, oldest first, one "action version by" a row.
std::vector<std::string> HistoryRows(const std::string& dsn, const std::string& entity,
                                     int64_t id) {
  pqxx::connection connection(dsn);
  pqxx::read_transaction tx(connection);
  std::vector<std::string> rows;
  for (const auto& row : tx.exec_params(
           "SELECT action || ' ' || version || ' ' || coalesce(changed_by, '-') FROM san.history "
           "WHERE entity = $1 AND record_id = $2 ORDER BY id",
           entity, id)) {
    rows.push_back(row[0].as<std::string>());
  }
  return rows;
}

/// The `changes` of the newest history row of zone `id`.
boost::json::value NewestZoneChanges(const std::string& dsn, int64_t id) {
  pqxx::connection connection(dsn);
  pqxx::read_transaction tx(connection);
  return boost::json::parse(
      tx.exec_params1("SELECT changes::text FROM san.history WHERE entity = 'zone' AND "
                      "record_id = $1 ORDER BY id DESC LIMIT 1",
                      id)[0]
          .as<std::string>());
}

TEST_F(SanServiceTest, DeletingAnAliasRecordsItsDeleterAndTheMembersItsZonesLost) {
  const std::vector<v1::Alias> aliases = NewAliases(2);
  const v1::Zone zone = NewZone({aliases[0].id(), aliases[1].id()});

  v1::DeleteAliasRequest remove;
  remove.set_id(aliases[0].id());
  remove.set_version(aliases[0].version());
  common::v1::MessageResponse message;
  ASSERT_TRUE(Stub().DeleteAlias(As(kBob).get(), remove, &message).ok());

  EXPECT_EQ(HistoryRows(Dsn(), "alias", aliases[0].id()),
            (std::vector<std::string>{"create 0 alice", "delete 0 bob"}));
  EXPECT_EQ(HistoryRows(Dsn(), "zone", zone.id()),
            (std::vector<std::string>{"create 0 alice", "update 1 bob"}));
  const std::string first = std::to_string(aliases[0].id());
  const std::string second = std::to_string(aliases[1].id());
  EXPECT_EQ(NewestZoneChanges(Dsn(), zone.id()),
            boost::json::parse(R"({"members": [[{"alias": )" + first + R"(}, {"alias": )" + second +
                               R"(}], [{"alias": )" + second + "}]]}"));
}

TEST_F(SanServiceTest, DeletingAFabricRecordsTheDeleterOnEveryRecordItTook) {
  v1::CreateFabricRequest create;
  create.set_customer(kCustomerA);
  create.set_name(NextName("FabGone"));
  create.set_zoneset_name("cfg_gone");
  v1::Fabric fabric;
  ASSERT_TRUE(Stub().CreateFabric(As(kAlice).get(), create, &fabric).ok());
  const std::vector<v1::Alias> aliases = NewAliases(1, fabric.id());
  v1::ZoneItem item;
  item.set_fabric(fabric.id());
  item.set_name(NextName("zone"));
  item.add_members()->set_alias(aliases[0].id());
  v1::SaveZonesResponse saved;
  ASSERT_TRUE(SaveZones(kAlice, {item}, &saved).ok());

  v1::DeleteFabricRequest remove;
  remove.set_id(fabric.id());
  remove.set_version(0);
  common::v1::MessageResponse message;
  ASSERT_TRUE(Stub().DeleteFabric(As(kBob).get(), remove, &message).ok());

  const std::vector<std::string> created_then_deleted{"create 0 alice", "delete 0 bob"};
  EXPECT_EQ(HistoryRows(Dsn(), "fabric", fabric.id()), created_then_deleted);
  EXPECT_EQ(HistoryRows(Dsn(), "alias", aliases[0].id()), created_then_deleted);
  EXPECT_EQ(HistoryRows(Dsn(), "zone", saved.zones(0).id()), created_then_deleted);
}

TEST_F(SanServiceTest, ARefusedBatchAndANoOpSaveLeaveNoHistory) {
  const v1::Zone zone = NewZone();
  v1::ZoneItem stale = Update(zone);
  stale.set_version(zone.version() + 5);
  stale.set_notes("never saved");
  v1::ZoneItem created;
  created.set_fabric(fabric_a_.id());
  created.set_name(NextName("zone"));
  v1::SaveZonesResponse response;
  EXPECT_EQ(SaveZones(kBob, {created, stale}, &response).error_code(), grpc::StatusCode::ABORTED);

  v1::ZoneItem unchanged = Update(zone);
  unchanged.set_notes(zone.notes());
  ASSERT_TRUE(SaveZones(kBob, {unchanged}, &response).ok());
  EXPECT_EQ(response.zones(0).version(), zone.version());

  EXPECT_EQ(HistoryRows(Dsn(), "zone", zone.id()), (std::vector<std::string>{"create 0 alice"}));
  pqxx::connection connection(Dsn());
  pqxx::read_transaction tx(connection);
  EXPECT_EQ(tx.exec_params1("SELECT count(*) FROM san.history WHERE snapshot ->> 'name' = $1",
                            created.name())[0]
                .as<int64_t>(),
            0);
}

TEST_F(SanServiceTest, PruningKeepsOnlyTheNewestEntryOfARecordThatStillExists) {
  const v1::Zone kept = NewZone();
  v1::ZoneItem edit = Update(kept);
  edit.set_notes("edited before the cut-off");
  v1::SaveZonesResponse saved;
  ASSERT_TRUE(SaveZones(kAlice, {edit}, &saved).ok());
  const v1::Zone deleted = NewZone();
  v1::DeleteZoneRequest remove;
  remove.set_id(deleted.id());
  remove.set_version(0);
  common::v1::MessageResponse message;
  ASSERT_TRUE(Stub().DeleteZone(As(kBob).get(), remove, &message).ok());
  {
    pqxx::connection connection(Dsn());
    pqxx::work tx(connection);
    tx.exec_params0(
        "UPDATE san.history SET changed_at = changed_at - interval '40 days' "
        "WHERE entity = 'zone' AND record_id IN ($1, $2)",
        kept.id(), deleted.id());
    tx.commit();
  }

  EXPECT_EQ(common::PruneHistory(*fixture_->postgres, query::kPruneHistory, 60, 5s), 0);
  EXPECT_EQ(common::PruneHistory(*fixture_->postgres, query::kPruneHistory, 30, 5s), 3);
  EXPECT_EQ(HistoryRows(Dsn(), "zone", kept.id()), (std::vector<std::string>{"update 1 alice"}));
  EXPECT_EQ(HistoryRows(Dsn(), "zone", deleted.id()), std::vector<std::string>{});
}

}  // namespace
}  // namespace sanplane::san
