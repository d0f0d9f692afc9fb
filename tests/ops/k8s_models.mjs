// Validates rendered Kubernetes objects against the kubernetes-models schemas (types, required
// fields, enums, formats). Unknown fields pass here; k8s_types.mjs catches those.
//   node tests/ops/k8s_models.mjs rendered-dev.yaml [rendered-prod.yaml ...]
import { loadYamlDocs, describe, fail } from './lib.mjs';

const errors = [];
let count = 0;
for (const file of process.argv.slice(2)) {
  for (const { obj } of loadYamlDocs(file)) {
    count++;
    const [group, version] = obj.apiVersion?.includes('/') ? obj.apiVersion.split('/') : ['', obj.apiVersion];
    // Core kinds, then the Prometheus Operator's (PodMonitor of k8s/components/prometheus-operator).
    const packageOf = group === 'monitoring.coreos.com' ? '@kubernetes-models/prometheus-operator' : 'kubernetes-models';
    const modulePath = `${packageOf}/${group ? `${group}/` : ''}${version}/${obj.kind}`;
    let cls;
    try {
      const mod = await import(modulePath);
      cls = mod[obj.kind];
    } catch {
      errors.push(`${file}: ${describe(obj)}: no schema for ${obj.apiVersion} ${obj.kind}`);
      continue;
    }
    try {
      new cls(obj).validate();
    } catch (e) {
      errors.push(`${file}: ${describe(obj)}: ${e.message}`);
    }
  }
}
if (errors.length) fail(errors);
console.log(`kubernetes-models: ${count} objects valid`);
