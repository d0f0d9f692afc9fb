#pragma once
// What a call throws, for tests that check the kind and words of a common::Error.

#include <gtest/gtest.h>

#include <functional>
#include <initializer_list>
#include <string_view>

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

/// Checks that `error` is an invalid argument whose message says each of `parts`.
inline void ExpectInvalidArgumentSaying(const Error& error,
                                        std::initializer_list<std::string_view> parts) {
  EXPECT_EQ(error.kind(), ErrorKind::kInvalidArgument);
  for (const std::string_view part : parts) {
    EXPECT_NE(std::string_view(error.what()).find(part), std::string_view::npos)
        << error.what() << " does not say " << part;
  }
}

}  // namespace sanplane::common::testing
