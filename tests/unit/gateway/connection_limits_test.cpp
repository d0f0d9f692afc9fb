#include "connection_limits.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace sanplane::gateway {
namespace {

using Refusal = ConnectionLimits::Refusal;

TEST(ConnectionLimitsTest, CapsEachAddressAndFreesSlotsOnRelease) {
  auto limits = ConnectionLimits::Create(100, 2);
  Refusal refusal;
  auto a1 = limits->TryAcquire("a", refusal);
  auto a2 = limits->TryAcquire("a", refusal);
  ASSERT_TRUE(a1 && a2);
  EXPECT_FALSE(limits->TryAcquire("a", refusal));
  EXPECT_EQ(refusal, Refusal::kPerAddress);
  EXPECT_TRUE(limits->TryAcquire("b", refusal));
  a1.reset();
  EXPECT_TRUE(limits->TryAcquire("a", refusal));
}

TEST(ConnectionLimitsTest, CapsTheTotal) {
  auto limits = ConnectionLimits::Create(3, 2);
  Refusal refusal;
  std::vector<std::unique_ptr<ConnectionLimits::Slot>> slots;
  slots.push_back(limits->TryAcquire("a", refusal));
  slots.push_back(limits->TryAcquire("b", refusal));
  slots.push_back(limits->TryAcquire("c", refusal));
  EXPECT_FALSE(limits->TryAcquire("d", refusal));
  EXPECT_EQ(refusal, Refusal::kTotal);
  EXPECT_EQ(limits->total(), 3u);
  slots.clear();
  EXPECT_EQ(limits->total(), 0u);
  EXPECT_EQ(limits->from("a"), 0u);
}

}  // namespace
}  // namespace sanplane::gateway
