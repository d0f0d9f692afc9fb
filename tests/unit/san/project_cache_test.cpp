#include "project_cache.hpp"

#include <grpcpp/server_context.h>
#include <gtest/gtest.h>

namespace sanplane::san {
namespace {

using namespace std::chrono_literals;
using Clock = ProjectCustomerCache::Clock;

const Clock::time_point kStart = Clock::now();

std::map<int64_t, int64_t> FindAt(const ProjectCustomerCache& cache,
                                  const std::vector<int64_t>& ids, Clock::time_point now,
                                  std::vector<int64_t>* missing_out = nullptr) {
  std::vector<int64_t> missing;
  auto found = cache.Find(ids, now, missing);
  if (missing_out != nullptr) *missing_out = missing;
  return found;
}

TEST(ProjectCustomerCache, KeepsAnAnswerForItsTtlOnly) {
  ProjectCustomerCache cache(2000ms);
  cache.Remember({{10, 1}, {11, 1}}, kStart);
  std::vector<int64_t> missing;
  EXPECT_EQ(FindAt(cache, {10, 11, 12}, kStart + 1999ms, &missing),
            (std::map<int64_t, int64_t>{{10, 1}, {11, 1}}));
  EXPECT_EQ(missing, (std::vector<int64_t>{12}));
  EXPECT_TRUE(FindAt(cache, {10, 11}, kStart + 2000ms, &missing).empty());
  EXPECT_EQ(missing, (std::vector<int64_t>{10, 11}));
}

TEST(ProjectCustomerCache, AForgottenProjectIsNotKeptAgainWithinTheTtl) {
  ProjectCustomerCache cache(2000ms);
  cache.Remember({{10, 1}}, kStart);
  cache.Forget(10, kStart + 100ms);
  EXPECT_TRUE(FindAt(cache, {10}, kStart + 100ms).empty());
  // A lookup that raced the delete answers after the forget: not kept.
  cache.Remember({{10, 1}}, kStart + 50ms);
  EXPECT_TRUE(FindAt(cache, {10}, kStart + 200ms).empty());
  // Nor one asked later while the delete may still be under way.
  cache.Remember({{10, 1}}, kStart + 1500ms);
  EXPECT_TRUE(FindAt(cache, {10}, kStart + 1600ms).empty());
  // Once the ttl after the forget has passed, the project (if it still exists) is kept again.
  cache.Remember({{10, 1}}, kStart + 2100ms);
  EXPECT_EQ(FindAt(cache, {10}, kStart + 2200ms), (std::map<int64_t, int64_t>{{10, 1}}));
}

TEST(ProjectCustomerCache, ZeroTtlKeepsNothing) {
  ProjectCustomerCache cache(0ms);
  cache.Remember({{10, 1}}, kStart);
  EXPECT_TRUE(FindAt(cache, {10}, kStart).empty());
}

TEST(ProjectCustomerCache, PastCapacityExpiredEntriesGoFirst) {
  ProjectCustomerCache cache(1000ms, 2);
  cache.Remember({{1, 1}}, kStart);
  cache.Remember({{2, 1}}, kStart + 900ms);
  cache.Remember({{3, 1}}, kStart + 1500ms);  // 1 has expired and makes room
  EXPECT_EQ(FindAt(cache, {1, 2, 3}, kStart + 1500ms),
            (std::map<int64_t, int64_t>{{2, 1}, {3, 1}}));
  cache.Remember({{4, 1}}, kStart + 1600ms);  // none expired: everything goes
  EXPECT_TRUE(FindAt(cache, {2, 3, 4}, kStart + 1600ms).empty());
}

/// Identity as the cache sees it: which projects exist, and how often it was asked.
class CountingPeers final : public Peers {
 public:
  std::optional<int64_t> ProjectCustomer(const grpc::ServerContext&, int64_t) override {
    ADD_FAILURE() << "CachingPeers asks for projects in sets";
    return std::nullopt;
  }
  std::map<int64_t, int64_t> ProjectCustomers(const grpc::ServerContext&,
                                              const std::vector<int64_t>& ids) override {
    asked.push_back(ids);
    std::map<int64_t, int64_t> found;
    for (int64_t id : ids) {
      if (const auto project = projects.find(id); project != projects.end()) found.insert(*project);
    }
    return found;
  }
  bool CustomerVisible(const grpc::ServerContext&, int64_t) override { return true; }
  std::optional<int64_t> HostCustomer(const grpc::ServerContext&, int64_t) override {
    return std::nullopt;
  }
  std::optional<int64_t> StorageCustomer(const grpc::ServerContext&, int64_t) override {
    return std::nullopt;
  }

  std::map<int64_t, int64_t> projects{{10, 1}, {11, 1}, {20, 2}};
  std::vector<std::vector<int64_t>> asked;
};

TEST(CachingPeers, AsksIdentityOnlyForWhatItDoesNotKnow) {
  CountingPeers identity;
  CachingPeers peers(identity, 60000ms);
  grpc::ServerContext context;
  EXPECT_EQ(peers.ProjectCustomer(context, 10), 1);
  EXPECT_EQ(peers.ProjectCustomer(context, 10), 1);
  EXPECT_EQ(peers.ProjectCustomers(context, {10, 11, 20}),
            (std::map<int64_t, int64_t>{{10, 1}, {11, 1}, {20, 2}}));
  EXPECT_EQ(identity.asked, (std::vector<std::vector<int64_t>>{{10}, {11, 20}}));
}

TEST(CachingPeers, AnAbsentProjectIsAskedAgainAndFoundOnceCreated) {
  CountingPeers identity;
  CachingPeers peers(identity, 60000ms);
  grpc::ServerContext context;
  EXPECT_EQ(peers.ProjectCustomer(context, 30), std::nullopt);
  identity.projects[30] = 2;
  EXPECT_EQ(peers.ProjectCustomer(context, 30), 2);
  EXPECT_EQ(identity.asked.size(), 2U);
}

TEST(CachingPeers, AProjectBeingDeletedIsAskedAboutAgain) {
  CountingPeers identity;
  CachingPeers peers(identity, 60000ms);
  grpc::ServerContext context;
  EXPECT_EQ(peers.ProjectCustomer(context, 10), 1);
  peers.ForgetProject(10);
  identity.projects.erase(10);
  EXPECT_EQ(peers.ProjectCustomer(context, 10), std::nullopt);
  EXPECT_EQ(identity.asked.size(), 2U);
}

}  // namespace
}  // namespace sanplane::san
