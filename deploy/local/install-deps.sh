#!/usr/bin/env bash
# Installs the Debian packages sanplane needs to build, run and test, and the npm packages of the
# web UI and the test suites. Idempotent: when everything is present it changes nothing and
# returns in well under a second, so `make run` and `make test` call it every time.
#   install-deps.sh        what building, running and testing need
#   install-deps.sh fuzz   that, and clang for the libFuzzer targets
set -euo pipefail
cd "$(dirname "$0")/../.."

# Boost must be the versioned 1.81 packages: the unversioned libboost-*-dev pull in 1.74, which
# conflicts with libboost1.81-dev (and 1.74 has no Boost.JSON).
PACKAGES=(
  build-essential cmake pkg-config ccache clang-format curl ca-certificates python3
  libgrpc++-dev protobuf-compiler-grpc libprotobuf-dev protobuf-compiler grpc-proto
  libboost1.81-dev libboost-json1.81-dev libboost-system1.81-dev
  libpqxx-dev libhiredis-dev prometheus-cpp-dev libsodium-dev libssl-dev libjemalloc-dev
  libgtest-dev libgmock-dev libbenchmark-dev
  postgresql-15 postgresql-client-15 redis-server redis-tools openssl
  chromium yamllint prometheus wrk
)
# `install-deps.sh fuzz`: also clang and its libFuzzer / sanitizer runtimes, for `make fuzz`.
[ "${1:-}" = fuzz ] && PACKAGES+=(clang libclang-rt-14-dev)
# Node.js may come from elsewhere than Debian (its nodejs package conflicts with Debian's npm);
# only a machine without node gets Debian's.
command -v npm >/dev/null 2>&1 || PACKAGES+=(nodejs npm)

missing=()
for pkg in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done

if [ "${#missing[@]}" -gt 0 ]; then
  echo "sanplane: installing missing packages: ${missing[*]}"
  as_root=()
  [ "$(id -u)" = 0 ] || as_root=(sudo)
  "${as_root[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

# npm packages are pinned by the committed package-lock.json files; `npm ci` only when the
# installed tree is older than the lock file.
for dir in gateway/web tests; do
  [ -f "$dir/package-lock.json" ] || continue
  if [ ! -d "$dir/node_modules" ] || [ "$dir/package-lock.json" -nt "$dir/node_modules/.package-lock.json" ]; then
    echo "sanplane: npm ci in $dir"
    (cd "$dir" && npm ci --no-audit --no-fund --ignore-scripts >/dev/null)
  fi
done
