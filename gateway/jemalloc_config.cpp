// jemalloc's settings for the gateway, read from this symbol when the allocator starts (before
// main; gateway/CMakeLists.txt says why the gateway links it).
// - narenas:2: two arenas, as the C library's allocator is held to in every binary
//   (common/runtime_tuning.hpp); the threads' caches already keep threads from contending.
// - tcache_max and tcache_nslots_small_max: each thread caches only blocks of up to 4 KiB, at
//   most 64 of a size. Every request's blocks are small; the bounds keep what idle threads hold
//   after a burst of large answers (10,000-user lists) small.
// - background_thread, dirty_decay_ms and muzzy_decay_ms: freed pages go back to the system about
//   a second after a burst, on a thread of jemalloc's own, whether or not the gateway allocates
//   again, as common::HeapTrimmer does for the C library's allocator.

extern "C" {
extern const char* malloc_conf;
const char* malloc_conf =
    "narenas:2,tcache_max:4096,tcache_nslots_small_max:64,"
    "background_thread:true,dirty_decay_ms:1000,muzzy_decay_ms:0";
}
