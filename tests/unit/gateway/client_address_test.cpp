#include "client_address.hpp"

#include <gtest/gtest.h>

namespace sanplane::gateway {
namespace {

HttpRequest From(const std::string& peer, const std::string& forwarded_for = "") {
  HttpRequest request;
  request.set(kPeerAddressHeader, peer);
  if (!forwarded_for.empty()) request.set("X-Forwarded-For", forwarded_for);
  return request;
}

TEST(ClientAddressTest, ForwardedForIsIgnoredFromAnUntrustedPeer) {
  EXPECT_EQ(ClientAddress(From("203.0.113.9", "198.51.100.1"), {}), "203.0.113.9");
  EXPECT_EQ(ClientAddress(From("203.0.113.9", "198.51.100.1"), {"10.0.0.1"}), "203.0.113.9");
}

TEST(ClientAddressTest, ATrustedProxyNamesTheNearestUntrustedHop) {
  const std::vector<std::string> proxies = {"10.0.0.1", "10.0.0.2"};
  // The client wrote the first hop itself; only what our proxies appended counts.
  EXPECT_EQ(ClientAddress(From("10.0.0.1", "1.2.3.4, 198.51.100.7, 10.0.0.2"), proxies),
            "198.51.100.7");
  EXPECT_EQ(ClientAddress(From("10.0.0.1"), proxies), "10.0.0.1");
  EXPECT_EQ(ClientAddress(From("10.0.0.1", "not-an-address"), proxies), "10.0.0.1");
}

TEST(ClientAddressTest, AddressListsAreTrimmed) {
  EXPECT_EQ(ParseAddressList(" 10.0.0.1 ,,10.0.0.2"),
            (std::vector<std::string>{"10.0.0.1", "10.0.0.2"}));
  EXPECT_TRUE(ParseAddressList("").empty());
}

}  // namespace
}  // namespace sanplane::gateway
