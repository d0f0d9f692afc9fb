#include "common/heap_trimmer.hpp"

#include <malloc.h>
#include <unistd.h>

#include <algorithm>
#include <fstream>

namespace sanplane::common {

void LimitHeapArenas(int arenas) { mallopt(M_ARENA_MAX, arenas); }

void MapLargeBlocks(size_t bytes) { mallopt(M_MMAP_THRESHOLD, static_cast<int>(bytes)); }

size_t ResidentBytes() {
  std::ifstream statm("/proc/self/statm");
  size_t total_pages = 0;
  size_t resident_pages = 0;
  if (!(statm >> total_pages >> resident_pages)) return 0;
  return resident_pages * static_cast<size_t>(sysconf(_SC_PAGESIZE));
}

void TrimHeap() { malloc_trim(0); }

HeapTrimmer::HeapTrimmer(Options options)
    : options_(std::move(options)), low_mark_(options_.resident_bytes()) {
  thread_ = std::thread([this] {
    std::unique_lock lock(mutex_);
    while (!stop_requested_.wait_for(lock, options_.interval, [this] { return stopping_; })) {
      lock.unlock();
      TrimIfWorthIt();
      lock.lock();
    }
  });
}

HeapTrimmer::~HeapTrimmer() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  stop_requested_.notify_all();
  thread_.join();
}

bool HeapTrimmer::TrimIfWorthIt() {
  std::lock_guard lock(trimming_);
  const size_t resident = options_.resident_bytes();
  if (!follow_up_ && resident < low_mark_ + options_.growth_worth_trimming) {
    low_mark_ = std::min(low_mark_, resident);
    return false;
  }
  options_.trim();
  low_mark_ = options_.resident_bytes();
  follow_up_ = resident >= low_mark_ + options_.growth_worth_trimming / 16;
  return true;
}

}  // namespace sanplane::common
