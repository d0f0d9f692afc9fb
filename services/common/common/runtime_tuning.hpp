#pragma once
// Process-wide switches of the libraries under gRPC that every binary sets once at start.

namespace sanplane::common {

/// Turns off Abseil's mutex deadlock detection. Debian's Abseil is built with it on: every
/// absl::Mutex that gRPC locks on a call's path then records the lock order in a global graph
/// (absl::synchronization_internal::GraphCycles), which costs more CPU per unary call than the
/// call's own work. It only reports lock-order inversions inside gRPC, which we do not debug.
void TuneGrpcRuntime();

}  // namespace sanplane::common
