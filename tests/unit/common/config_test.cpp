#include "common/config.hpp"

#include <gtest/gtest.h>

#include "config_test_support.hpp"

namespace sanplane::common {
namespace {

TEST(ConfigTest, DefaultThenEnvironmentThenFlag) {
  ConfigLoader defaults_only({}, {});
  EXPECT_EQ(defaults_only.Int("pg-pool-size", 8, 1, 100), 8);

  ConfigLoader from_env({}, {"SANPLANE_PG_POOL_SIZE=12"});
  EXPECT_EQ(from_env.Int("pg-pool-size", 8, 1, 100), 12);

  ConfigLoader from_flag({"--pg-pool-size=20"}, {"SANPLANE_PG_POOL_SIZE=12"});
  EXPECT_EQ(from_flag.Int("pg-pool-size", 8, 1, 100), 20);
  EXPECT_NO_THROW(from_flag.Validate());
}

TEST(ConfigTest, FlagWithSeparateValueAndProgramName) {
  ConfigLoader loader({"identity", "--listen", "0.0.0.0:1", "--verbose"}, {});
  EXPECT_EQ(loader.String("listen", "x"), "0.0.0.0:1");
  EXPECT_TRUE(loader.Bool("verbose", false));
  EXPECT_NO_THROW(loader.Validate());
}

TEST(ConfigTest, ArgcArgvSkipsProgramName) {
  const char* argv[] = {"/usr/bin/san", "--log-level=debug"};
  ConfigLoader loader(2, argv);
  EXPECT_EQ(loader.String("log-level", "info"), "debug");
  EXPECT_NO_THROW(loader.Validate());
}

TEST(ConfigTest, BadIntIsReportedAndDefaultKept) {
  ConfigLoader loader({"--port=abc"}, {"SANPLANE_WORKERS=1000"});
  EXPECT_EQ(loader.Int("port", 50051, 1, 65535), 50051);
  EXPECT_EQ(loader.Int("workers", 4, 1, 64), 4);
  const std::string message = testing::ConfigErrorOf([&] { loader.Validate(); });
  testing::ExpectMentions(message, {"port", "abc", "workers"});
}

TEST(ConfigTest, BadBoolIsReported) {
  ConfigLoader loader({"--secure-cookies=maybe"}, {});
  EXPECT_FALSE(loader.Bool("secure-cookies", false));
  EXPECT_THROW(loader.Validate(), ConfigError);
}

TEST(ConfigTest, UnknownFlagIsReportedWithOtherProblems) {
  ConfigLoader loader({"--pg-dns=oops", "--port=1"}, {});
  loader.String("pg-dsn", "");
  loader.Int("port", 1, 1, 65535);
  loader.Fail("pg-dsn is required");
  const std::string message = testing::ConfigErrorOf([&] { loader.Validate(); });
  testing::ExpectMentions(message, {"unknown flag --pg-dns", "pg-dsn is required"});
  EXPECT_EQ(message.find("--port"), std::string::npos) << message;
}

TEST(ConfigTest, DescribeRedactsSecrets) {
  ConfigLoader loader({"--pg-dsn=host=db password=hunter2"}, {});
  loader.String("pg-dsn", "", /*secret=*/true);
  loader.Int("port", 50051, 1, 65535);
  loader.Bool("tls", false);
  const std::string description = loader.Describe();
  EXPECT_EQ(description, "pg-dsn=*** port=50051 tls=false");
  EXPECT_EQ(description.find("hunter2"), std::string::npos);
}

}  // namespace
}  // namespace sanplane::common
