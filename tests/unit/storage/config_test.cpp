#include "config.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/config_test_support.hpp"

namespace sanplane::storage {
namespace {

TEST(StorageConfigTest, DefaultsNeedOnlyTheDsn) {
  common::ConfigLoader loader = common::testing::DsnOnlyLoader();
  const StorageConfig config = StorageConfig::Load(loader);
  EXPECT_NO_THROW(loader.Validate());
  common::testing::ExpectCommonDefaults(config, "0.0.0.0:50054", "0.0.0.0:9104");
  EXPECT_EQ(config.pg_pool_size, 8);
  EXPECT_EQ(config.drain_timeout, std::chrono::milliseconds(10000));
  EXPECT_EQ(loader.Describe().find("dbname=sanplane"), std::string::npos) << "the DSN is a secret";
}

TEST(StorageConfigTest, MissingDsnIsReported) {
  common::testing::ExpectMissingDsnReported(
      [](common::ConfigLoader& loader) { StorageConfig::Load(loader); });
}

TEST(StorageConfigTest, EnvironmentAndFlagsOverrideDefaults) {
  common::ConfigLoader loader(
      {"--grpc-addr=127.0.0.1:0", "--import-timeout-ms", "1000"},
      {"SANPLANE_PG_DSN=host=db", "SANPLANE_PG_POOL_SIZE=3", "SANPLANE_GRPC_ADDR=127.0.0.1:9",
       common::testing::kPrincipalKeyEnvironment});
  const StorageConfig config = StorageConfig::Load(loader);
  EXPECT_NO_THROW(loader.Validate());
  EXPECT_EQ(config.grpc_addr, "127.0.0.1:0");
  EXPECT_EQ(config.pg_pool_size, 3);
  EXPECT_EQ(config.import_timeout, std::chrono::milliseconds(1000));
}

TEST(StorageConfigTest, OutOfRangePoolSizeIsReported) {
  common::ConfigLoader loader({"--pg-dsn=host=db", "--pg-pool-size=0"}, {});
  StorageConfig::Load(loader);
  EXPECT_THROW(loader.Validate(), common::ConfigError);
}

}  // namespace
}  // namespace sanplane::storage
