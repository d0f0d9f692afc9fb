#!/usr/bin/env bash
# monitor.sh DIR PORT TARGETS_JSON: a private Prometheus for `make run MONITOR=1`, scraping the
# local binaries (TARGETS_JSON maps job name -> host:port) with the shipped alert rules. Runs in
# the foreground until killed.
set -euo pipefail
dir=$1 port=$2 targets=$3
root=$(cd "$(dirname "$0")/../.." && pwd)
mkdir -p "$dir/data"
cp "$root/deploy/prometheus/alerts.yml" "$dir/alerts.yml"
python3 - "$targets" >"$dir/prometheus.yml" <<'PY'
import json, sys
targets = json.loads(sys.argv[1])
print("global:\n  scrape_interval: 5s\n  evaluation_interval: 5s\nrule_files:\n  - alerts.yml\nscrape_configs:")
for job, address in sorted(targets.items()):
    print(f"  - job_name: {job}\n    static_configs:\n      - targets: [\"{address}\"]")
PY
exec prometheus --config.file="$dir/prometheus.yml" --storage.tsdb.path="$dir/data" \
  --web.listen-address="127.0.0.1:$port"
