#!/usr/bin/env bash
# Offline checks of the deployment and monitoring files: k8s/, deploy/prometheus, deploy/grafana,
# deploy/docker. Needs node, yamllint, promtool (Debian "prometheus"), tests/node_modules
# (`npm ci` in tests/) and, for the Kubernetes part, the preinstalled kubectl (kustomize built in).
# Prints one PASS/FAIL/SKIP line per check, the output of failures, and a summary line; exits
# non-zero if any check failed.
set -uo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OPS=$ROOT/tests/ops
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sanplane-ops.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export KUBECONFIG=/nonexistent # rendering never needs a cluster

passed=0 failed=0 skipped=0
failures=()

# check NAME CMD...: runs CMD, records the result, shows its last line on success, all on failure.
check() {
  local name=$1 out rc
  shift
  out=$("$@" 2>&1)
  rc=$?
  if [ $rc -eq 0 ]; then
    passed=$((passed + 1))
    printf 'PASS  %-34s %s\n' "$name" "$(printf '%s\n' "$out" | grep -v '^\s*$' | tail -n 1 | sed 's/^ *//')"
  else
    failed=$((failed + 1))
    failures+=("$name")
    printf 'FAIL  %s (exit %d)\n' "$name" "$rc"
    printf '%s\n' "$out" | sed 's/^/      /'
  fi
}

skip() {
  skipped=$((skipped + 1))
  printf 'SKIP  %-34s %s\n' "$1" "$2"
}

need() {
  command -v "$1" >/dev/null 2>&1 || {
    printf 'missing tool %s: %s\n' "$1" "$2"
    return 1
  }
}

# --- tools --------------------------------------------------------------------------------------
tools_ok=true
check "tools" bash -c "
  $(declare -f need)
  need node 'Node.js 20' && need yamllint 'apt-get install yamllint' &&
  need promtool 'apt-get install prometheus' &&
  for p in yaml kubernetes-models kubernetes-types typescript @grafana/schema; do
    [ -d '$ROOT/tests/node_modules/'\$p ] || { echo \"tests/node_modules/\$p missing: run npm ci in tests/\"; exit 1; }
  done && echo 'node, yamllint, promtool, tests/node_modules present'" || true
[ $failed -eq 0 ] || tools_ok=false

if $tools_ok; then
  # --- YAML -------------------------------------------------------------------------------------
  check "yamllint k8s/ deploy/" bash -c "cd '$ROOT' && yamllint -c tests/ops/.yamllint -s k8s deploy && echo 'no problems'"

  # --- Kubernetes ---------------------------------------------------------------------------------
  if command -v kubectl >/dev/null 2>&1; then
    for overlay in dev prod; do
      check "kustomize overlays/$overlay" bash -c "
        kubectl kustomize '$ROOT/k8s/overlays/$overlay' >'$WORK/$overlay.yaml' &&
        echo \"\$(grep -c '^kind:' '$WORK/$overlay.yaml') objects\""
    done
    if [ -s "$WORK/dev.yaml" ] && [ -s "$WORK/prod.yaml" ]; then
      check "k8s schemas (kubernetes-models)" node "$OPS/k8s_models.mjs" "$WORK/dev.yaml" "$WORK/prod.yaml"
      check "k8s strict fields (tsc)" node "$OPS/k8s_types.mjs" "$WORK/dev.yaml" "$WORK/prod.yaml"
      check "k8s policy overlays/dev" node "$OPS/k8s_policy.mjs" "$WORK/dev.yaml"
      check "k8s policy overlays/prod" node "$OPS/k8s_policy.mjs" --expect-hpa --zone-spread-required \
        --external-secret sanplane-postgres --external-secret sanplane-admin \
        --external-secret sanplane-principal-key --external-secret sanplane-redis \
        --external-secret sanplane-postgres-ca --external-secret sanplane-redis-ca "$WORK/prod.yaml"
    else
      skip "k8s validation" "nothing rendered (see the kustomize failures above)"
    fi
  else
    skip "kustomize + k8s validation" "kubectl not found (it is preinstalled on the standard image; not installable from apt)"
  fi

  # --- Prometheus ---------------------------------------------------------------------------------
  P=$ROOT/deploy/prometheus
  check "promtool check config" promtool check config "$P/prometheus.yml"
  mkdir -p "$WORK/prom-k8s"
  check "promtool check config (k8s)" bash -c "
    node '$OPS/prometheus_k8s_config.mjs' '$P' '$WORK/prom-k8s' &&
    promtool check config '$WORK/prom-k8s/prometheus-k8s.yml'"
  check "promtool check rules" promtool check rules "$P/alerts.yml"
  check "promtool test rules" promtool test rules "$P/alerts_test.yml"
  check "alert test coverage" node "$OPS/alerts_coverage.mjs" "$P"
  check "metric names" node "$OPS/metric_names.mjs" "$P" "$ROOT/deploy/grafana/dashboards"

  # --- Grafana ------------------------------------------------------------------------------------
  G=$ROOT/deploy/grafana/dashboards
  check "grafana structure" node "$OPS/grafana.mjs" structure "$G"
  check "grafana PromQL (promtool)" node "$OPS/grafana.mjs" promql "$G"
  check "grafana types (@grafana/schema)" node "$OPS/grafana.mjs" types "$G"

  # --- Docker -------------------------------------------------------------------------------------
  check "docker/compose consistency" node "$OPS/compose.mjs" "$ROOT/deploy/docker" "$P"
else
  skip "all other checks" "prerequisites missing (see above)"
fi

echo
if [ $failed -eq 0 ]; then
  echo "ops checks: $passed passed, $failed failed, $skipped skipped"
else
  echo "ops checks: $passed passed, $failed failed, $skipped skipped (failed: ${failures[*]})"
  exit 1
fi
