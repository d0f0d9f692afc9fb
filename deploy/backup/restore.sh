#!/usr/bin/env bash
# Restores a backup made by backup.sh into a database that has no sanplane schema yet (a new,
# empty one), in one transaction: it is all there or none of it is.
#   restore.sh 'host=… port=… user=… dbname=…' sanplane.dump
# Start the services against it afterwards: they find their migrations applied and serve every
# record at the version it had.
set -euo pipefail
dsn=${1:?usage: restore.sh DSN INPUT}
input=${2:?usage: restore.sh DSN INPUT}
[ -s "$input" ] || { echo "restore.sh: $input is missing or empty" >&2; exit 1; }

# Never over live data: restoring into a database that has the schemas would merge two histories.
existing=$(psql "$dsn" -XAtc \
  "SELECT string_agg(nspname, ', ' ORDER BY nspname) FROM pg_namespace WHERE nspname IN ('identity', 'san', 'storage')")
if [ -n "$existing" ]; then
  echo "restore.sh: the database already has sanplane schemas ($existing); restore into an empty one" >&2
  exit 1
fi
pg_restore --dbname="$dsn" --single-transaction --exit-on-error --no-owner --no-privileges "$input"
echo "restore.sh: $input restored"
