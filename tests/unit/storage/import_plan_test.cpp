#include "import_plan.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "common/errors.hpp"
#include "storage_fields.hpp"
#include "support/error_capture.hpp"

namespace sanplane::storage {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr int64_t kStorage = 7;

using common::testing::CaptureError;
using common::testing::ExpectInvalidArgumentSaying;

v1::ImportHost Host(const std::string& name, std::vector<std::string> wwpns) {
  v1::ImportHost host;
  host.set_name(name);
  for (std::string& wwpn : wwpns) host.add_wwpns(std::move(wwpn));
  host.add_json_fields("name");
  host.add_json_fields("wwpns");
  return host;
}

v1::ImportVolume Volume(const std::string& name, const std::string& unique_id) {
  v1::ImportVolume volume;
  volume.set_name(name);
  volume.set_volume_id("0001");
  volume.set_unique_id(unique_id);
  return volume;
}

// ---- ParseImport -----------------------------------------------------------------------------

TEST(ParseImport, NormalizesSortsAndDeduplicatesWwpns) {
  v1::ImportStorageRequest request;
  *request.add_hosts() =
      Host("esx01", {"10000090FA000002", "10:00:00:90:fa:00:00:01", "10-00-00-90-FA-00-00-02"});
  const ImportPayload payload = ParseImport(request);
  ASSERT_EQ(payload.hosts.size(), 1u);
  ASSERT_TRUE(payload.hosts[0].wwpns);
  EXPECT_THAT(*payload.hosts[0].wwpns,
              ElementsAre("10:00:00:90:fa:00:00:01", "10:00:00:90:fa:00:00:02"));
}

TEST(ParseImport, AbsentWwpnsAreNotAnEmptySet) {
  v1::ImportStorageRequest request;
  request.add_hosts()->set_name("esx01");
  v1::ImportHost* cleared = request.add_hosts();
  cleared->set_name("esx02");
  cleared->add_json_fields("wwpns");  // {"wwpns": []}
  const ImportPayload payload = ParseImport(request);
  EXPECT_FALSE(payload.hosts[0].wwpns);
  ASSERT_TRUE(payload.hosts[1].wwpns);
  EXPECT_TRUE(payload.hosts[1].wwpns->empty());
}

TEST(ParseImport, BadWwpnNamesTheHost) {
  v1::ImportStorageRequest request;
  *request.add_hosts() = Host("esx01", {"10:00:00:90:fa:00:00:01"});
  *request.add_hosts() = Host("esx02", {"10:00:00:90:fa:00:00:zz"});
  const common::Error error = CaptureError([&] { ParseImport(request); });
  ExpectInvalidArgumentSaying(
      error, {"nothing was imported", "host \"esx02\": invalid WWPN \"10:00:00:90:fa:00:00:zz\""});
}

TEST(ParseImport, DuplicateUniqueIdNamesBothPositions) {
  v1::ImportStorageRequest request;
  *request.add_volumes() = Volume("vol_a", "SYS1_0001");
  *request.add_volumes() = Volume("vol_b", "SYS1_0002");
  *request.add_volumes() = Volume("vol_c", "SYS1_0001");
  const common::Error error = CaptureError([&] { ParseImport(request); });
  EXPECT_THAT(error.what(),
              HasSubstr("unique_id \"SYS1_0001\" appears twice (volumes[0] and volumes[2])"));
}

TEST(ParseImport, DuplicateHostName) {
  v1::ImportStorageRequest request;
  *request.add_hosts() = Host("esx01", {});
  *request.add_hosts() = Host("esx01", {});
  const common::Error error = CaptureError([&] { ParseImport(request); });
  EXPECT_THAT(error.what(), HasSubstr("host \"esx01\" appears twice (hosts[0] and hosts[1])"));
}

TEST(ParseImport, MissingNamesUsePositions) {
  v1::ImportStorageRequest request;
  request.add_hosts();
  v1::ImportVolume* volume = request.add_volumes();
  volume->set_unique_id("SYS1_0009");
  const common::Error error = CaptureError([&] { ParseImport(request); });
  EXPECT_THAT(error.what(), HasSubstr("hosts[0]: name is required"));
  ASSERT_TRUE(error.details().has_problems());
  const auto& details = error.details().problems().problems();
  // hosts[0] name; the volume's name and volume_id.
  ASSERT_EQ(details.size(), 3);
  EXPECT_EQ(details[1], "volume with unique_id \"SYS1_0009\": name is required");
  EXPECT_EQ(details[2], "volume with unique_id \"SYS1_0009\": volume_id is required");
  EXPECT_THAT(error.what(), HasSubstr("(2 more problems listed in details.)"));
}

TEST(ParseImport, NegativeCapacityIsRejected) {
  v1::ImportStorageRequest request;
  v1::ImportVolume* volume = request.add_volumes();
  *volume = Volume("vol_a", "SYS1_0001");
  volume->set_capacity_bytes(-5);
  const common::Error error = CaptureError([&] { ParseImport(request); });
  EXPECT_THAT(error.what(), HasSubstr("volume \"vol_a\": capacity_bytes must not be negative"));
}

TEST(ParseImport, NulInAnyStringIsRejectedNamingTheField) {
  using namespace std::string_literals;
  v1::ImportStorageRequest request;
  v1::ImportHost* host = request.add_hosts();
  *host = Host("esx01", {"10:00:00:90:fa:00:00:01\0"s});
  host->set_notes("n\0"s);
  host->set_host_type("VM\0ware"s);
  host->set_status("\0"s);
  *request.add_hosts() = Host("esx\0 02"s, {});
  v1::ImportVolume* volume = request.add_volumes();
  *volume = Volume("vol_a", "SYS1\0_0001"s);
  volume->set_pool_name("Pool\0"s);
  *request.add_volumes() = Volume("vol_b", "SYS1_0002");
  request.mutable_volumes(1)->set_volume_id("00\0"s);
  const common::Error error = CaptureError([&] { ParseImport(request); });
  ExpectInvalidArgumentSaying(error, {"nothing was imported"});
  ASSERT_TRUE(error.details().has_problems());
  const std::vector<std::string> details(error.details().problems().problems().begin(),
                                         error.details().problems().problems().end());
  EXPECT_THAT(details, ElementsAre("host \"esx01\": host_type must not contain NUL characters",
                                   "host \"esx01\": status must not contain NUL characters",
                                   "host \"esx01\": notes must not contain NUL characters",
                                   "host \"esx01\": wwpns must not contain NUL characters",
                                   "hosts[1]: name must not contain NUL characters",
                                   "volume \"vol_a\": unique_id must not contain NUL characters",
                                   "volume \"vol_a\": pool_name must not contain NUL characters",
                                   "volume \"vol_b\": volume_id must not contain NUL characters"));
  for (const std::string& detail : details) EXPECT_FALSE(HasNul(detail)) << detail;
}

TEST(ParseImport, LengthLimitsCountCharacters) {
  v1::ImportStorageRequest request;
  std::string name;
  for (size_t i = 0; i < kMaxTextLength; ++i) name += "\xC3\xA9";
  *request.add_hosts() = Host(name, {});
  EXPECT_EQ(ParseImport(request).hosts.at(0).name, name);
  request.mutable_hosts(0)->set_name(name + "x");
  const common::Error error = CaptureError([&] { ParseImport(request); });
  EXPECT_THAT(error.what(), HasSubstr("hosts[0]: name must be at most 256 characters"));
}

// ---- PlanImport ------------------------------------------------------------------------------

StoredHost Stored(int64_t id, int64_t version, const std::string& name,
                  std::vector<std::string> wwpns) {
  StoredHost host;
  host.id = id;
  host.version = version;
  host.name = name;
  host.host_type = "VMware";
  host.status = "online";
  host.wwpns = std::move(wwpns);
  return host;
}

StoredVolume StoredVol(int64_t id, int64_t version, int64_t storage, const std::string& unique_id) {
  StoredVolume volume;
  volume.id = id;
  volume.version = version;
  volume.storage_id = storage;
  volume.name = "vol_" + unique_id;
  volume.volume_id = "0001";
  volume.unique_id = unique_id;
  volume.capacity_bytes = 1024;
  volume.pool_name = "Pool0";
  volume.thin_provisioned = true;
  return volume;
}

ImportPayload PayloadOf(const v1::ImportStorageRequest& request) { return ParseImport(request); }

TEST(PlanImport, NewRowsAreCreated) {
  v1::ImportStorageRequest request;
  *request.add_hosts() = Host("esx01", {"1000009000000001"});
  *request.add_volumes() = Volume("vol_a", "SYS1_0001");
  const ImportPlan plan = PlanImport(kStorage, PayloadOf(request), {}, {});
  ASSERT_EQ(plan.host_creates.size(), 1u);
  EXPECT_THAT(plan.host_creates[0].wwpns, ElementsAre("10:00:00:90:00:00:00:01"));
  EXPECT_EQ(plan.host_creates[0].notes, "");
  EXPECT_EQ(plan.host_creates[0].host_type, std::nullopt);
  ASSERT_EQ(plan.volume_creates.size(), 1u);
  EXPECT_EQ(plan.volume_creates[0].storage_id, kStorage);
}

TEST(PlanImport, SameDataIsUnchangedWhateverTheWwpnOrderAndSpelling) {
  v1::ImportStorageRequest request;
  v1::ImportHost host = Host("esx01", {"10-00-00-90-00-00-00-02", "1000009000000001"});
  host.set_host_type("VMware");
  host.set_status("online");
  *request.add_hosts() = host;
  v1::ImportVolume volume = Volume("vol_SYS1_0001", "SYS1_0001");
  volume.set_capacity_bytes(1024);
  volume.set_pool_name("Pool0");
  volume.set_thin_provisioned(true);
  *request.add_volumes() = volume;

  const ImportPlan plan =
      PlanImport(kStorage, PayloadOf(request),
                 {Stored(1, 3, "esx01", {"10:00:00:90:00:00:00:01", "10:00:00:90:00:00:00:02"})},
                 {StoredVol(9, 2, kStorage, "SYS1_0001")});
  EXPECT_TRUE(plan.host_creates.empty());
  EXPECT_TRUE(plan.host_updates.empty());
  EXPECT_EQ(plan.hosts_unchanged, 1);
  EXPECT_TRUE(plan.volume_updates.empty());
  EXPECT_EQ(plan.volumes_unchanged, 1);
}

TEST(PlanImport, AbsentFieldsKeepStoredValues) {
  v1::ImportStorageRequest request;
  request.add_hosts()->set_name("esx01");  // only the name
  const ImportPlan plan = PlanImport(kStorage, PayloadOf(request),
                                     {Stored(1, 3, "esx01", {"10:00:00:90:00:00:00:01"})}, {});
  EXPECT_EQ(plan.hosts_unchanged, 1);
}

TEST(PlanImport, ChangedWwpnSetUpdatesOnlyThatHost) {
  v1::ImportStorageRequest request;
  *request.add_hosts() = Host("esx01", {"1000009000000001", "1000009000000003"});
  *request.add_hosts() = Host("esx02", {"1000009000000002"});
  const ImportPlan plan = PlanImport(kStorage, PayloadOf(request),
                                     {Stored(1, 3, "esx01", {"10:00:00:90:00:00:00:01"}),
                                      Stored(2, 5, "esx02", {"10:00:00:90:00:00:00:02"})},
                                     {});
  ASSERT_EQ(plan.host_updates.size(), 1u);
  const HostUpdate& update = plan.host_updates[0];
  EXPECT_EQ(update.next.id, 1);
  EXPECT_EQ(update.next.version, 3);  // the compare-and-set operand
  EXPECT_TRUE(update.wwpns_changed);
  EXPECT_THAT(update.next.wwpns, ElementsAre("10:00:00:90:00:00:00:01", "10:00:00:90:00:00:00:03"));
  EXPECT_EQ(update.next.host_type, "VMware");  // kept
  EXPECT_EQ(plan.hosts_unchanged, 1);
}

TEST(PlanImport, ChangedScalarUpdatesWithoutTouchingWwpns) {
  v1::ImportStorageRequest request;
  v1::ImportHost* host = request.add_hosts();
  host->set_name("esx01");
  host->set_status("offline");
  const ImportPlan plan = PlanImport(kStorage, PayloadOf(request),
                                     {Stored(1, 3, "esx01", {"10:00:00:90:00:00:00:01"})}, {});
  ASSERT_EQ(plan.host_updates.size(), 1u);
  EXPECT_FALSE(plan.host_updates[0].wwpns_changed);
  EXPECT_EQ(plan.host_updates[0].next.status, "offline");
}

TEST(PlanImport, EmptyWwpnListClearsTheSet) {
  v1::ImportStorageRequest request;
  *request.add_hosts() = Host("esx01", {});
  const ImportPlan plan = PlanImport(kStorage, PayloadOf(request),
                                     {Stored(1, 3, "esx01", {"10:00:00:90:00:00:00:01"})}, {});
  ASSERT_EQ(plan.host_updates.size(), 1u);
  EXPECT_TRUE(plan.host_updates[0].next.wwpns.empty());
}

TEST(PlanImport, ChangedVolumeIsUpdated) {
  v1::ImportStorageRequest request;
  v1::ImportVolume volume = Volume("vol_SYS1_0001", "SYS1_0001");
  volume.set_capacity_bytes(2048);
  *request.add_volumes() = volume;
  const ImportPlan plan =
      PlanImport(kStorage, PayloadOf(request), {}, {StoredVol(9, 2, kStorage, "SYS1_0001")});
  ASSERT_EQ(plan.volume_updates.size(), 1u);
  EXPECT_EQ(plan.volume_updates[0].capacity_bytes, 2048);
  EXPECT_EQ(plan.volume_updates[0].pool_name, "Pool0");  // kept
  EXPECT_EQ(plan.volume_updates[0].version, 2);
}

TEST(PlanImport, UniqueIdOfAnotherStorageSystemIsRejected) {
  v1::ImportStorageRequest request;
  *request.add_volumes() = Volume("vol_a", "SYS1_0001");
  const common::Error error = CaptureError([&] {
    PlanImport(kStorage, PayloadOf(request), {}, {StoredVol(9, 2, kStorage + 1, "SYS1_0001")});
  });
  EXPECT_EQ(error.kind(), common::ErrorKind::kAlreadyExists);
  EXPECT_THAT(error.what(), HasSubstr("unique_id \"SYS1_0001\" already belongs to another"));
}

}  // namespace
}  // namespace sanplane::storage
