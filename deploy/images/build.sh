#!/usr/bin/env bash
# Builds the five sanplane images (gateway, identity, presence, san, storage) from
# deploy/docker/Dockerfile with buildah, as `make images` does. It needs no Docker engine and no
# image registry: the Debian 12 base every stage starts from is made here with debootstrap from
# the Debian mirror and kept in the local image store, so only the first run makes it.
#   build.sh                          the base (once), then the five images
#   SANPLANE_REFRESH_BASE=1 build.sh  makes the base again first (Debian updates since the last one)
# Settings: SANPLANE_IMAGE_TAG (default local), SANPLANE_DEBIAN_MIRROR (default deb.debian.org),
# SANPLANE_IMAGE_CACHE (where the compiler cache lives; default ~/.cache/sanplane/images).
# The images are localhost/sanplane-<name>:<tag> in root's container storage, where podman finds
# them (deploy/images/test.sh runs them).
set -euo pipefail
cd "$(dirname "$0")/../.."

# buildah and podman keep images in root's store, and debootstrap must create device nodes.
if [ "$(id -u)" != 0 ]; then
  exec sudo --preserve-env=SANPLANE_REFRESH_BASE,SANPLANE_IMAGE_TAG,SANPLANE_DEBIAN_MIRROR,SANPLANE_IMAGE_CACHE "$0" "$@"
fi

TAG=${SANPLANE_IMAGE_TAG:-local}
MIRROR=${SANPLANE_DEBIAN_MIRROR:-http://deb.debian.org/debian}
CACHE=${SANPLANE_IMAGE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/sanplane/images}
BASE=localhost/sanplane-base/debian:bookworm
# The services first: the gateway is the last stage and reuses everything they built.
IMAGES=(identity presence san storage gateway)
started=$SECONDS

# --- tools -------------------------------------------------------------------------------------
# Installed as deploy/local/install-deps.sh installs the rest: only what is missing, so a second
# run costs nothing. podman is not needed to build, but to run the images (make image-test).
missing=()
for pkg in buildah podman debootstrap; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "sanplane: installing missing packages: ${missing[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# --- the Debian 12 base ------------------------------------------------------------------------
# The debootstrap tree and the container that updates it are only steps towards the base image:
# gone however the script ends.
work="" container=""
cleanup() {
  [ -z "$container" ] || buildah rm "$container" >/dev/null 2>&1 || true
  [ -z "$work" ] || rm -rf "$work"
}
trap cleanup EXIT
make_base() {
  local rootfs
  work=$(mktemp -d /var/tmp/sanplane-base.XXXXXX)
  rootfs=$work/rootfs
  echo "sanplane: making the Debian 12 base with debootstrap from $MIRROR"
  debootstrap --variant=minbase bookworm "$rootfs" "$MIRROR" >"$work/debootstrap.log" 2>&1 || {
    tail -n 20 "$work/debootstrap.log" >&2
    return 1
  }
  # Slim, as debian:bookworm-slim is: what packages install later leaves out documentation,
  # manuals and translations (copyright files stay).
  cat >"$rootfs/etc/dpkg/dpkg.cfg.d/01-sanplane-slim" <<'SLIM'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/info/*
path-exclude /usr/share/locale/*
path-exclude /usr/share/lintian/*
SLIM
  find "$rootfs/usr/share/doc" -mindepth 2 ! -name copyright ! -type d -delete
  rm -rf "$rootfs"/usr/share/{man,info,locale,lintian}/* "$rootfs"/var/cache/apt/archives/*.deb \
    "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/*
  # debootstrap lists only the release itself; the stages must also get point and security updates.
  cat >"$rootfs/etc/apt/sources.list" <<SOURCES
deb $MIRROR bookworm main
deb $MIRROR bookworm-updates main
deb ${MIRROR%/debian}/debian-security bookworm-security main
SOURCES
  # Containers run no init: nothing may start services while a stage installs packages.
  printf '#!/bin/sh\nexit 101\n' >"$rootfs/usr/sbin/policy-rc.d"
  chmod 755 "$rootfs/usr/sbin/policy-rc.d"
  tar --numeric-owner -C "$rootfs" -c . |
    podman import --change 'CMD ["/bin/bash"]' --change 'ENV LANG=C.UTF-8' - "$BASE-debootstrap" >/dev/null
  # The updates published since the release, applied the way any image layer is made.
  container=$(buildah from --pull=never "$BASE-debootstrap")
  buildah run --isolation chroot "$container" -- sh -c \
    'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get upgrade -y -qq >/dev/null &&
     rm -rf /var/lib/apt/lists/* /var/cache/apt/*.bin /var/log/apt /var/log/dpkg.log'
  buildah commit --quiet --rm "$container" "$BASE" >/dev/null
  container=""
  buildah rmi "$BASE-debootstrap" >/dev/null
}

if [ "${SANPLANE_REFRESH_BASE:-0}" = 1 ] || ! podman image exists "$BASE"; then
  make_base
  echo "sanplane: base made in $((SECONDS - started)) s"
fi
# The stages start from the base by digest, so every image of one run has the same base.
base_ref="${BASE%:*}@$(podman image inspect --format '{{.Digest}}' "$BASE")"
echo "sanplane: base $base_ref"

# --- the five images ---------------------------------------------------------------------------
mkdir -p "$CACHE/ccache"
# The npm registry may only be reachable through a TLS-inspecting proxy whose CA this machine
# trusts and a fresh Debian image does not: the web stage gets this machine's CA bundle to read.
ca_mount=()
[ ! -s /etc/ssl/certs/ca-certificates.crt ] || ca_mount=(--volume /etc/ssl/certs/ca-certificates.crt:/run/host-ca.crt:ro)
[ -f "$CACHE/ccache/ccache.conf" ] || echo 'max_size = 2G' >"$CACHE/ccache/ccache.conf"
for image in "${IMAGES[@]}"; do
  echo "sanplane: building localhost/sanplane-$image:$TAG"
  # chroot isolation: no user namespace or nested container runtime is needed, so this runs in a
  # VM or container without them. --layers keeps each step's result, so the five targets compile
  # once and a rebuild with unchanged sources reuses everything.
  # --force-rm: a failed step leaves no working container behind.
  buildah build --isolation chroot --layers --force-rm --pull=never \
    --volume "$CACHE/ccache:/ccache" "${ca_mount[@]}" \
    --build-arg BASE_IMAGE="$base_ref" \
    -f deploy/docker/Dockerfile --target "$image" -t "localhost/sanplane-$image:$TAG" . \
    >"$CACHE/build-$image.log" 2>&1 || {
    tail -n 40 "$CACHE/build-$image.log" >&2
    echo "sanplane: building $image failed; the whole log is $CACHE/build-$image.log" >&2
    exit 1
  }
done

podman image ls --format '{{.Repository}}:{{.Tag}}  {{.Size}}' --filter reference='localhost/sanplane-*'
echo "sanplane: images built in $((SECONDS - started)) s"
