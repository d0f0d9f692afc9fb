#pragma once
// Process-wide switches of the C library and of the libraries under gRPC that every binary (the
// gateway and each service) sets once at start.

namespace sanplane::common {

/// Call first thing in main, before any thread starts:
/// - Turns off Abseil's mutex deadlock detection. Debian's Abseil is built with it on: every
///   absl::Mutex that gRPC locks on a call's path then records the lock order in a global graph
///   (absl::synchronization_internal::GraphCycles), which costs more CPU per unary call than the
///   call's own work. It only reports lock-order inversions inside gRPC, which we do not debug.
/// - Under the C library's allocator (the services; the gateway links jemalloc, which
///   gateway/jemalloc_config.cpp sets up alike), keeps the heap small (heap_trimmer.hpp): two
///   malloc arenas instead of up to 8 per core, blocks of 256 KiB and more on pages of their own,
///   and a HeapTrimmer for the life of the process that gives back what a burst of large answers
///   left.
///   Without them each binary kept tens of MiB after a load it no longer served (identity 77-111
///   MiB, the gateway 64 MiB, presence 150-210 MiB after lists of 10,000 active users).
void TuneProcessRuntime();

}  // namespace sanplane::common
