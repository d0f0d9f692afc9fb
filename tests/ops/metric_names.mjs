// Every sanplane_* / process_* metric named in alerts, alert tests and dashboards must be one the
// binaries export (metric_names.txt), and every job named must be one of the five scrape jobs.
//   node tests/ops/metric_names.mjs deploy/prometheus deploy/grafana/dashboards
import { readFileSync, readdirSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadYamlDocs, fail } from './lib.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const known = new Set(readFileSync(join(here, 'metric_names.txt'), 'utf8').split('\n')
  .map((l) => l.trim()).filter((l) => l && !l.startsWith('#')));
const JOBS = new Set(['sanplane-gateway', 'sanplane-identity', 'sanplane-presence', 'sanplane-san', 'sanplane-storage']);
const [promDir, dashDir] = process.argv.slice(2);

const texts = []; // [where, text]
const alerts = loadYamlDocs(join(promDir, 'alerts.yml'))[0].obj;
for (const g of alerts.groups) for (const r of g.rules) texts.push([`alerts.yml ${r.alert ?? r.record}`, r.expr]);
const tests = loadYamlDocs(join(promDir, 'alerts_test.yml'))[0].obj;
for (const t of tests.tests) for (const s of t.input_series ?? []) texts.push(['alerts_test.yml input_series', s.series]);
for (const f of readdirSync(dashDir).filter((n) => n.endsWith('.json'))) {
  const d = JSON.parse(readFileSync(join(dashDir, f), 'utf8'));
  for (const p of (d.panels ?? []).flatMap((x) => [x, ...(x.panels ?? [])])) {
    for (const t of p.targets ?? []) texts.push([`${f} panel "${p.title}"`, t.expr ?? '']);
  }
  for (const v of d.templating?.list ?? []) if (typeof v.query === 'string') texts.push([`${f} variable ${v.name}`, v.query]);
}

const errors = [];
let names = 0;
for (const [where, text] of texts) {
  for (const m of text.matchAll(/\b(?:sanplane|process)_[a-z0-9_]+\b/g)) {
    names++;
    const base = m[0].replace(/_(bucket|sum|count)$/, '');
    if (!known.has(m[0]) && !known.has(base)) errors.push(`${where}: unknown metric ${m[0]}`);
  }
  for (const m of text.matchAll(/job\s*=\s*"([^"]+)"/g)) {
    if (!JOBS.has(m[1])) errors.push(`${where}: unknown job "${m[1]}"`);
  }
}
if (errors.length) fail(errors);
console.log(`metric names: ${names} references in ${texts.length} expressions, all exported`);
