#!/usr/bin/env bash
# Private PostgreSQL and Redis on free loopback ports, for `make run` and the tests.
#   stores.sh start DIR   -> starts both with their data under DIR, prints shell exports
#   stores.sh stop DIR    -> stops both (the data is kept)
#   stores.sh remove DIR  -> deletes the data of stopped stores
# Redis requires a password, as a production one must: clients sign in as the ACL user `sanplane`
# with the password kept in DIR/redis.password (made on the first start); the `default` user is
# off, so a client without credentials gets nothing. Redis speaks TLS only, with a certificate
# from a private CA made once in DIR/tls (clients verify it against DIR/tls/ca.crt).
# Postgres refuses to run as root, so as root it runs as the `postgres` user.
#
# Durability: by default both stores keep every acknowledged write across a crash (Postgres with
# its durable defaults, Redis with an append-only file synced every second), as `make run` keeps
# its data between runs. Test stacks that are thrown away set SANPLANE_STORES_DURABILITY=throwaway
# for speed (no fsync, no persistence). The choice is made at the first start and kept in
# DIR/durability, so restarting a store never changes it.
set -euo pipefail
PGBIN=/usr/lib/postgresql/15/bin

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

durability_of() {
  local dir=$1
  if [ ! -s "$dir/durability" ]; then
    local mode=${SANPLANE_STORES_DURABILITY:-durable}
    case "$mode" in durable | throwaway) ;; *) echo "stores.sh: SANPLANE_STORES_DURABILITY is durable or throwaway" >&2; exit 2 ;; esac
    echo "$mode" >"$dir/durability"
  fi
  cat "$dir/durability"
}

pgdata_of() {
  local pgdata=$1/pg
  [ -L "$pgdata" ] && pgdata=$(readlink "$pgdata")
  echo "$pgdata"
}

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start() {
  local dir=$1
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  durability_of "$dir" >/dev/null
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$dir" && chmod 755 "$dir"
  # The postgres user must reach its data folder; a checkout under a private home (e.g. /root)
  # does not allow that, so the data then lives under /var/tmp, linked from $dir/pg.
  if ! as_postgres test -x "$dir" 2>/dev/null && [ ! -e "$dir/pg" ]; then
    local outside
    outside=$(mktemp -d /var/tmp/sanplane-pg.XXXXXX)
    chmod 755 "$outside"
    [ "$(id -u)" = 0 ] && chown postgres:postgres "$outside"
    ln -s "$outside" "$dir/pg"
  fi
  local pgdata
  pgdata=$(pgdata_of "$dir")
  local pg_port redis_port
  pg_port=$(free_port)
  redis_port=$(free_port)
  if [ ! -f "$pgdata/PG_VERSION" ]; then
    local no_sync=()
    [ "$(durability_of "$dir")" = throwaway ] && no_sync=(--no-sync)
    as_postgres "$PGBIN/initdb" -D "$pgdata" -U sanplane --auth=trust -E UTF8 --no-locale \
      "${no_sync[@]}" >"$dir/initdb.log" 2>&1
  fi
  # A port found free can be taken before the server binds it: then try another.
  local attempt
  for attempt in 1 2 3 4; do
    start_postgres "$dir" "$pg_port" && break
    [ "$attempt" = 4 ] && { echo "stores.sh: PostgreSQL did not start; see $pgdata/server.log" >&2; exit 1; }
    pg_port=$(free_port)
  done
  "$PGBIN/psql" -h 127.0.0.1 -p "$pg_port" -U sanplane -d postgres -tAc \
    "SELECT 1 FROM pg_database WHERE datname='sanplane'" | grep -q 1 ||
    "$PGBIN/createdb" -h 127.0.0.1 -p "$pg_port" -U sanplane sanplane
  for attempt in 1 2 3 4; do
    start_redis "$dir" "$redis_port" && break
    [ "$attempt" = 4 ] && { echo "stores.sh: Redis did not start; see $dir/redis.log" >&2; exit 1; }
    redis_port=$(free_port)
  done
  echo "$pg_port" >"$dir/pg.port"
  echo "export SANPLANE_STORES_DIR=$dir"
  echo "export SANPLANE_PG_DSN='host=127.0.0.1 port=$pg_port user=sanplane dbname=sanplane'"
  echo "export SANPLANE_REDIS_ADDR=127.0.0.1:$redis_port"
  echo "export SANPLANE_REDIS_USERNAME=sanplane"
  echo "export SANPLANE_REDIS_PASSWORD=$(cat "$dir/redis.password")"
  echo "export SANPLANE_REDIS_TLS=true"
  echo "export SANPLANE_REDIS_TLS_CA_FILE=$dir/tls/ca.crt"
}

# Also used alone by tests that crash and restart Postgres on the same port.
start_postgres() {
  local dir=$1 port=$2 pgdata options
  pgdata=$(pgdata_of "$dir")
  options="-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$pgdata -c max_connections=200"
  if [ "$(durability_of "$dir")" = throwaway ]; then
    options+=" -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  fi
  as_postgres "$PGBIN/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w -t 60 -o "$options" start >/dev/null
}

