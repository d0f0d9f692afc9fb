#!/usr/bin/env bash
# `make bench`: micro-benchmarks of the gateway codec and of the zoning import, then HTTP load with
# wrk against a private stack, then the hot paths with their floors and CPU per request of every
# process (hot_paths.mjs; SANPLANE_BENCH_SECONDS=3 for a quick run), then what the version history
# costs a zone save, then what live events cost (memory per idle stream, fan-out lag). Numbers
# vary with the machine; compare the rows of one run with each other.
set -euo pipefail
cd "$(dirname "$0")/../.."
BUILD_DIR=${SANPLANE_BUILD_DIR:-build}
"$BUILD_DIR/tests/bench/codec_bench" --benchmark_min_time=0.2
"$BUILD_DIR/tests/bench/zoning_import_bench"
node tests/bench/http_load.mjs
node tests/bench/hot_paths.mjs
node tests/bench/history_cost.mjs
node tests/bench/live_events.mjs
