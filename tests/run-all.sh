#!/usr/bin/env bash
# Runs every test suite against a built tree; `make test` calls it. Each suite starts the real
# servers it needs on free loopback ports and stops them again.
#   run-all.sh          all suites
#   run-all.sh unit     only the unit tests
set -uo pipefail
cd "$(dirname "$0")/.."
BUILD_DIR=${SANPLANE_BUILD_DIR:-build}
export SANPLANE_BUILD_DIR=$BUILD_DIR
only=${1:-all}
failed=()

# Unit tests; the ones that exercise the Postgres/Redis pools get private servers.
stores_dir=$(mktemp -d /tmp/sanplane-unit-stores.XXXXXX)
eval "$(bash deploy/local/stores.sh start "$stores_dir")"
export SANPLANE_TEST_PG_DSN=$SANPLANE_PG_DSN SANPLANE_TEST_REDIS_ADDR=$SANPLANE_REDIS_ADDR
export SANPLANE_TEST_STORES_DIR=$stores_dir
# The stores are there: a unit test that finds one missing fails instead of skipping.
export SANPLANE_TEST_REQUIRE_STORES=1
echo "== unit tests"
ctest --test-dir "$BUILD_DIR" -L unit --output-on-failure -j2 || failed+=(unit)
bash deploy/local/stores.sh stop "$stores_dir"
bash deploy/local/stores.sh remove "$stores_dir"
unset SANPLANE_TEST_PG_DSN SANPLANE_TEST_REDIS_ADDR SANPLANE_TEST_STORES_DIR SANPLANE_TEST_REQUIRE_STORES

if [ "$only" = all ]; then
  echo "== integration tests (real PostgreSQL, Redis and binaries, over HTTP)"
  node --test --test-concurrency=1 tests/integration/ || failed+=(integration)
  if [ -x tests/ops/check.sh ]; then
    echo "== deployment checks (Kubernetes manifests, Prometheus rules, dashboards)"
    bash tests/ops/check.sh || failed+=(ops)
  fi
  if compgen -G "tests/e2e/*.test.mjs" >/dev/null; then
    echo "== browser tests (headless Chromium)"
    node --test --test-concurrency=1 tests/e2e/ || failed+=(e2e)
  fi
fi

if [ ${#failed[@]} -gt 0 ]; then
  echo "FAILED: ${failed[*]}"
  exit 1
fi
echo "ALL TESTS PASSED"
