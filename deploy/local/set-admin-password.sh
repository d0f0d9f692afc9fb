#!/usr/bin/env bash
# set-admin-password.sh URL OLD NEW: changes the admin password through the REST API.
set -euo pipefail
url=$1 old=$2 new=$3
jar=$(mktemp)
trap 'rm -f "$jar"' EXIT
body=$(python3 -c 'import json,sys; print(json.dumps({"username":"admin","password":sys.argv[1]}))' "$old")
curl -fsS -c "$jar" -H 'Content-Type: application/json' -d "$body" "$url/api/auth/login/" >/dev/null
csrf=$(awk '$6=="csrftoken"{print $7}' "$jar")
user_id=$(curl -fsS -b "$jar" "$url/api/auth/user/" | python3 -c 'import json,sys; print(json.load(sys.stdin)["id"])')
body=$(python3 -c 'import json,sys; print(json.dumps({"current_password":sys.argv[1],"new_password":sys.argv[2]}))' "$old" "$new")
curl -fsS -b "$jar" -H "X-CSRFToken: $csrf" -H 'Content-Type: application/json' -d "$body" \
  "$url/api/core/users/$user_id/change-password/" >/dev/null
echo "Admin password updated from SANPLANE_ADMIN_PASSWORD."
