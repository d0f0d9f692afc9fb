#include "password_hasher.hpp"

#include <gtest/gtest.h>

#include <string>

namespace sanplane::identity {
namespace {

class PasswordHasherTest : public ::testing::Test {
 protected:
  PasswordHasher hasher_{PasswordHasher::MinimalForTests()};
};

TEST_F(PasswordHasherTest, HashIsArgon2idAndVerifies) {
  const std::string hash = hasher_.Hash("correct horse battery staple");
  EXPECT_EQ(hash.rfind("$argon2id$", 0), 0u) << hash;
  EXPECT_TRUE(hasher_.Verify(hash, "correct horse battery staple"));
}

TEST_F(PasswordHasherTest, WrongPasswordDoesNotVerify) {
  const std::string hash = hasher_.Hash("s3cret-password");
  EXPECT_FALSE(hasher_.Verify(hash, "s3cret-passworD"));
  EXPECT_FALSE(hasher_.Verify(hash, ""));
}

TEST_F(PasswordHasherTest, SamePasswordGetsADifferentSaltEachTime) {
  const std::string first = hasher_.Hash("same password");
  const std::string second = hasher_.Hash("same password");
  EXPECT_NE(first, second);
  EXPECT_TRUE(hasher_.Verify(first, "same password"));
  EXPECT_TRUE(hasher_.Verify(second, "same password"));
}

TEST_F(PasswordHasherTest, MalformedHashesNeverVerify) {
  EXPECT_FALSE(hasher_.Verify("", "anything"));
  EXPECT_FALSE(hasher_.Verify("not a hash", "not a hash"));
  EXPECT_FALSE(hasher_.Verify(std::string(1000, 'x'), "anything"));
}

TEST_F(PasswordHasherTest, PasswordsWithNulBytesAndUnicodeRoundTrip) {
  const std::string password = std::string("pa\0ss", 5) + "wörd";
  const std::string hash = hasher_.Hash(password);
  EXPECT_TRUE(hasher_.Verify(hash, password));
  EXPECT_FALSE(hasher_.Verify(hash, "pa"));  // must not stop at the NUL
}

TEST_F(PasswordHasherTest, DummyVerificationRuns) {
  hasher_.VerifyAgainstDummy("whatever");  // must neither throw nor crash
}

TEST(PasswordHasherCostTest, ProductionCostIsInteractiveArgon2id) {
  const PasswordHasher hasher{PasswordHasher::Interactive(), 1};
  const std::string hash = hasher.Hash("a production password");
  // libsodium's INTERACTIVE limits for argon2id: 64 MiB, 2 passes.
  EXPECT_NE(hash.find("$m=65536,t=2,p=1$"), std::string::npos) << hash;
  EXPECT_TRUE(hasher.Verify(hash, "a production password"));
}

}  // namespace
}  // namespace sanplane::identity
