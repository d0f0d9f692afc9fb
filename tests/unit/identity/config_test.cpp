#include "config.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "config_test_support.hpp"

namespace sanplane::identity {
namespace {

TEST(IdentityConfigTest, DefaultsNeedOnlyTheDsn) {
  common::ConfigLoader loader = common::testing::DsnOnlyLoader();
  const IdentityConfig config = IdentityConfig::Load(loader);
  EXPECT_NO_THROW(loader.Validate());
  common::testing::ExpectCommonDefaults(config, "0.0.0.0:50051", "0.0.0.0:9101");
  EXPECT_EQ(config.redis_addr, "127.0.0.1:6379");
  EXPECT_EQ(config.session_ttl, std::chrono::seconds(1209600));
  EXPECT_EQ(config.login_throttle.free_failures, 3);
  EXPECT_EQ(config.login_throttle.first_delay, std::chrono::milliseconds(1000));
  EXPECT_EQ(config.login_throttle.max_delay, std::chrono::milliseconds(300000));
  EXPECT_EQ(config.login_throttle.failure_memory, std::chrono::seconds(900));
  EXPECT_EQ(config.login_throttle.address_failures_per_minute, 10);
  EXPECT_TRUE(config.admin_password.empty());
}

TEST(IdentityConfigTest, MissingDsnIsReported) {
  common::testing::ExpectMissingDsnReported(
      [](common::ConfigLoader& loader) { IdentityConfig::Load(loader); });
}

TEST(IdentityConfigTest, EnvironmentAndFlagsOverrideDefaults) {
  common::ConfigLoader loader(
      {"--login-address-failures-per-minute=3", "--grpc-addr", "127.0.0.1:0"},
      {"SANPLANE_PG_DSN=host=db", "SANPLANE_ADMIN_PASSWORD=from-the-environment",
       "SANPLANE_SESSION_TTL_SECONDS=3600", "SANPLANE_LOGIN_ADDRESS_FAILURES_PER_MINUTE=9",
       common::testing::kPrincipalKeyEnvironment});
  const IdentityConfig config = IdentityConfig::Load(loader);
  EXPECT_NO_THROW(loader.Validate());
  EXPECT_EQ(config.admin_password, "from-the-environment");
  EXPECT_EQ(config.session_ttl, std::chrono::seconds(3600));
  EXPECT_EQ(config.login_throttle.address_failures_per_minute,
            3);  // the flag beats the environment
  EXPECT_EQ(config.grpc_addr, "127.0.0.1:0");
}

TEST(IdentityConfigTest, RedisTlsIsReadAndACaWithoutTlsIsRefused) {
  common::ConfigLoader loader({}, {"SANPLANE_PG_DSN=host=db", "SANPLANE_REDIS_TLS=true",
                                   "SANPLANE_REDIS_TLS_CA_FILE=/etc/sanplane/redis-ca.crt",
                                   "SANPLANE_REDIS_TLS_SERVER_NAME=redis.internal",
                                   common::testing::kPrincipalKeyEnvironment});
  const IdentityConfig config = IdentityConfig::Load(loader);
  EXPECT_NO_THROW(loader.Validate());
  EXPECT_TRUE(config.redis_tls.enabled);
  EXPECT_EQ(config.redis_tls.ca_file, "/etc/sanplane/redis-ca.crt");
  EXPECT_EQ(config.redis_tls.server_name, "redis.internal");

  common::ConfigLoader plain(
      {}, {"SANPLANE_PG_DSN=host=db", "SANPLANE_REDIS_TLS_CA_FILE=/etc/sanplane/redis-ca.crt",
           common::testing::kPrincipalKeyEnvironment});
  IdentityConfig::Load(plain);
  common::testing::ExpectMentions(common::testing::ConfigErrorOf([&] { plain.Validate(); }),
                                  {"redis-tls-ca-file", "redis-tls=true"});
}

TEST(IdentityConfigTest, SecretsAreNotDescribed) {
  common::ConfigLoader loader(
      {}, {"SANPLANE_PG_DSN=host=db password=hunter2", "SANPLANE_ADMIN_PASSWORD=also-a-secret"});
  IdentityConfig::Load(loader);
  const std::string description = loader.Describe();
  EXPECT_EQ(description.find("hunter2"), std::string::npos) << description;
  EXPECT_EQ(description.find("also-a-secret"), std::string::npos) << description;
  EXPECT_NE(description.find("grpc-addr"), std::string::npos) << description;
}

TEST(IdentityConfigTest, ShortAdminPasswordAndBadNumbersAreRejected) {
  common::ConfigLoader loader({"--admin-password=short", "--login-address-failures-per-minute=0"},
                              {"SANPLANE_PG_DSN=host=db"});
  IdentityConfig::Load(loader);
  const std::string message = common::testing::ConfigErrorOf([&] { loader.Validate(); });
  common::testing::ExpectMentions(message, {"admin-password", "login-address-failures-per-minute"});
}

}  // namespace
}  // namespace sanplane::identity
