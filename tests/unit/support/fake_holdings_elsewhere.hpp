#pragma once
// SAN and storage as identity's customer delete asks them: the counts they report, or down.

#include "fake_peer.hpp"
#include "holdings_elsewhere.hpp"

namespace sanplane::identity::testing {

class FakeHoldingsElsewhere final : public HoldingsElsewhere, public sanplane::testing::FakePeer {
 public:
  CustomerHoldings Count(const grpc::ServerContext&, int64_t customer_id) override {
    asked_customer = customer_id;
    RefuseIfDown();
    return holdings;
  }

  /// What SAN and storage report (`projects` is ignored: identity counts those itself).
  CustomerHoldings holdings;
  int64_t asked_customer = 0;
};

}  // namespace sanplane::identity::testing
