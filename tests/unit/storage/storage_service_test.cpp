// The storage service over a real in-process gRPC server with the in-memory store: the PUT/PATCH
// plan, the version rules and the error bodies REST clients see, without Postgres.
#include "storage_service.hpp"

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <boost/json/serialize.hpp>
#include <memory>

#include "common/errors.hpp"
#include "common/grpc_server.hpp"
#include "common/principal.hpp"
#include "common/request_scope.hpp"
#include "http_errors.hpp"
#include "sanplane/common/v1/common.pb.h"
#include "support/fake_peer.hpp"
#include "support/fake_storage_store.hpp"
#include "support/principal_test_keys.hpp"

namespace sanplane::storage {
namespace {

using namespace std::chrono_literals;

constexpr int64_t kCustomer = 1;
constexpr int64_t kOtherCustomer = 2;
// When bob saved the seeded storage system: 2025-11-28T23:00:00.5Z.
constexpr int64_t kBobSavedAt = 1'764'370'800'500'000;

using sanplane::testing::User;

const common::Principal kAlice = User(1, "alice", {kCustomer});
const common::Principal kCarol = User(3, "carol", {kOtherCustomer});

// What the store holds for "FS9500": every editable column, as StorageColumnsForCreate gives it.
std::vector<ColumnValue> StoredRow() {
  v1::CreateStorageRequest request;
  request.set_customer(kCustomer);
  request.set_name("FS9500");
  request.set_storage_type("FlashSystem");
  request.set_vendor("IBM");
  request.set_capacity_bytes(1000);
  request.set_notes("rack 4");
  return StorageColumnsForCreate(request);
}

// SAN as the delete path asks it: the aliases it reports, or down.
class FakeAliasReferenceFinder final : public AliasReferenceFinder,
                                       public sanplane::testing::FakePeer {
 public:
  AliasReferences Find(const grpc::ServerContext&, int64_t storage_id,
                       const std::vector<int64_t>& host_ids) override {
    asked_storage = storage_id;
    asked_hosts = host_ids;
    RefuseIfDown();
    return references;
  }

  AliasReferences references;
  int64_t asked_storage = 0;
  std::vector<int64_t> asked_hosts;
};

class StorageServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    id_ = store_.AddStorage(kCustomer, StoredRow(), {3, "bob", kBobSavedAt});
    server_ = std::make_unique<common::GrpcServer>("127.0.0.1:0",
                                                   std::vector<grpc::Service*>{&service_}, 100ms);
    server_->Start();
    stub_ = v1::Storage::NewStub(grpc::CreateChannel("127.0.0.1:" + std::to_string(server_->port()),
                                                     grpc::InsecureChannelCredentials()));
  }
  void TearDown() override { server_->Shutdown(); }

  static std::unique_ptr<grpc::ClientContext> As(const common::Principal& principal) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->set_deadline(std::chrono::system_clock::now() + 5s);
    common::AttachPrincipal(*context, principal, common::NewRequestId());
    return context;
  }

  // A PATCH naming `fields` (as the gateway fills json_fields from the body's keys).
  v1::UpdateStorageRequest Patch(std::vector<std::string> fields) const {
    v1::UpdateStorageRequest request;
    request.set_id(id_);
    request.set_partial(true);
    for (std::string& field : fields) request.add_json_fields(std::move(field));
    return request;
  }

  // The PATCH of the notes to "rack 5" from a client that loaded `version`.
  v1::UpdateStorageRequest NotesPatch(int64_t version) const {
    v1::UpdateStorageRequest request = Patch({"notes", "version"});
    request.set_version(version);
    request.set_notes("rack 5");
    return request;
  }

  // How the update `request` sent as `who` ends, for the calls that are refused.
  grpc::Status UpdateAs(const common::Principal& who, const v1::UpdateStorageRequest& request) {
    v1::StorageSystem saved;
    return stub_->UpdateStorage(As(who).get(), request, &saved);
  }

  // The JSON body a REST client gets for a failed call, byte for byte.
  static std::string BodyOf(const grpc::Status& status) {
    return boost::json::serialize(gateway::ErrorReplyFor(status, "storage", "test").body);
  }

  testing::FakeStorageStore store_;
  FakeAliasReferenceFinder aliases_;
  StorageService service_{store_, aliases_, ServiceLimits{}};
  std::unique_ptr<common::GrpcServer> server_;
  std::unique_ptr<v1::Storage::Stub> stub_;
  int64_t id_ = 0;
};

