#include "common/runtime_tuning.hpp"

#include <absl/synchronization/mutex.h>

#include <cstddef>

#include "common/heap_trimmer.hpp"

// jemalloc's control call; null when the C library's allocator serves (the services, and
// sanitized builds of the gateway).
extern "C" int mallctl(const char* name, void* old_value, size_t* old_length, void* new_value,
                       size_t new_length) __attribute__((weak));

namespace sanplane::common {
namespace {

bool JemallocServes() { return mallctl != nullptr; }

}  // namespace

void TuneProcessRuntime() {
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  // jemalloc takes its settings from gateway/jemalloc_config.cpp.
  if (JemallocServes()) return;
  LimitHeapArenas(2);
  MapLargeBlocks(256 << 10);
  // Never destroyed: its thread looks until the process ends, with nothing to join at exit.
  static const HeapTrimmer* const trimmer = new HeapTrimmer(HeapTrimmer::Options{});
  (void)trimmer;
}

}  // namespace sanplane::common
