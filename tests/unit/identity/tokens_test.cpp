#include "tokens.hpp"

#include <gtest/gtest.h>

#include <set>
#include <string>

#include "login_throttle.hpp"
#include "redis_session_store.hpp"

namespace sanplane::identity {
namespace {

TEST(TokensTest, RandomTokenIs256BitsOfLowerCaseHex) {
  const std::string token = RandomHexToken();
  EXPECT_EQ(token.size(), 64u);
  EXPECT_TRUE(IsWellFormedToken(token));
  EXPECT_EQ(token.find_first_not_of("0123456789abcdef"), std::string::npos);
}

TEST(TokensTest, RandomTokensDiffer) {
  std::set<std::string> tokens;
  for (int i = 0; i < 1000; ++i) {
    tokens.insert(RandomHexToken());
  }
  EXPECT_EQ(tokens.size(), 1000u);
}

TEST(TokensTest, RandomHexTokenHonoursLength) {
  EXPECT_EQ(RandomHexToken(4).size(), 8u);
  EXPECT_EQ(RandomHexToken(0), "");
}

TEST(TokensTest, Sha256HexMatchesKnownVectors) {
  // FIPS 180-2 test vectors.
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(TokensTest, WellFormedTokenCheck) {
  EXPECT_TRUE(IsWellFormedToken(std::string(64, 'a')));
  EXPECT_FALSE(IsWellFormedToken(""));
  EXPECT_FALSE(IsWellFormedToken(std::string(63, 'a')));
  EXPECT_FALSE(IsWellFormedToken(std::string(65, 'a')));
  EXPECT_FALSE(IsWellFormedToken(std::string(64, 'A')));  // we only ever issue lower case
  EXPECT_FALSE(IsWellFormedToken(std::string(63, 'a') + "g"));
}

TEST(TokensTest, RandomPasswordUsesLettersAndDigits) {
  const std::string password = RandomPassword(20);
  EXPECT_EQ(password.size(), 20u);
  EXPECT_EQ(
      password.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"),
      std::string::npos);
  EXPECT_NE(RandomPassword(20), password);
}

TEST(TokensTest, SessionKeyStoresOnlyTheDigest) {
  const std::string token = RandomHexToken();
  const std::string key = RedisSessionStore::KeyFor(token);
  EXPECT_EQ(key, "session:" + Sha256Hex(token));
  EXPECT_EQ(key.find(token), std::string::npos);
}

TEST(TokensTest, ThrottleKeysIgnoreCaseAndSeparateAddresses) {
  EXPECT_EQ(LoginThrottle::PairKey("Admin", "10.0.0.1"), "login-failures:10.0.0.1 admin");
  EXPECT_EQ(LoginThrottle::PairKey("admin", "::1"), LoginThrottle::PairKey("ADMIN", "::1"));
  EXPECT_NE(LoginThrottle::PairKey("admin", "10.0.0.1"),
            LoginThrottle::PairKey("admin", "10.0.0.2"));
  EXPECT_EQ(LoginThrottle::PairKey("j.doe@Example", ""), "login-failures:unknown j.doe@example");
  EXPECT_EQ(LoginThrottle::AddressKey("10.0.0.1"), "login-failures-per-minute:10.0.0.1");
}

}  // namespace
}  // namespace sanplane::identity
