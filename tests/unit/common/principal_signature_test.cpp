#include "common/principal_signature.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <string>

namespace sanplane::common {
namespace {

using std::chrono::seconds;
using std::chrono::system_clock;

const std::string kCurrent = "current-principal-key-0123456789abcdef";
const std::string kPrevious = "previous-principal-key-0123456789abcdef";
const std::string kPrincipal = std::string(
    "\x08\x07\x12\x05"
    "alice\x18\x01",
    10);  // superuser

PrincipalKeys Keys() { return {PrincipalKey(kCurrent), PrincipalKey(kPrevious)}; }

TEST(PrincipalSignatureTest, ASignatureVerifiesUntilItExpires) {
  const auto now = system_clock::now();
  const std::string signature = SignPrincipal(Keys(), kPrincipal, "req-1", now + seconds(60));
  EXPECT_EQ(PrincipalSignatureProblem(Keys(), kPrincipal, "req-1", signature, now), "");
  EXPECT_EQ(PrincipalSignatureProblem(Keys(), kPrincipal, "req-1", signature, now + seconds(61)),
            "The caller's identity signature has expired");
}

TEST(PrincipalSignatureTest, EveryTamperedByteIsRefused) {
  const auto now = system_clock::now();
  const std::string signature = SignPrincipal(Keys(), kPrincipal, "req-1", now + seconds(60));
  for (size_t i = 0; i < kPrincipal.size(); ++i) {
    std::string forged = kPrincipal;
    forged[i] ^= 0x01;
    EXPECT_NE(PrincipalSignatureProblem(Keys(), forged, "req-1", signature, now), "") << i;
  }
  for (size_t i = 0; i < signature.size(); ++i) {
    std::string forged = signature;
    forged[i] ^= 0x01;
    EXPECT_NE(PrincipalSignatureProblem(Keys(), kPrincipal, "req-1", forged, now), "") << i;
  }
  EXPECT_EQ(PrincipalSignatureProblem(Keys(), kPrincipal, "req-2", signature, now),
            "The caller's identity signature does not match");
}

TEST(PrincipalSignatureTest, AnExtendedExpiryDoesNotVerify) {
  const auto now = system_clock::now();
  std::string signature = SignPrincipal(Keys(), kPrincipal, "req-1", now - seconds(1));
  signature[8] = static_cast<char>(signature[8] + 100);  // expiry's low byte: 100 s later
  EXPECT_EQ(PrincipalSignatureProblem(Keys(), kPrincipal, "req-1", signature, now),
            "The caller's identity signature does not match");
}

TEST(PrincipalSignatureTest, ThePreviousKeyStillVerifiesDuringARotation) {
  const auto now = system_clock::now();
  const PrincipalKeys old_gateway{PrincipalKey(kPrevious), std::nullopt};
  const std::string signature = SignPrincipal(old_gateway, kPrincipal, "req-1", now + seconds(60));
  EXPECT_EQ(PrincipalSignatureProblem(Keys(), kPrincipal, "req-1", signature, now), "");
  // Once the previous key is dropped, its signatures are refused.
  const PrincipalKeys rotated{PrincipalKey(kCurrent), std::nullopt};
  EXPECT_EQ(PrincipalSignatureProblem(rotated, kPrincipal, "req-1", signature, now),
            "The caller's identity is signed with an unknown key");
}

TEST(PrincipalSignatureTest, MissingOrMalformedSignaturesAreNamed) {
  const auto now = system_clock::now();
  EXPECT_EQ(PrincipalSignatureProblem(Keys(), kPrincipal, "req-1", "", now),
            "The caller's identity is not signed");
  EXPECT_EQ(PrincipalSignatureProblem(Keys(), kPrincipal, "req-1", "short", now),
            "The caller's identity signature is malformed");
}

TEST(PrincipalSignatureTest, KeysAreRequiredLongAndSecret) {
  ConfigLoader missing(std::vector<std::string>{}, {});
  EXPECT_FALSE(LoadPrincipalKeys(missing).has_value());
  try {
    missing.Validate();
    FAIL() << "expected a ConfigError";
  } catch (const ConfigError& error) {
    EXPECT_NE(std::string(error.what()).find("principal-key is required"), std::string::npos)
        << error.what();
  }

  ConfigLoader short_key({}, {"SANPLANE_PRINCIPAL_KEY=too-short"});
  EXPECT_FALSE(LoadPrincipalKeys(short_key).has_value());
  EXPECT_THROW(short_key.Validate(), ConfigError);

  ConfigLoader both(
      {}, {"SANPLANE_PRINCIPAL_KEY=" + kCurrent, "SANPLANE_PRINCIPAL_KEY_PREVIOUS=" + kPrevious});
  const auto keys = LoadPrincipalKeys(both);
  ASSERT_TRUE(keys.has_value());
  EXPECT_NO_THROW(both.Validate());
  EXPECT_TRUE(keys->previous.has_value());
  EXPECT_NE(keys->current.id(), keys->previous->id());
  const std::string description = both.Describe();
  EXPECT_EQ(description.find(kCurrent), std::string::npos) << description;
  EXPECT_EQ(description.find(kPrevious), std::string::npos) << description;
}

}  // namespace
}  // namespace sanplane::common
