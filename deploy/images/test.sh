#!/usr/bin/env bash
# `make image-test`: runs the five images `make images` built, with podman, the way production
# runs them (as their own non-root user, read-only root filesystem, every capability dropped, no
# privilege escalation) against private PostgreSQL and Redis on loopback (deploy/local/stores.sh),
# then runs tests/images/ against them: the hardening seen from inside each container, sign-in,
# a zone save and /readyz through the gateway image. At the end the containers are removed and the
# stores stopped, whether the tests passed or not; a failed run keeps the containers' logs (and the
# stores' data) in its folder and says where.
# Containers use the host network: the stores listen on 127.0.0.1 only, and every binary is told
# its own free loopback ports, as tests/integration/stack.mjs does for the plain binaries.
# Settings: SANPLANE_IMAGE_TAG (default local), SANPLANE_KEEP_TEST_DIR=1 keeps the logs.
set -euo pipefail

# The images are in root's container storage (deploy/images/build.sh).
if [ "$(id -u)" != 0 ]; then
  exec sudo --preserve-env=SANPLANE_IMAGE_TAG,SANPLANE_KEEP_TEST_DIR "$0" "$@"
fi
cd "$(dirname "$0")/../.."

TAG=${SANPLANE_IMAGE_TAG:-local}
# runc, not crun (podman's default on Debian 12): crun 1.8 refuses to start a container on a host
# with both cgroup hierarchies mounted (v1 controllers plus a v2 "unified" tree), as this kind of
# VM has. Installed as deploy/local/install-deps.sh installs the rest: only when missing.
missing=()
for pkg in podman runc; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "sanplane: installing missing packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
SERVICES=(identity storage presence san) # start order: presence and san call identity, san calls storage
for name in "${SERVICES[@]}" gateway; do
  podman image exists "localhost/sanplane-$name:$TAG" ||
    { echo "image-test: localhost/sanplane-$name:$TAG not found; run make images first" >&2; exit 1; }
done

work=$(mktemp -d /tmp/sanplane-image-test.XXXXXX)
chmod 755 "$work" # Postgres runs as its own user and must reach its data folder
run_id=$(basename "$work" | tr -cd 'a-zA-Z0-9' | tail -c 7)
containers=()
cleanup() {
  local rc=$?
  for container in "${containers[@]}"; do
    # Each container's output, kept for a failed run, is the only log the binaries write.
    podman logs "$container" >"$work/${container##*-}.log" 2>&1 || true
    podman rm --force --time 0 "$container" >/dev/null 2>&1 || true
  done
  bash deploy/local/stores.sh stop "$work/stores" >/dev/null 2>&1 || true
  if [ "$rc" != 0 ] || [ "${SANPLANE_KEEP_TEST_DIR:-0}" = 1 ]; then
    echo "image-test: container logs kept in $work" >&2
  else
    bash deploy/local/stores.sh remove "$work/stores"
    rm -rf "$work"
  fi
}
trap cleanup EXIT

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Thrown away afterwards: no fsync, no persistence.
eval "$(SANPLANE_STORES_DURABILITY=throwaway bash deploy/local/stores.sh start "$work/stores")"

declare -A grpc_port metrics_port
for name in "${SERVICES[@]}" gateway; do
  grpc_port[$name]=$(free_port)
  metrics_port[$name]=$(free_port)
done
admin_password=$(python3 -c 'import secrets; print(secrets.token_hex(12))')

