// Debian's prometheus/promtool is built without Kubernetes service discovery, so
// `promtool check config` rejects kubernetes_sd_configs. This writes a copy of
// prometheus-k8s.yml (with alerts.yml beside it) where each kubernetes_sd_configs becomes a
// static target, so that everything else, relabelling regexes included, is still checked.
//   node tests/ops/prometheus_k8s_config.mjs deploy/prometheus OUTDIR   -> OUTDIR/prometheus-k8s.yml
import { copyFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { loadYamlDocs, fail } from './lib.mjs';

const [dir, out] = process.argv.slice(2);
const config = loadYamlDocs(join(dir, 'prometheus-k8s.yml'))[0].obj;
let swapped = 0;
for (const job of config.scrape_configs ?? []) {
  if (job.kubernetes_sd_configs) {
    delete job.kubernetes_sd_configs;
    job.static_configs = [{ targets: ['kubernetes-sd.invalid:9100'] }];
    swapped++;
  }
}
if (!swapped) fail(['prometheus-k8s.yml: no kubernetes_sd_configs found']);
writeFileSync(join(out, 'prometheus-k8s.yml'), stringify(config));
for (const f of config.rule_files ?? []) copyFileSync(join(dir, f), join(out, f));
console.log(`swapped ${swapped} kubernetes_sd_configs for static targets`);
