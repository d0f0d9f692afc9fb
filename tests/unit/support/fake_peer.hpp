#pragma once
// What the fakes of another service (SAN, storage) share: they can be down, and then each call is
// refused the way the real client refuses when the service does not answer.

#include "common/errors.hpp"

namespace sanplane::testing {

class FakePeer {
 public:
  bool down = false;

 protected:
  void RefuseIfDown() const {
    if (down) throw common::Error(common::ErrorKind::kUnavailable, "SAN is down.");
  }
};

}  // namespace sanplane::testing