# Secrets go in a file only root can read, not on podman's command line where `ps` shows them.
# podman takes each value as it stands after the first '=' (spaces included, no quotes).
(
  umask 077
  cat >"$work/common.env" <<ENV
SANPLANE_LOG_LEVEL=info
SANPLANE_PG_DSN=$SANPLANE_PG_DSN
SANPLANE_REDIS_ADDR=$SANPLANE_REDIS_ADDR
SANPLANE_REDIS_USERNAME=$SANPLANE_REDIS_USERNAME
SANPLANE_REDIS_PASSWORD=$SANPLANE_REDIS_PASSWORD
SANPLANE_REDIS_TLS=$SANPLANE_REDIS_TLS
SANPLANE_REDIS_TLS_CA_FILE=/etc/sanplane/redis-ca.crt
SANPLANE_ADMIN_PASSWORD=$admin_password
SANPLANE_PRINCIPAL_KEY=$(python3 -c 'import base64, secrets; print(base64.b64encode(secrets.token_bytes(32)).decode())')
SANPLANE_IDENTITY_ADDR=127.0.0.1:${grpc_port[identity]}
SANPLANE_PRESENCE_ADDR=127.0.0.1:${grpc_port[presence]}
SANPLANE_SAN_ADDR=127.0.0.1:${grpc_port[san]}
SANPLANE_STORAGE_ADDR=127.0.0.1:${grpc_port[storage]}
ENV
)

# run NAME ENV...: starts the image hardened as k8s/ and compose.yaml run it. No --user: the image's
# own USER must already be non-root, and the tests check it from inside.
run() {
  local name=$1 container="sanplane-image-test-$run_id-$1"
  shift
  containers+=("$container")
  # Limits are given, not left to podman, whose defaults raise them to the kernel's maximum: that
  # needs CAP_SYS_RESOURCE, which root lacks in a VM or container that dropped it. Open files: as
  # many as this shell may have; processes (threads, all five containers' user together): plenty.
  podman --runtime runc run --detach --name "$container" --network host \
    --read-only --read-only-tmpfs=false --cap-drop ALL --security-opt no-new-privileges \
    --ulimit "nofile=$(ulimit -Hn):$(ulimit -Hn)" --ulimit nproc=4096:4096 \
    --volume "$SANPLANE_REDIS_TLS_CA_FILE:/etc/sanplane/redis-ca.crt:ro" \
    --env-file "$work/common.env" "$@" "localhost/sanplane-$name:$TAG" >/dev/null
}

# wait_port NAME PORT: until the container listens on PORT; fails at once if it exited.
wait_port() {
  local name=$1 port=$2 container="sanplane-image-test-$run_id-$1"
  for _ in $(seq 300); do
    if [ "$(podman inspect --format '{{.State.Running}}' "$container")" != true ]; then
      echo "image-test: $name exited:" >&2
      podman logs "$container" >&2
      return 1
    fi
    (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && return 0
    sleep 0.1
  done
  echo "image-test: $name is not listening on $port after 30 s" >&2
  return 1
}

for name in "${SERVICES[@]}"; do
  run "$name" -e "SANPLANE_GRPC_ADDR=127.0.0.1:${grpc_port[$name]}" \
    -e "SANPLANE_METRICS_ADDR=127.0.0.1:${metrics_port[$name]}"
  wait_port "$name" "${grpc_port[$name]}"
done
run gateway -e SANPLANE_HTTP_ADDR=127.0.0.1 -e "SANPLANE_HTTP_PORT=${grpc_port[gateway]}" \
  -e "SANPLANE_METRICS_ADDR=127.0.0.1:${metrics_port[gateway]}" -e SANPLANE_COOKIE_SECURE=false
wait_port gateway "${grpc_port[gateway]}"
echo "image-test: five containers up (gateway on 127.0.0.1:${grpc_port[gateway]})"

container_list=""
for name in "${SERVICES[@]}" gateway; do
  container_list+="$name=sanplane-image-test-$run_id-$name,"
done
SANPLANE_IMAGE_TEST_URL="http://127.0.0.1:${grpc_port[gateway]}" \
  SANPLANE_IMAGE_TEST_ADMIN=$admin_password \
  SANPLANE_IMAGE_TEST_CONTAINERS=${container_list%,} \
  node --test --test-concurrency=1 tests/images/
