#pragma once
// SAN and storage as identity's customer delete asks them: the counts they report, or down.

#include "common/errors.hpp"
#include "holdings_elsewhere.hpp"

namespace sanplane::identity::testing {

class FakeHoldingsElsewhere final : public HoldingsElsewhere {
 public:
  CustomerHoldings Count(const grpc::ServerContext&, int64_t customer_id) override {
    asked_customer = customer_id;
    if (down) throw common::Error(common::ErrorKind::kUnavailable, "SAN is down.");
    return holdings;
  }

  /// What SAN and storage report (`projects` is ignored: identity counts those itself).
  CustomerHoldings holdings;
  bool down = false;
  int64_t asked_customer = 0;
};

}  // namespace sanplane::identity::testing
