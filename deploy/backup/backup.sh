#!/usr/bin/env bash
# Takes a consistent backup of every sanplane schema (identity, san, storage: records, versions,
# history, sessions and each schema's applied migrations) from a running database.
#   backup.sh 'host=… port=… user=… dbname=…' sanplane.dump
# The dump is pg_dump's custom format (compressed, restorable table by table); pg_dump reads in one
# repeatable-read snapshot, so the services keep serving while it runs and the dump is consistent
# across schemas. Passwords come from the DSN, PGPASSWORD or ~/.pgpass, never from the command
# line of this script.
set -euo pipefail
dsn=${1:?usage: backup.sh DSN OUTPUT}
output=${2:?usage: backup.sh DSN OUTPUT}

# The schemas that exist: a service that never started has none, and pg_dump refuses a --schema
# that matches nothing only with --strict-names, which would make that an error.
mapfile -t schemas < <(psql "$dsn" -XAtc \
  "SELECT nspname FROM pg_namespace WHERE nspname IN ('identity', 'san', 'storage') ORDER BY 1")
[ "${#schemas[@]}" -gt 0 ] || { echo "backup.sh: no sanplane schema in this database" >&2; exit 1; }

args=()
for schema in "${schemas[@]}"; do args+=(--schema="$schema"); done
# Written beside the target and renamed at the end: a failed run never leaves a partial file under
# the name a restore would pick up.
partial="$output.partial"
pg_dump "$dsn" --format=custom --no-owner --no-privileges "${args[@]}" --file="$partial"
mv "$partial" "$output"
echo "backup.sh: ${schemas[*]} -> $output ($(stat -c %s "$output") bytes)"
