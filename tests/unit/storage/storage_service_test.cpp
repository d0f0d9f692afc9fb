#include "storage_service.hpp"

#include <gtest/gtest.h>

#include "common/errors.hpp"

namespace sanplane::storage {
namespace {

TEST(RequireVersion, ReturnsTheVersionGiven) { EXPECT_EQ(RequireVersion(true, 7, true), 7); }

TEST(RequireVersion, MissingVersionIsPreconditionRequired) {
  try {
    RequireVersion(false, 0, false);
    FAIL() << "no error";
  } catch (const common::Error& error) {
    EXPECT_EQ(error.kind(), common::ErrorKind::kVersionRequired);
    ASSERT_TRUE(error.body());
    EXPECT_EQ(error.body()->at("error").as_string(), "Precondition Required");
  }
}

TEST(RequireVersion, NullVersionIsInvalid) {
  try {
    RequireVersion(false, 0, true);
    FAIL() << "no error";
  } catch (const common::Error& error) {
    EXPECT_EQ(error.kind(), common::ErrorKind::kInvalidArgument);
    EXPECT_NE(std::string(error.what()).find("version"), std::string::npos);
  }
}

}  // namespace
}  // namespace sanplane::storage
