#!/usr/bin/env bash
# Checks the OpenAPI description the built gateway serves at /api/openapi.json:
#  1. Redocly's recommended lint rules, every warning an error (redocly.yaml);
#  2. a client generated from it with openapi-typescript compiles (tsc --strict), and its types
#     reject wrong values (uses_generated_types.ts).
# Needs the built gateway ($SANPLANE_BUILD_DIR, default build) and tests/node_modules.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
HERE=$ROOT/tests/openapi
BIN=$ROOT/tests/node_modules/.bin
WORK=$(mktemp -d "${TMPDIR:-/tmp}/sanplane-openapi.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true

node --input-type=module -e "
  import { writeFileSync } from 'node:fs';
  import { fetchDescription } from '$HERE/gateway_alone.mjs';
  const { text } = await fetchDescription();
  writeFileSync('$WORK/openapi.json', text);
"
echo "== redocly lint"
# Redocly frames a notice about Node.js 20 in a box; the findings are the rest.
"$BIN/redocly" lint --config "$HERE/redocly.yaml" --format stylish "$WORK/openapi.json" 2>&1 |
  sed -e '/[║╔╚]/d' -e '/^\s*$/d'

echo "== openapi-typescript + tsc"
"$BIN/openapi-typescript" "$WORK/openapi.json" --output "$WORK/api.d.ts" >/dev/null
cp "$HERE/uses_generated_types.ts" "$WORK/"
"$BIN/tsc" --noEmit --strict --target es2022 --module es2022 --moduleResolution bundler \
  "$WORK/uses_generated_types.ts"
echo "generated types compile ($(grep -c '' "$WORK/api.d.ts") lines)"
