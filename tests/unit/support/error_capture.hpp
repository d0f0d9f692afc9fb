#pragma once
// What a call throws, for tests that check the kind and words of a common::Error.

#include <gtest/gtest.h>

#include <functional>

#include "common/errors.hpp"

namespace sanplane::common::testing {

/// The Error `action` throws; when it throws none, a test failure and an internal error.
inline Error CaptureError(const std::function<void()>& action) {
  try {
    action();
  } catch (const Error& error) {
    return error;
  }
  ADD_FAILURE() << "no Error thrown";
  return Error(ErrorKind::kInternal, "none");
}

/// The kind of the Error `action` throws (see CaptureError).
inline ErrorKind KindOf(const std::function<void()>& action) { return CaptureError(action).kind(); }

}  // namespace sanplane::common::testing
