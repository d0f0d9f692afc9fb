#include "common/heap_trimmer.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstddef>

namespace sanplane::common {
namespace {

constexpr size_t kMiB = 1 << 20;

// A trimmer whose heap is a number the test sets; its own thread never looks (an hour apart).
struct FakeHeap {
  size_t resident = 40 * kMiB;
  int trims = 0;
  // What a trim gives back.
  size_t returned_by_trim = 0;

  HeapTrimmer::Options Options() {
    HeapTrimmer::Options options;
    options.interval = std::chrono::hours(1);
    options.growth_worth_trimming = 16 * kMiB;  // a sixteenth: 1 MiB
    options.resident_bytes = [this] { return resident; };
    options.trim = [this] {
      ++trims;
      resident -= returned_by_trim;
    };
    return options;
  }
};

TEST(HeapTrimmer, TrimsOnlyAfterResidentMemoryGrewEnough) {
  FakeHeap heap;
  HeapTrimmer trimmer(heap.Options());
  heap.resident += 15 * kMiB;
  EXPECT_FALSE(trimmer.TrimIfWorthIt());
  heap.resident += 1 * kMiB;
  heap.returned_by_trim = 14 * kMiB;
  EXPECT_TRUE(trimmer.TrimIfWorthIt());
  EXPECT_EQ(heap.trims, 1);
}

TEST(HeapTrimmer, MeasuresTheNextBurstFromWhatTheLastTrimLeft) {
  FakeHeap heap;
  HeapTrimmer trimmer(heap.Options());
  heap.resident = 100 * kMiB;
  heap.returned_by_trim = 50 * kMiB;
  ASSERT_TRUE(trimmer.TrimIfWorthIt());  // 50 MiB left resident
  heap.returned_by_trim = 0;
  EXPECT_TRUE(trimmer.TrimIfWorthIt());  // the follow-up of a trim that paid
  // Memory kept in use after the trims (caches, buffers) is not trimmed again and again.
  EXPECT_FALSE(trimmer.TrimIfWorthIt());
  heap.resident = 65 * kMiB;
  EXPECT_FALSE(trimmer.TrimIfWorthIt());
  heap.resident = 66 * kMiB;
  EXPECT_TRUE(trimmer.TrimIfWorthIt());
  EXPECT_EQ(heap.trims, 3);
}

TEST(HeapTrimmer, KeepsTrimmingWhileTrimsGiveBackWhatABurstFreedAfterIt) {
  FakeHeap heap;
  HeapTrimmer trimmer(heap.Options());
  heap.resident = 120 * kMiB;  // in the middle of a burst: most of it still in use
  heap.returned_by_trim = 10 * kMiB;
  ASSERT_TRUE(trimmer.TrimIfWorthIt());
  // The burst ends and frees its memory; resident memory does not grow any more, yet the next
  // looks give it back.
  heap.returned_by_trim = 60 * kMiB;
  EXPECT_TRUE(trimmer.TrimIfWorthIt());
  EXPECT_EQ(heap.resident, 50 * kMiB);
  heap.returned_by_trim = 256 * 1024;  // less than a sixteenth of the growth worth trimming
  EXPECT_TRUE(trimmer.TrimIfWorthIt());
  EXPECT_FALSE(trimmer.TrimIfWorthIt());
  EXPECT_EQ(heap.trims, 3);
}

TEST(HeapTrimmer, FollowsMemoryGivenBackWithoutATrim) {
  FakeHeap heap;
  HeapTrimmer trimmer(heap.Options());
  heap.resident = 20 * kMiB;  // large blocks unmapped when freed
  EXPECT_FALSE(trimmer.TrimIfWorthIt());
  heap.resident = 36 * kMiB;  // 16 MiB above the new low mark
  EXPECT_TRUE(trimmer.TrimIfWorthIt());
}

TEST(HeapTrimmer, ReadsThisProcesssResidentMemory) {
  // Nothing else reports it in a unit test; a running process has some.
  EXPECT_GT(ResidentBytes(), 0u);
}

}  // namespace
}  // namespace sanplane::common
