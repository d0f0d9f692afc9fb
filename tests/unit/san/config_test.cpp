#include "config.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "../support/config_test_support.hpp"

namespace sanplane::san {
namespace {

TEST(SanConfig, DefaultsNeedOnlyTheDsn) {
  common::ConfigLoader loader = common::testing::DsnOnlyLoader();
  const SanConfig config = LoadSanConfig(loader);
  common::testing::ExpectCommonDefaults(config, "0.0.0.0:50053", "0.0.0.0:9103");
  EXPECT_EQ(config.identity_addr, "127.0.0.1:50051");
  EXPECT_EQ(config.storage_addr, "127.0.0.1:50054");
  EXPECT_EQ(config.pg_pool_size, 8);
  EXPECT_EQ(config.drain_timeout, std::chrono::milliseconds(10000));
  EXPECT_EQ(loader.Describe().find("dbname=sanplane"), std::string::npos) << "the DSN is secret";
}

TEST(SanConfig, HistoryIsKeptForeverUnlessARetentionIsSet) {
  common::ConfigLoader defaults = common::testing::DsnOnlyLoader();
  EXPECT_EQ(LoadSanConfig(defaults).history_retention_days, 0);
  common::ConfigLoader set({"--history-retention-days=400"},
                           {"SANPLANE_PG_DSN=host=db", common::testing::kPrincipalKeyEnvironment});
  EXPECT_EQ(LoadSanConfig(set).history_retention_days, 400);
  common::ConfigLoader negative(
      {"--history-retention-days=-1"},
      {"SANPLANE_PG_DSN=host=db", common::testing::kPrincipalKeyEnvironment});
  const std::string message = common::testing::ConfigErrorOf([&] { LoadSanConfig(negative); });
  EXPECT_NE(message.find("history-retention-days"), std::string::npos) << message;
}

TEST(SanConfig, MissingDsnIsReported) {
  common::ConfigLoader loader(std::vector<std::string>{}, {});
  const std::string message = common::testing::ConfigErrorOf([&] { LoadSanConfig(loader); });
  EXPECT_NE(message.find("pg-dsn"), std::string::npos) << message;
}

TEST(SanConfig, EnvironmentAndFlagsOverrideDefaults) {
  common::ConfigLoader loader({"--pg-pool-size=3", "--storage-addr", "storage:50054"},
                              {"SANPLANE_PG_DSN=host=db", "SANPLANE_IDENTITY_ADDR=identity:50051",
                               "SANPLANE_PG_POOL_SIZE=9", "SANPLANE_DRAIN_TIMEOUT_MS=500",
                               common::testing::kPrincipalKeyEnvironment});
  const SanConfig config = LoadSanConfig(loader);
  EXPECT_EQ(config.pg_pool_size, 3);
  EXPECT_EQ(config.storage_addr, "storage:50054");
  EXPECT_EQ(config.identity_addr, "identity:50051");
  EXPECT_EQ(config.drain_timeout, std::chrono::milliseconds(500));
}

TEST(SanConfig, BadValuesAreReported) {
  common::ConfigLoader loader({"--pg-dsn=x", "--pg-pool-size=0", "--no-such-flag=1"}, {});
  EXPECT_THROW(LoadSanConfig(loader), common::ConfigError);
}

}  // namespace
}  // namespace sanplane::san