TEST_F(StorageServiceTest, PatchWithUnchangedValuesKeepsVersionAndStamp) {
  v1::UpdateStorageRequest request = Patch({"vendor", "notes", "version"});
  request.set_version(3);
  request.set_vendor("IBM");
  request.set_notes("rack 4");
  v1::StorageSystem saved;
  ASSERT_TRUE(stub_->UpdateStorage(As(kAlice).get(), request, &saved).ok());
  EXPECT_EQ(saved.version(), 3);
  EXPECT_EQ(saved.last_modified_by(), "bob");
  EXPECT_EQ(store_.storage_writes(), 0);
}

TEST_F(StorageServiceTest, PatchChangesOnlyWhatItNamesAndMovesTheVersionOnce) {
  v1::StorageSystem saved;
  ASSERT_TRUE(stub_->UpdateStorage(As(kAlice).get(), NotesPatch(3), &saved).ok());
  EXPECT_EQ(saved.version(), 4);
  EXPECT_EQ(saved.last_modified_by(), "alice");
  EXPECT_EQ(saved.notes(), "rack 5");
  EXPECT_EQ(saved.vendor(), "IBM") << "a PATCH leaves the fields it does not name";
  EXPECT_EQ(saved.capacity_bytes(), 1000);
  EXPECT_EQ(store_.storage_writes(), 1);
}

TEST_F(StorageServiceTest, PatchNullClearsTheField) {
  v1::UpdateStorageRequest request = Patch({"vendor", "version"});
  request.set_version(3);
  v1::StorageSystem saved;
  ASSERT_TRUE(stub_->UpdateStorage(As(kAlice).get(), request, &saved).ok());
  EXPECT_FALSE(saved.has_vendor());
  EXPECT_EQ(saved.name(), "FS9500");
  EXPECT_EQ(saved.version(), 4);
}

TEST_F(StorageServiceTest, StaleVersionIsTheConflictBodyAndWritesNothing) {
  const grpc::Status status = UpdateAs(kAlice, NotesPatch(2));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(BodyOf(status),
            R"({"error":"Conflict","message":"This storage system was modified by bob. Please )"
            R"(reload and try again.","current_version":3,"last_modified_by":"bob",)"
            R"("last_modified_at":"2025-11-28T23:00:00.500000Z"})");
  EXPECT_EQ(store_.storage_writes(), 0);
}

TEST_F(StorageServiceTest, MissingVersionIs428) {
  v1::UpdateStorageRequest request = Patch({"notes"});
  request.set_notes("rack 5");
  const grpc::Status status = UpdateAs(kAlice, request);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(BodyOf(status),
            R"({"error":"Precondition Required","message":"Send the version you loaded )"
            R"((field version or header If-Match)."})");
}

TEST_F(StorageServiceTest, PutNamesEveryBadFieldUnderErrors) {
  v1::UpdateStorageRequest request;
  request.set_id(id_);
  request.set_version(3);
  request.set_storage_type("Tape");
  request.set_capacity_bytes(-1);
  const grpc::Status status = UpdateAs(kAlice, request);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(BodyOf(status),
            R"({"error":"name is required. storage_type must be one of FlashSystem, DS8000, )"
            R"(Switch, Data Domain, Unknown. capacity_bytes must not be negative.","errors":)"
            R"({"name":"name is required.","storage_type":"storage_type must be one of )"
            R"(FlashSystem, DS8000, Switch, Data Domain, Unknown.","capacity_bytes":)"
            R"("capacity_bytes must not be negative."}})");
}

TEST_F(StorageServiceTest, AnotherCustomersStorageSystemIsNotFound) {
  const grpc::Status status = UpdateAs(kCarol, NotesPatch(3));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(BodyOf(status), R"({"error":"Storage system not found."})");
}

