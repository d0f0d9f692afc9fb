// Strict unknown-field and type check of rendered Kubernetes objects: each object becomes a typed
// TypeScript literal (kubernetes-types) checked by tsc --strict. Misspelt optional fields
// ("protocl", "replicaz"), which the JSON schemas accept, fail here. tsc reports at most one
// excess property per object literal per run.
//   node tests/ops/k8s_types.mjs rendered-dev.yaml [rendered-prod.yaml ...]
import { loadYamlDocs, describe, typeCheck, fail } from './lib.mjs';

const MODULES = {
  '': 'core', apps: 'apps', autoscaling: 'autoscaling', policy: 'policy', batch: 'batch',
  'networking.k8s.io': 'networking', 'rbac.authorization.k8s.io': 'rbac',
};
const imports = new Set();
const units = [];
const errors = [];
for (const file of process.argv.slice(2)) {
  for (const { obj, index } of loadYamlDocs(file)) {
    const [group, version] = obj.apiVersion?.includes('/') ? obj.apiVersion.split('/') : ['', obj.apiVersion];
    // The Prometheus Operator's kinds have no kubernetes-types module: k8s_models.mjs checks them
    // against the operator's JSON schemas.
    if (group === 'monitoring.coreos.com') continue;
    const mod = MODULES[group];
    if (!mod) {
      errors.push(`${file}: ${describe(obj)}: no kubernetes-types module for ${obj.apiVersion}`);
      continue;
    }
    const alias = `${mod}_${version}`;
    imports.add(`import type * as ${alias} from 'kubernetes-types/${mod}/${version}';`);
    units.push({
      label: `${file}: ${describe(obj)}`,
      code: `export const o${units.length}: ${alias}.${obj.kind} = ${JSON.stringify(obj, null, 2)};`,
    });
  }
}
if (errors.length) fail(errors);
const r = typeCheck([...imports].join('\n'), units);
if (!r.ok) fail(r.messages);
console.log(`kubernetes-types: ${units.length} objects type-check strictly`);
