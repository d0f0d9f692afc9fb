#!/usr/bin/env bash
# Runs every libFuzzer target of a SANPLANE_FUZZ build for a bounded time each (`make fuzz`).
#   run.sh BUILD_DIR [SECONDS]     default 60 s a target; FUZZ_SECONDS=3600 make fuzz for longer
# New inputs a run finds go to BUILD_DIR/fuzz-corpus/<target>, next to the committed seeds in
# tests/fuzz/corpus/<target>, which stay as they are. A crash leaves its input in
# BUILD_DIR/fuzz-artifacts/ and fails the run.
set -uo pipefail
cd "$(dirname "$0")/../.."
build=${1:?usage: run.sh BUILD_DIR [SECONDS]}
seconds=${2:-60}
declare -A dictionary=([json_codec]=json [router]=router [http_request]=http)
failed=()
for name in json_codec router http_request; do
  target=$build/tests/fuzz/${name}_fuzz
  corpus=$build/fuzz-corpus/$name
  artifacts=$build/fuzz-artifacts/$name/
  mkdir -p "$corpus" "$artifacts"
  echo "== $name: ${seconds}s"
  "$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -print_final_stats=1 \
    -dict="tests/fuzz/${dictionary[$name]}.dict" -artifact_prefix="$artifacts" \
    "$corpus" "tests/fuzz/corpus/$name" 2>"$build/fuzz-$name.log"
  status=$?
  grep -E "^stat::number_of_executed_units|^stat::peak_rss_mb" "$build/fuzz-$name.log" | sed 's/^/   /'
  if [ $status -ne 0 ]; then
    failed+=("$name")
    tail -40 "$build/fuzz-$name.log"
  fi
done
if [ ${#failed[@]} -gt 0 ]; then
  echo "FUZZING FOUND PROBLEMS: ${failed[*]} (inputs in $build/fuzz-artifacts/)"
  exit 1
fi
echo "FUZZING CLEAN"
