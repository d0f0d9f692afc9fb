#!/usr/bin/env bash
# Old code on the new schema, as during a rolling update: the previous release's binaries run the
# previous release's own integration suite on a database that this tree's binaries have migrated
# first. Each service binary of the old tree is wrapped: before it starts, this tree's binary of
# the same service applies the new migrations (SANPLANE_MIGRATE_ONLY=true) to the database the old
# test stack gave it. A failure means a migration broke the expand/contract rule (README,
# "Schema changes during a rollout").
#   tests/compat/run.sh <previous release: a commit or tag> [test files of the old suite]
# (default: all of tests/integration/).
set -euo pipefail
cd "$(dirname "$0")/../.."
previous=${1:?usage: tests/compat/run.sh <previous release commit> [test files]}
shift
suite=("$@")
[ ${#suite[@]} -gt 0 ] || suite=(tests/integration/)
new_build=$(realpath "${SANPLANE_BUILD_DIR:-build}")
work=$(mktemp -d /var/tmp/sanplane-compat.XXXXXX)
chmod 755 "$work"  # the test stacks' Postgres runs as its own user and starts in the old tree
old_tree=$work/previous
cleanup() {
  git worktree remove --force "$old_tree" >/dev/null 2>&1 || true
  if [ -z "${SANPLANE_KEEP_TEST_DIR:-}" ]; then rm -rf "$work"; else echo "kept $work"; fi
}
trap cleanup EXIT

commit=$(git rev-parse --verify "$previous^{commit}")
echo "== previous release $commit: building its binaries"
git worktree add --detach "$old_tree" "$commit" >/dev/null
cmake -S "$old_tree" -B "$old_tree/build" -DCMAKE_BUILD_TYPE=RelWithDebInfo \
  -DSANPLANE_SERVICES="identity;presence;san;storage" -DSANPLANE_UNIT_TEST_AREAS=none >/dev/null
cmake --build "$old_tree/build" -j"$(nproc)" >"$work/old-build.log" 2>&1 ||
  { tail -40 "$work/old-build.log"; exit 1; }
# The old suite's packages and the old web UI's (the gateway serves its node_modules).
for dir in tests gateway/web; do
  (cd "$old_tree/$dir" && npm ci --no-audit --no-fund --loglevel=error >/dev/null)
done

# The build folder the old suite sees: the old gateway and presence as they are, and each schema
# owner behind a wrapper that migrates with the new binary first.
wrapped=$work/wrapped-build
mkdir -p "$wrapped/gateway"
ln -s "$old_tree/build/gateway/sanplane-gateway" "$wrapped/gateway/sanplane-gateway"
for service in identity presence san storage; do
  mkdir -p "$wrapped/services/$service"
  old_binary=$old_tree/build/services/$service/sanplane-$service
  new_binary=$new_build/services/$service/sanplane-$service
  if [ ! -d "services/$service/schema" ]; then
    ln -s "$old_binary" "$wrapped/services/$service/sanplane-$service"
    continue
  fi
  migrations=$(ls "services/$service/schema/"*.sql | wc -l)
  # A restart within one test stack finds the schema migrated already and starts the old binary
  # at once, so restarts take as long as the old suite expects.
  cat >"$wrapped/services/$service/sanplane-$service" <<EOF
#!/bin/sh
# The new schema first (the rollout's migration step), then the previous release's binary on it.
applied=\$(psql "\$SANPLANE_PG_DSN" -XAtqc "SELECT count(*) FROM $service.schema_migrations" 2>/dev/null)
if [ "\$applied" != "$migrations" ]; then
  SANPLANE_MIGRATE_ONLY=true "$new_binary" || exit \$?
fi
exec "$old_binary" "\$@"
EOF
  chmod +x "$wrapped/services/$service/sanplane-$service"
done

echo "== previous release's integration suite on the new schema"
cd "$old_tree"
SANPLANE_BUILD_DIR=$wrapped SANPLANE_STORES_DURABILITY=throwaway \
  node --test --test-concurrency=1 "${suite[@]}"
echo "COMPATIBLE: $commit runs on this tree's schema"
