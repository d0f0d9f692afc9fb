#include "common/runtime_tuning.hpp"

#include <absl/synchronization/mutex.h>

namespace sanplane::common {

void TuneGrpcRuntime() { absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore); }

}  // namespace sanplane::common
