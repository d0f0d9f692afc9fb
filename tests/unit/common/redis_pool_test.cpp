#include "common/redis_pool.hpp"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <thread>

#include "common/errors.hpp"
#include "error_capture.hpp"
#include "store_env.hpp"

namespace sanplane::common {
namespace {

using namespace std::chrono_literals;

// The script of this checkout (not of some other one), found from this file's path.
const std::string kStoresScript =
    (std::filesystem::path(__FILE__).parent_path() / "../../../deploy/local/stores.sh").string();

class RedisPoolTest : public ::testing::Test {
 protected:
  void SetUp() override {
    address_ = testing::RedisAddr();
    SANPLANE_REQUIRE_STORE(address_, "SANPLANE_TEST_REDIS_ADDR");
    key_ = testing::UniqueName("test:redis_pool:");
  }
  std::string address_;
  RedisCredentials credentials_{testing::RedisUsername(), testing::RedisPassword()};
  RedisTlsSettings tls_ = testing::RedisTls();
  std::string key_;
};

using testing::CaptureError;
using testing::KindOf;

TEST_F(RedisPoolTest, CommandSetsAndGets) {
  RedisPool pool(address_, 2, 1s, credentials_, tls_);
  RedisReply set = pool.Command({"SET", key_, "value with spaces", "EX", "60"});
  ASSERT_EQ(set->type, REDIS_REPLY_STATUS);
  EXPECT_EQ(std::string(set->str, set->len), "OK");
  RedisReply get = pool.Command({"GET", key_});
  ASSERT_EQ(get->type, REDIS_REPLY_STRING);
  EXPECT_EQ(std::string(get->str, get->len), "value with spaces");
  pool.Command({"DEL", key_});
}

TEST_F(RedisPoolTest, PipelineAnswersInOrder) {
  RedisPool pool(address_, 1, 1s, credentials_, tls_);
  const std::vector<RedisReply> replies =
      pool.Pipeline({{"SET", key_, "1", "EX", "60"}, {"INCR", key_}, {"TTL", key_}, {"DEL", key_}});
  ASSERT_EQ(replies.size(), 4u);
  EXPECT_EQ(replies[1]->type, REDIS_REPLY_INTEGER);
  EXPECT_EQ(replies[1]->integer, 2);
  EXPECT_GT(replies[2]->integer, 50);
  EXPECT_EQ(replies[3]->integer, 1);
}

TEST_F(RedisPoolTest, ErrorReplyIsInternalAndKeepsTheConnection) {
  RedisPool pool(address_, 1, 1s, credentials_, tls_);
  EXPECT_EQ(KindOf([&] { pool.Command({"NOSUCHCOMMAND"}); }), ErrorKind::kInternal);
  EXPECT_EQ(KindOf([&] { pool.Pipeline({{"PING"}, {"INCR"}}); }), ErrorKind::kInternal);
  EXPECT_EQ(pool.Command({"PING"})->type, REDIS_REPLY_STATUS);
}

TEST_F(RedisPoolTest, ExhaustedPoolIsResourceExhausted) {
  RedisPool pool(address_, 1, 300ms, credentials_, tls_);
  // Eight short BLPOPs in one pipeline hold the only connection for at least 400 ms while no
  // single read comes near the 300 ms command timeout.
  const std::vector<std::vector<std::string>> slow(8, {"BLPOP", key_ + ":never", "0.05"});
  std::thread holder([&] {
    try {
      pool.Pipeline(slow);
    } catch (const Error& error) {
      ADD_FAILURE() << "holder failed: " << error.what();
    }
  });
  std::this_thread::sleep_for(50ms);
  EXPECT_EQ(KindOf([&] { pool.Command({"PING"}); }), ErrorKind::kResourceExhausted);
  holder.join();
  EXPECT_NO_THROW(pool.Command({"PING"}));
}

// The test Redis, like a production one, refuses clients that do not sign in.
TEST_F(RedisPoolTest, OnlyTheRightCredentialsGetIn) {
  ASSERT_FALSE(credentials_.password.empty()) << "the test Redis is started with a password";
  RedisPool anonymous(address_, 1, 1s, {}, tls_);
  EXPECT_EQ(KindOf([&] { anonymous.Command({"PING"}); }), ErrorKind::kInternal);  // NOAUTH

  RedisPool wrong(address_, 1, 1s, {credentials_.username, credentials_.password + "x"}, tls_);
  wrong.set_unavailable_message("Redis refused us.");
  const Error error = CaptureError([&] { wrong.Command({"PING"}); });
  EXPECT_EQ(error.kind(), ErrorKind::kUnavailable);
  EXPECT_STREQ(error.what(), "Redis refused us.");

  RedisPool right(address_, 1, 1s, credentials_, tls_);
  EXPECT_EQ(right.Command({"PING"})->type, REDIS_REPLY_STATUS);
  // Every new connection signs in, not only the first.
  EXPECT_EQ(right.Pipeline({{"PING"}, {"PING"}}).size(), 2u);
}

TEST(RedisUnreachableTest, ConnectFailureIsUnavailableWithTheConfiguredMessage) {
  RedisPool pool("127.0.0.1:1", 1, 200ms);
  pool.set_unavailable_message("Presence store (Redis) is unavailable.");
  const Error error = CaptureError([&] { pool.Command({"PING"}); });
  EXPECT_EQ(error.kind(), ErrorKind::kUnavailable);
  EXPECT_STREQ(error.what(), "Presence store (Redis) is unavailable.");
  EXPECT_EQ(KindOf([&] { pool.Pipeline({{"PING"}}); }), ErrorKind::kUnavailable);
}

int FreeLoopbackPort() {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  bind(fd, reinterpret_cast<sockaddr*>(&address), sizeof address);
  socklen_t length = sizeof address;
  getsockname(fd, reinterpret_cast<sockaddr*>(&address), &length);
  close(fd);
  return ntohs(address.sin_port);
}

int Stores(const std::string& arguments) {
  return std::system(("bash " + kStoresScript + " " + arguments + " >/dev/null").c_str());
}

// Runs its own redis-server (under SANPLANE_TEST_STORES_DIR), so stopping it cannot disturb tests
// running in parallel against the shared one.
TEST(RedisRestartTest, ReconnectsAfterRedisRestarts) {
  const std::string stores_dir = testing::StoresDir();
  SANPLANE_REQUIRE_STORE(stores_dir, "SANPLANE_TEST_STORES_DIR");
  std::string dir_template = stores_dir + "/redis-restart-XXXXXX";
  ASSERT_NE(mkdtemp(dir_template.data()), nullptr);
  const std::string dir = dir_template;
  const std::string port = std::to_string(FreeLoopbackPort());
  ASSERT_EQ(Stores("start-redis " + dir + " " + port), 0);

  // The password start-redis made for this server.
  std::ifstream password_file(dir + "/redis.password");
  std::string password;
  std::getline(password_file, password);
  RedisPool pool("127.0.0.1:" + port, 2, 500ms, {"sanplane", password},
                 {.enabled = true, .ca_file = dir + "/tls/ca.crt", .server_name = ""});
  ASSERT_EQ(pool.Command({"PING"})->type, REDIS_REPLY_STATUS);

  ASSERT_EQ(Stores("stop-redis " + dir), 0);
  EXPECT_EQ(KindOf([&] { pool.Command({"PING"}); }), ErrorKind::kUnavailable);
  EXPECT_EQ(KindOf([&] { pool.Command({"PING"}); }), ErrorKind::kUnavailable);

  ASSERT_EQ(Stores("start-redis " + dir + " " + port), 0);
  RedisReply pong = pool.Command({"PING"});
  ASSERT_EQ(pong->type, REDIS_REPLY_STATUS);
  EXPECT_EQ(std::string(pong->str, pong->len), "PONG");

  Stores("stop-redis " + dir);
  std::filesystem::remove_all(dir);
}

// Plain TCP stays supported (a Redis on a private network, or behind a TLS tunnel) on the same
// connection code as TLS; the shared test Redis speaks TLS only, so this one is started here.
TEST(RedisPlainTest, PlainServerAnswers) {
  const std::string stores_dir = testing::StoresDir();
  SANPLANE_REQUIRE_STORE(stores_dir, "SANPLANE_TEST_STORES_DIR");
  std::string dir_template = stores_dir + "/redis-plain-XXXXXX";
  ASSERT_NE(mkdtemp(dir_template.data()), nullptr);
  const std::string dir = dir_template;
  const std::string port = std::to_string(FreeLoopbackPort());
  ASSERT_EQ(std::system(("redis-server --bind 127.0.0.1 --port " + port +
                         " --save '' --appendonly no --daemonize yes --dir " + dir + " --pidfile " +
                         dir + "/redis.pid --logfile " + dir + "/redis.log")
                            .c_str()),
            0);
  RedisPool pool("127.0.0.1:" + port, 1, 1s);
  RedisReply pong;
  for (int attempt = 0; attempt < 100 && !pong; ++attempt) {
    try {
      pong = pool.Command({"PING"});
    } catch (const Error&) {
      std::this_thread::sleep_for(50ms);  // not listening yet
    }
  }
  std::system(("kill $(cat " + dir + "/redis.pid) 2>/dev/null").c_str());
  std::filesystem::remove_all(dir);
  ASSERT_TRUE(pong);
  EXPECT_EQ(std::string(pong->str, pong->len), "PONG");
}

}  // namespace
}  // namespace sanplane::common
