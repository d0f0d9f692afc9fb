#pragma once
// SAN and storage as identity's customer and project deletes ask them: the counts they report,
// or down.

#include <utility>

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

  ProjectMembers CountProjectMembers(const grpc::ServerContext&, int64_t project_id,
                                     int64_t customer_id) override {
    asked_project = project_id;
    asked_customer = customer_id;
    RefuseIfDown();
    return members;
  }

  ProjectMembers ReleaseProject(const grpc::ServerContext&, int64_t project_id,
                                int64_t customer_id) override {
    released_project = project_id;
    asked_customer = customer_id;
    RefuseIfDown();
    return std::exchange(members, {});
  }

  /// What SAN and storage report (`projects` is ignored: identity counts those itself).
  CustomerHoldings holdings;
  /// What SAN reports a project lists.
  ProjectMembers members;
  int64_t asked_customer = 0;
  int64_t asked_project = 0;
  int64_t released_project = 0;
};

}  // namespace sanplane::identity::testing
