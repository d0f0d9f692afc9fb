#include "common/json_struct.hpp"

#include <gtest/gtest.h>

#include <boost/json/parse.hpp>
#include <limits>

namespace sanplane::common {
namespace {

TEST(JsonStructTest, ObjectRoundTrips) {
  const boost::json::object original =
      boost::json::parse(R"({"name":"z1","version":6,"ratio":0.25,"ok":true,"none":null,
                             "members":[{"alias":1},{"alias":2}],"nested":{"empty":[],"s":""}})")
          .as_object();
  EXPECT_EQ(FromStruct(ToStruct(original)), original);
}

TEST(JsonStructTest, WholeNumbersComeBackAsInt64) {
  EXPECT_TRUE(FromProtoValue(ToProtoValue(42)).is_int64());
  EXPECT_EQ(FromProtoValue(ToProtoValue(-7)).as_int64(), -7);
  EXPECT_TRUE(FromProtoValue(ToProtoValue(3.0)).is_int64());
  EXPECT_TRUE(FromProtoValue(ToProtoValue(2.5)).is_double());
  EXPECT_EQ(FromProtoValue(ToProtoValue(2.5)).as_double(), 2.5);
  // 2^63 is whole but does not fit in int64.
  EXPECT_TRUE(FromProtoValue(ToProtoValue(9223372036854775808.0)).is_double());
  EXPECT_TRUE(FromProtoValue(ToProtoValue(-9223372036854775808.0)).is_int64());
}

TEST(JsonStructTest, NonFiniteAndUnsetValues) {
  google::protobuf::Value infinite;
  infinite.set_number_value(std::numeric_limits<double>::infinity());
  EXPECT_TRUE(FromProtoValue(infinite).is_double());
  EXPECT_TRUE(FromProtoValue(google::protobuf::Value()).is_null());
}

}  // namespace
}  // namespace sanplane::common
