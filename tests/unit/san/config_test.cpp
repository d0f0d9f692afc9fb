#include "config.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

namespace sanplane::san {
namespace {

TEST(SanConfig, DefaultsNeedOnlyTheDsn) {
  common::ConfigLoader loader(
      {"--pg-dsn=host=db dbname=sanplane"},
      {"SANPLANE_PRINCIPAL_KEY=config-test-principal-key-0123456789abcdef"});
  const SanConfig config = LoadSanConfig(loader);
  EXPECT_EQ(config.grpc_addr, "0.0.0.0:50053");
  EXPECT_EQ(config.metrics_addr, "0.0.0.0:9103");
  EXPECT_EQ(config.identity_addr, "127.0.0.1:50051");
  EXPECT_EQ(config.storage_addr, "127.0.0.1:50054");
  EXPECT_EQ(config.pg_pool_size, 8);
  EXPECT_EQ(config.drain_timeout, std::chrono::milliseconds(10000));
  EXPECT_EQ(config.log_level, "info");
  EXPECT_EQ(loader.Describe().find("dbname=sanplane"), std::string::npos) << "the DSN is secret";
}

TEST(SanConfig, MissingDsnIsReported) {
  common::ConfigLoader loader(std::vector<std::string>{}, {});
  try {
    LoadSanConfig(loader);
    FAIL() << "expected a ConfigError";
  } catch (const common::ConfigError& error) {
    EXPECT_NE(std::string(error.what()).find("pg-dsn"), std::string::npos) << error.what();
  }
}

TEST(SanConfig, EnvironmentAndFlagsOverrideDefaults) {
  common::ConfigLoader loader(
      {"--pg-pool-size=3", "--storage-addr", "storage:50054"},
      {"SANPLANE_PG_DSN=host=db", "SANPLANE_IDENTITY_ADDR=identity:50051",
       "SANPLANE_PG_POOL_SIZE=9", "SANPLANE_DRAIN_TIMEOUT_MS=500",
       "SANPLANE_PRINCIPAL_KEY=config-test-principal-key-0123456789abcdef"});
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
