#pragma once
// Gives freed heap memory back to the system. glibc keeps what a thread frees in that thread's
// arena for its next allocations; after a burst of large answers built on many threads at once
// (a list of 10,000 active users is megabytes of small messages per call), the process holds a
// hundred MiB and more that it no longer uses, until the same burst comes again.

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <mutex>
#include <thread>

namespace sanplane::common {

/// At most `arenas` malloc arenas (glibc's default is 8 per core): fewer arenas hold less memory
/// freed by one thread and idle while another allocates. Call first thing in main.
void LimitHeapArenas(int arenas);

/// Blocks of at least `bytes` get pages of their own (mmap), given back the moment they are
/// freed. glibc's threshold starts at 128 KiB but rises to the largest block freed (up to 32 MiB),
/// after which answers of megabytes (a 10,000-user list) are carved from the arenas and fragment
/// them; a threshold set here stays put.
void MapLargeBlocks(size_t bytes);

/// This process's resident memory (/proc/self/statm), 0 when it cannot be read.
size_t ResidentBytes();
/// malloc_trim(0): returns the free pages of every arena to the system.
void TrimHeap();

class HeapTrimmer {
 public:
  struct Options {
    /// How often the heap is looked at.
    std::chrono::milliseconds interval{5000};
    /// Trims when resident memory grew this much since the last trim (or since the start): a
    /// trim walks every arena under its lock, and what it freed stays counted as free heap, so
    /// growth, not free bytes, tells a new burst. A trim that gave back at least a sixteenth of
    /// this is followed by another at the next look, and so on while trims pay: a trim in the
    /// middle of a burst finds the burst's memory still in use, and what the burst frees after it
    /// would otherwise stay until the next burst. 2 MiB: a service that grew by a few MiB (SAN,
    /// identity after the 10,000-user lists: 2-4 MiB each) kept them at 8; a trim costs
    /// milliseconds.
    size_t growth_worth_trimming = 2 << 20;
    std::function<size_t()> resident_bytes = ResidentBytes;
    std::function<void()> trim = TrimHeap;
  };

  /// Looks every `interval` on a thread of its own, until destroyed.
  explicit HeapTrimmer(Options options);
  ~HeapTrimmer();
  HeapTrimmer(const HeapTrimmer&) = delete;
  HeapTrimmer& operator=(const HeapTrimmer&) = delete;

  /// One look: trims when resident memory grew enough, or after a trim that paid. True when it
  /// trimmed.
  bool TrimIfWorthIt();

 private:
  Options options_;
  std::mutex trimming_;  // TrimIfWorthIt runs on the trimmer's thread and on callers'
  /// Resident memory after the last trim, or the least seen since (memory given back otherwise,
  /// e.g. large blocks unmapped at once, lowers the mark).
  size_t low_mark_;
  /// The last trim gave back enough for the next look to trim again.
  bool follow_up_ = false;
  std::mutex mutex_;
  std::condition_variable stop_requested_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace sanplane::common
