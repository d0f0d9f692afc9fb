// The pool's TLS: it talks only to a Redis whose certificate chains to the configured CA and names
// the configured server, and it still speaks plain TCP to a Redis without TLS.
#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

#include "common/errors.hpp"
#include "common/redis_pool.hpp"
#include "error_capture.hpp"
#include "store_env.hpp"

namespace sanplane::common {
namespace {

using namespace std::chrono_literals;
using testing::KindOf;

class RedisTlsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    address_ = testing::RedisAddr();
    SANPLANE_REQUIRE_STORE(address_, "SANPLANE_TEST_REDIS_ADDR");
    tls_ = testing::RedisTls();
    ASSERT_TRUE(tls_.enabled) << "the test Redis speaks TLS only; its CA file is not set";
  }
  std::string address_;
  RedisCredentials credentials_{testing::RedisUsername(), testing::RedisPassword()};
  RedisTlsSettings tls_;
};

/// A scratch directory removed with the test.
struct ScratchDir {
  ScratchDir() {
    std::string pattern = (std::filesystem::temp_directory_path() / "redis-tls-XXXXXX").string();
    if (mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("mkdtemp failed");
    path = pattern;
  }
  ~ScratchDir() { std::filesystem::remove_all(path); }
  std::string path;
};

TEST_F(RedisTlsTest, VerifiedServerAnswers) {
  RedisPool pool(address_, 1, 1s, credentials_, tls_);
  RedisReply pong = pool.Command({"PING"});
  ASSERT_EQ(pong->type, REDIS_REPLY_STATUS);
  EXPECT_EQ(std::string(pong->str, pong->len), "PONG");
  // The name checked may be given apart from the address: the certificate also names localhost.
  RedisPool by_name(address_, 1, 1s, credentials_,
                    {.enabled = true, .ca_file = tls_.ca_file, .server_name = "localhost"});
  EXPECT_EQ(by_name.Command({"PING"})->type, REDIS_REPLY_STATUS);
}

TEST_F(RedisTlsTest, CertificateFromAnotherCaIsRefused) {
  ScratchDir scratch;
  const std::string other_ca = scratch.path + "/other-ca.crt";
  ASSERT_EQ(std::system(("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 "
                         "-nodes -days 1 -subj /CN=other -keyout " +
                         scratch.path + "/other-ca.key -out " + other_ca + " >/dev/null 2>&1")
                            .c_str()),
            0);
  RedisPool pool(address_, 1, 1s, credentials_,
                 {.enabled = true, .ca_file = other_ca, .server_name = ""});
  EXPECT_EQ(KindOf([&] { pool.Command({"PING"}); }), ErrorKind::kUnavailable);
}

TEST_F(RedisTlsTest, CertificateForAnotherNameIsRefused) {
  RedisPool pool(address_, 1, 1s, credentials_,
                 {.enabled = true, .ca_file = tls_.ca_file, .server_name = "redis.example.com"});
  EXPECT_EQ(KindOf([&] { pool.Command({"PING"}); }), ErrorKind::kUnavailable);
  RedisPool other_address(address_, 1, 1s, credentials_,
                          {.enabled = true, .ca_file = tls_.ca_file, .server_name = "127.0.0.2"});
  EXPECT_EQ(KindOf([&] { other_address.Command({"PING"}); }), ErrorKind::kUnavailable);
}

TEST_F(RedisTlsTest, PlainClientGetsNothingFromATlsServer) {
  RedisPool plain(address_, 1, 300ms, credentials_);
  EXPECT_EQ(KindOf([&] { plain.Command({"PING"}); }), ErrorKind::kUnavailable);
}

TEST(RedisTlsSettingsTest, UnreadableCaStopsTheStart) {
  EXPECT_THROW(RedisPool("127.0.0.1:1", 1, 100ms, {},
                         {.enabled = true, .ca_file = "/nonexistent/ca.crt", .server_name = ""}),
               std::invalid_argument);
}

}  // namespace
}  // namespace sanplane::common