TEST_F(StorageServiceTest, ImportCreatesThenLeavesUnchangedRowsAlone) {
  v1::ImportStorageRequest request;
  request.set_id(id_);
  auto* host = request.add_hosts();
  host->set_name("esx01");
  host->add_wwpns("10:00:00:00:c9:aa:bb:01");
  host->add_json_fields("name");
  host->add_json_fields("wwpns");
  auto* volume = request.add_volumes();
  volume->set_name("vol1");
  volume->set_volume_id("0001");
  volume->set_unique_id("6005076810810261F800000000000001");

  v1::ImportStorageResponse first;
  ASSERT_TRUE(stub_->ImportStorage(As(kAlice).get(), request, &first).ok());
  EXPECT_EQ(first.hosts().created(), 1);
  EXPECT_EQ(first.volumes().created(), 1);

  v1::ImportStorageResponse again;
  ASSERT_TRUE(stub_->ImportStorage(As(kAlice).get(), request, &again).ok());
  EXPECT_EQ(again.hosts().unchanged(), 1);
  EXPECT_EQ(again.volumes().unchanged(), 1);
  EXPECT_EQ(again.hosts().created() + again.hosts().updated(), 0);
}

v1::DeleteStorageRequest DeleteAt(int64_t id, int64_t version) {
  v1::DeleteStorageRequest request;
  request.set_id(id);
  request.set_version(version);
  return request;
}

TEST_F(StorageServiceTest, DeleteNamedByAliasesIsRefusedNamingThem) {
  aliases_.references = {3, {"fs9500_n1", "fs9500_n2"}};
  common::v1::MessageResponse response;
  const grpc::Status status = stub_->DeleteStorage(As(kAlice).get(), DeleteAt(id_, 3), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(BodyOf(status),
            R"({"error":"Conflict","message":"Storage system FS9500 is still used by 3 aliases )"
            R"((fs9500_n1, fs9500_n2, …); clear their storage or host first.",)"
            R"("references":{"aliases":3,"alias_names":["fs9500_n1","fs9500_n2"]}})");
  EXPECT_EQ(aliases_.asked_storage, id_);
  v1::StorageSystem still;
  v1::GetStorageRequest get;
  get.set_id(id_);
  EXPECT_TRUE(stub_->GetStorage(As(kAlice).get(), get, &still).ok());
}

TEST_F(StorageServiceTest, DeleteIsRefusedWhenSanCannotBeAsked) {
  aliases_.down = true;
  common::v1::MessageResponse response;
  const grpc::Status status = stub_->DeleteStorage(As(kAlice).get(), DeleteAt(id_, 3), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAVAILABLE);
  v1::StorageSystem still;
  v1::GetStorageRequest get;
  get.set_id(id_);
  EXPECT_TRUE(stub_->GetStorage(As(kAlice).get(), get, &still).ok());
}

TEST_F(StorageServiceTest, StaleDeleteIsAVersionConflictBeforeSanIsAsked) {
  common::v1::MessageResponse response;
  const grpc::Status status = stub_->DeleteStorage(As(kAlice).get(), DeleteAt(id_, 2), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::ABORTED);
  EXPECT_EQ(aliases_.asked_storage, 0);
}

TEST_F(StorageServiceTest, UnreferencedDeleteSucceeds) {
  common::v1::MessageResponse response;
  ASSERT_TRUE(stub_->DeleteStorage(As(kAlice).get(), DeleteAt(id_, 3), &response).ok());
  EXPECT_EQ(aliases_.asked_storage, id_);
}

TEST_F(StorageServiceTest, CustomerUsageCountsOnlyForThoseWhoMaySeeTheCustomer) {
  v1::StorageCustomerUsageRequest request;
  request.set_customer_id(kCustomer);
  v1::StorageCustomerUsage usage;
  ASSERT_TRUE(stub_->CustomerUsage(As(kAlice).get(), request, &usage).ok());
  EXPECT_EQ(usage.storage_systems(), 1);
  EXPECT_EQ(stub_->CustomerUsage(As(kCarol).get(), request, &usage).error_code(),
            grpc::StatusCode::NOT_FOUND);
}

}  // namespace
}  // namespace sanplane::storage