# Sends SIGNAL to every process of this Postgres (the postmaster and its backends): KILL ends it
# as a power cut or an OOM kill would (no shutdown checkpoint), STOP freezes it as a hung host
# would, CONT thaws it.
signal_postgres() {
  local dir=$1 signal=$2 pgdata pid
  pgdata=$(pgdata_of "$dir")
  [ -f "$pgdata/postmaster.pid" ] || return 0
  pid=$(head -1 "$pgdata/postmaster.pid")
  pkill "-$signal" -P "$pid" 2>/dev/null || true
  kill "-$signal" "$pid" 2>/dev/null || true
  if [ "$signal" = KILL ]; then
    for _ in $(seq 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.05
    done
  fi
}

# A private CA and a certificate for 127.0.0.1 signed by it, made once per DIR: Redis speaks TLS
# only, as in production, so the clients' verifying TLS path is the one every test runs.
make_redis_tls() {
  local tls=$1/tls
  [ -s "$tls/server.crt" ] && return 0
  mkdir -p "$tls"
  (
    umask 077
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 3650 \
      -subj "/CN=sanplane private CA" -addext "basicConstraints=critical,CA:TRUE" \
      -addext "keyUsage=critical,keyCertSign,cRLSign" -keyout "$tls/ca.key" -out "$tls/ca.crt"
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -subj "/CN=127.0.0.1" \
      -keyout "$tls/server.key" -out "$tls/server.csr"
    printf 'subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' \
      >"$tls/server.ext"
    openssl x509 -req -in "$tls/server.csr" -CA "$tls/ca.crt" -CAkey "$tls/ca.key" -CAcreateserial \
      -days 3650 -extfile "$tls/server.ext" -out "$tls/server.crt"
  ) >"$1/tls.log" 2>&1
  # The CA is public; the clients read it.
  chmod 644 "$tls/ca.crt"
}

# Also used alone by tests that stop and restart Redis on the same port.
start_redis() {
  local dir=$1 port=$2
  rm -f "$dir/redis.pid"
  if [ ! -s "$dir/redis.password" ]; then
    (umask 077; python3 -c 'import secrets; print(secrets.token_hex(24))' >"$dir/redis.password")
  fi
  local password
  password=$(cat "$dir/redis.password")
  # In a file, not on the command line, where every local user could read it.
  (umask 077; printf 'user default off\nuser sanplane on >%s ~* &* +@all\n' "$password" >"$dir/redis.conf")
  local persistence=(--save '' --appendonly yes --appendfsync everysec)
  [ "$(durability_of "$dir")" = throwaway ] && persistence=(--save '' --appendonly no)
  make_redis_tls "$dir" || return 1
  local tls=("--port" 0 "--tls-port" "$port" "--tls-cert-file" "$dir/tls/server.crt"
    "--tls-key-file" "$dir/tls/server.key" "--tls-ca-cert-file" "$dir/tls/ca.crt" "--tls-auth-clients" no)
  redis-server "$dir/redis.conf" --bind 127.0.0.1 "${tls[@]}" "${persistence[@]}" --daemonize yes \
    --pidfile "$dir/redis.pid" --logfile "$dir/redis.log" --dir "$dir" || return 1
  # Ready once our own server (pidfile, alive) answers: a ping alone could reach another Redis
  # that owns the port.
  for _ in $(seq 100); do
    if [ -f "$dir/redis.pid" ] && kill -0 "$(cat "$dir/redis.pid")" 2>/dev/null &&
      REDISCLI_AUTH=$password redis-cli --tls --cacert "$dir/tls/ca.crt" --user sanplane -p "$port" ping 2>/dev/null | grep -q PONG; then
      echo "$port" >"$dir/redis.port"
      return 0
    fi
    sleep 0.05
  done
  return 1
}

stop_redis() {
  local dir=$1
  if [ -f "$dir/redis.pid" ]; then
    local pid
    pid=$(cat "$dir/redis.pid")
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 100); do
      kill -0 "$pid" 2>/dev/null || break
      sleep 0.05
    done
    rm -f "$dir/redis.pid"
  fi
}

stop() {
  local dir=$1 pgdata
  pgdata=$(pgdata_of "$dir")
  [ -f "$pgdata/postmaster.pid" ] && as_postgres "$PGBIN/pg_ctl" -D "$pgdata" -m fast -w stop >/dev/null || true
  stop_redis "$dir"
}

# Removes the data of stopped stores (also what lives outside DIR).
remove() {
  local dir=$1
  [ -L "$dir/pg" ] && rm -rf "$(readlink "$dir/pg")"
  rm -rf "$dir"
}

case "${1:-}" in
  start) start "${2:?usage: stores.sh start DIR}" ;;
  stop) stop "${2:?usage: stores.sh stop DIR}" ;;
  remove) remove "${2:?usage: stores.sh remove DIR}" ;;
  start-postgres) start_postgres "${2:?DIR}" "${3:?PORT}" ;;
  signal-postgres) signal_postgres "${2:?DIR}" "${3:?SIGNAL}" ;;
  start-redis) start_redis "${2:?DIR}" "${3:?PORT}" ;;
  stop-redis) stop_redis "${2:?DIR}" ;;
  *) echo "usage: $0 start DIR | stop DIR | remove DIR | start-postgres DIR PORT | signal-postgres DIR KILL|STOP|CONT | start-redis DIR PORT | stop-redis DIR" >&2; exit 2 ;;
esac
