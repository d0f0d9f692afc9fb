#!/usr/bin/env bash
# seed-demo.sh URL ADMIN_PASSWORD: demo data for `make run`, created through the REST API the way a
# user would (so it also proves the API works): a customer, a project, a member user, and SAN and
# storage records.
set -euo pipefail
url=$1 password=$2
jar=$(mktemp)
trap 'rm -f "$jar"' EXIT

# api METHOD PATH [JSON] -> prints the response body; fails on a non-2xx status.
api() {
  local method=$1 path=$2 body=${3:-}
  local csrf
  csrf=$(awk '$6=="csrftoken"{print $7}' "$jar" 2>/dev/null || true)
  local args=(-sS -b "$jar" -c "$jar" -X "$method" -H "X-CSRFToken: $csrf" -w '\n%{http_code}')
  [ -n "$body" ] && args+=(-H 'Content-Type: application/json' -d "$body")
  local out status
  out=$(curl "${args[@]}" "$url$path")
  status=${out##*$'\n'}
  out=${out%$'\n'*}
  if [ "${status:0:1}" != 2 ]; then
    echo "seed: $method $path -> $status $out" >&2
    return 1
  fi
  printf '%s' "$out"
}
field() { python3 -c 'import json,sys; print(json.load(sys.stdin)[sys.argv[1]])' "$1"; }
login_body=$(python3 -c 'import json,sys; print(json.dumps({"username":"admin","password":sys.argv[1]}))' "$password")
api POST /api/auth/login/ "$login_body" >/dev/null

customer=$(api POST /api/customers/ '{"name":"Contoso Bank","notes":"Demo customer"}' | field id)
project=$(api POST /api/core/projects/ "{\"name\":\"Datacenter refresh 2026\",\"customer\":$customer,\"notes\":\"Demo project\"}" | field id)
api POST /api/core/users/ '{"username":"alice","password":"alice-demo-pw","first_name":"Alice","last_name":"Storage","email":"alice@example.com","is_superuser":false}' >/dev/null
api POST "/api/customers/$customer/members/" '{"username":"alice"}' >/dev/null
api POST "/api/customers/$customer/members/" '{"username":"admin"}' >/dev/null
api PUT /api/core/user-config/ "{\"active_customer_id\":$customer,\"active_project_id\":$project}" >/dev/null

# SAN and storage demo records (when those services are part of the build).
export SEED_CUSTOMER=$customer SEED_PROJECT=$project
for part in deploy/local/seed-demo.d/*.sh; do
  [ -f "$part" ] || continue
  # shellcheck source=/dev/null
  source "$part"
done
# alice works in the demo project too, so active users shows where she is.
rm -f "$jar"
api POST /api/auth/login/ '{"username":"alice","password":"alice-demo-pw"}' >/dev/null
api PUT /api/core/user-config/ "{\"active_customer_id\":$customer,\"active_project_id\":$project}" >/dev/null
echo "Demo data created: customer $customer, project $project, user alice."
