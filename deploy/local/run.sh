#!/usr/bin/env bash
# `make run`: private PostgreSQL and Redis, every service, the gateway and demo data, on this
# machine. Ctrl-C stops everything it started. State lives in .run/ (git-ignored), so a second run
# keeps the data; `make clean` forgets it.
set -euo pipefail
cd "$(dirname "$0")/../.."
ROOT=$(pwd)
BUILD_DIR=$(cd "${SANPLANE_BUILD_DIR:-build}" && pwd)
RUN_DIR=$ROOT/.run
HTTP_PORT=${SANPLANE_HTTP_PORT:-8000}
# Only this machine can reach the gateway unless asked otherwise (BIND=0.0.0.0 for the network).
BIND=${BIND:-127.0.0.1}
SERVICES=(identity storage presence san)
mkdir -p "$RUN_DIR/logs"

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

if python3 -c "import socket,sys; s=socket.socket(); s.bind(('$BIND',$HTTP_PORT))" 2>/dev/null; then :; else
  echo "Port $HTTP_PORT is in use. Set SANPLANE_HTTP_PORT to another port." >&2
  exit 1
fi

# The admin password: SANPLANE_ADMIN_PASSWORD when set, else the one generated on the first run.
password_file=$RUN_DIR/admin-password
if [ ! -f "$password_file" ]; then
  (umask 077; echo "${SANPLANE_ADMIN_PASSWORD:-$(python3 -c 'import secrets; print(secrets.token_urlsafe(12))')}" >"$password_file")
fi
stored_password=$(cat "$password_file")
admin_password=${SANPLANE_ADMIN_PASSWORD:-$stored_password}

pids=()
declare -A pid_of  # the services, by name (restarted ones get a new pid)
cleanup() {
  trap - INT TERM EXIT
  echo
  echo "Stopping sanplane..."
  for pid in "${pid_of[@]}" "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pid_of[@]}" "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  bash "$ROOT/deploy/local/stores.sh" stop "$RUN_DIR/stores"
  echo "Stopped."
  exit 0
}
trap cleanup INT TERM EXIT

eval "$(bash deploy/local/stores.sh start "$RUN_DIR/stores")"

export SANPLANE_LOG_LEVEL=${SANPLANE_LOG_LEVEL:-info}
# The key the gateway signs the caller's identity with and every service verifies; a new one each
# run, since nothing outlives the processes started here.
SANPLANE_PRINCIPAL_KEY=$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')
export SANPLANE_PRINCIPAL_KEY
export SANPLANE_ADMIN_PASSWORD=$stored_password
declare -A grpc_port metrics_port

# Services call each other both ways (san asks identity and storage; identity and storage ask san
# before deletes), so every port is chosen before the first start and every address exported.
# A port found free can be taken before the service binds it; then the service exits at once, is
# started again on other ports, and the services already running are restarted to learn them.
launch() {
  local svc=$1
  SANPLANE_GRPC_ADDR=127.0.0.1:${grpc_port[$svc]} SANPLANE_METRICS_ADDR=127.0.0.1:${metrics_port[$svc]} \
    "$BUILD_DIR/services/$svc/sanplane-$svc" >>"$RUN_DIR/logs/$svc.log" 2>&1 &
  pid_of[$svc]=$!
  for _ in $(seq 100); do
    kill -0 "${pid_of[$svc]}" 2>/dev/null || break
    python3 -c "import socket,sys; socket.create_connection(('127.0.0.1',${grpc_port[$svc]}),0.2)" \
      2>/dev/null && break
    sleep 0.05
  done
  sleep 0.2
  kill -0 "${pid_of[$svc]}" 2>/dev/null
}

start_service() {
  local svc=$1 attempt other
  for attempt in 1 2 3 4; do
    if [ "$attempt" -gt 1 ]; then
      grpc_port[$svc]=$(free_port)
      metrics_port[$svc]=$(free_port)
      export "SANPLANE_${svc^^}_ADDR=127.0.0.1:${grpc_port[$svc]}"
    fi
    if launch "$svc"; then
      if [ "$attempt" -gt 1 ]; then
        for other in "${!pid_of[@]}"; do
          [ "$other" = "$svc" ] && continue
          kill -TERM "${pid_of[$other]}" 2>/dev/null || true
          wait "${pid_of[$other]}" 2>/dev/null || true
          launch "$other" || { echo "sanplane-$other did not restart" >&2; exit 1; }
        done
      fi
      return 0
    fi
  done
  echo "sanplane-$svc did not start; see $RUN_DIR/logs/$svc.log" >&2
  exit 1
}

for svc in "${SERVICES[@]}"; do
  grpc_port[$svc]=$(free_port)
  metrics_port[$svc]=$(free_port)
  export "SANPLANE_${svc^^}_ADDR=127.0.0.1:${grpc_port[$svc]}"
done
for svc in "${SERVICES[@]}"; do start_service "$svc"; done
gateway_metrics_port=$(free_port)
SANPLANE_HTTP_ADDR=$BIND SANPLANE_HTTP_PORT=$HTTP_PORT SANPLANE_WEB_ROOT=$ROOT/gateway/web \
  SANPLANE_METRICS_ADDR=127.0.0.1:$gateway_metrics_port \
  "$BUILD_DIR/gateway/sanplane-gateway" >>"$RUN_DIR/logs/gateway.log" 2>&1 &
pids+=($!)

url=http://localhost:$HTTP_PORT
for _ in $(seq 200); do
  [ "$(curl -fsS "$url/readyz" 2>/dev/null)" = '{"status":"ready"}' ] && break
  sleep 0.1
done
if [ "$(curl -fsS "$url/readyz" 2>/dev/null)" != '{"status":"ready"}' ]; then
  echo "sanplane did not become ready; see $RUN_DIR/logs/" >&2
  curl -sS "$url/readyz" >&2 || true
  exit 1
fi

# The identity service creates the admin once; a different SANPLANE_ADMIN_PASSWORD later replaces it.
if [ "$admin_password" != "$stored_password" ]; then
  bash deploy/local/set-admin-password.sh "$url" "$stored_password" "$admin_password"
  (umask 077; echo "$admin_password" >"$password_file")
fi

if [ ! -f "$RUN_DIR/stores/demo-seeded" ]; then
  bash deploy/local/seed-demo.sh "$url" "$admin_password" && touch "$RUN_DIR/stores/demo-seeded"
fi

if [ "${MONITOR:-}" = 1 ]; then
  targets="{\"sanplane-gateway\":\"127.0.0.1:$gateway_metrics_port\""
  for svc in "${SERVICES[@]}"; do targets+=",\"sanplane-$svc\":\"127.0.0.1:${metrics_port[$svc]}\""; done
  targets+="}"
  prom_port=$(free_port)
  bash deploy/local/monitor.sh "$RUN_DIR/prometheus" "$prom_port" "$targets" >>"$RUN_DIR/logs/prometheus.log" 2>&1 &
  pids+=($!)
  echo "Prometheus:  http://localhost:$prom_port  (scraping every sanplane binary)"
fi

cat <<MSG

sanplane is running at $url (listening on $BIND:$HTTP_PORT$(
  [ "$BIND" = 127.0.0.1 ] && echo '; only this machine can connect, BIND=0.0.0.0 opens it to the network'))
  admin user:      admin
  admin password:  $admin_password
  demo user:       alice / alice-demo-pw (member of the demo customer)
  logs:            $RUN_DIR/logs/
Press Ctrl-C to stop.
MSG
wait -n "${pid_of[@]}" "${pids[@]}" || true
echo "A sanplane process exited; see $RUN_DIR/logs/." >&2
