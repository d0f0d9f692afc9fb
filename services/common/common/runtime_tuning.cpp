#include "common/runtime_tuning.hpp"

#include <absl/synchronization/mutex.h>

#include "common/heap_trimmer.hpp"

namespace sanplane::common {

void TuneProcessRuntime() {
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  LimitHeapArenas(2);
  MapLargeBlocks(256 << 10);
  // Never destroyed: its thread looks until the process ends, with nothing to join at exit.
  static const HeapTrimmer* const trimmer = new HeapTrimmer(HeapTrimmer::Options{});
  (void)trimmer;
}

}  // namespace sanplane::common
