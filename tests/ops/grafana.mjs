// Checks of the Grafana dashboards (Grafana itself cannot be installed here).
//   node tests/ops/grafana.mjs structure DIR   JSON parses; unique uids and panel ids; every
//                                              query panel has targets with a datasource
//   node tests/ops/grafana.mjs promql DIR      every PromQL expr (panel targets and the inner
//                                              query of label_values() variables) parses, via
//                                              `promtool check rules` on generated recording rules
//   node tests/ops/grafana.mjs types DIR       tsc --strict against @grafana/schema's Dashboard
import { readFileSync, readdirSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { typeCheck, fail } from './lib.mjs';

const [mode, dir] = process.argv.slice(2);
if (!['structure', 'promql', 'types'].includes(mode) || !dir) fail(['usage: grafana.mjs structure|promql|types DIR']);

const dashboards = [];
const errors = [];
for (const f of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
  try {
    dashboards.push({ file: f, d: JSON.parse(readFileSync(join(dir, f), 'utf8')) });
  } catch (e) {
    errors.push(`${f}: ${e.message}`);
  }
}
if (!dashboards.length && !errors.length) errors.push(`${dir}: no dashboards`);
if (errors.length) fail(errors);

const allPanels = (d) => (d.panels ?? []).flatMap((p) => [p, ...(p.panels ?? [])]);

/** Grafana variables become values PromQL accepts: intervals a duration, others a regex. */
export function substitute(expr) {
  return expr
    .replace(/\$__(rate_interval|interval|range)\b|\$\{__(rate_interval|interval|range)\}/g, '5m')
    .replace(/\$\{?__range_s\}?/g, '300')
    .replace(/\$\{[A-Za-z0-9_]+(:[a-z]+)?\}|\$[A-Za-z_][A-Za-z0-9_]*/g, '.*');
}

if (mode === 'structure') {
  const uids = new Set();
  for (const { file, d } of dashboards) {
    if (!d.uid || uids.has(d.uid)) errors.push(`${file}: missing or duplicate uid ${d.uid}`);
    uids.add(d.uid);
    if (!d.title) errors.push(`${file}: no title`);
    const ids = new Set();
    for (const p of allPanels(d)) {
      if (ids.has(p.id)) errors.push(`${file}: duplicate panel id ${p.id}`);
      ids.add(p.id);
      const g = p.gridPos;
      if (!g || g.x + g.w > 24) errors.push(`${file}: panel ${p.id} "${p.title}": gridPos missing or wider than 24`);
      if (p.type === 'row') continue;
      if (!p.targets?.length) errors.push(`${file}: panel ${p.id} "${p.title}": no targets`);
      for (const t of p.targets ?? []) {
        if (!t.expr) errors.push(`${file}: panel ${p.id} "${p.title}" target ${t.refId}: empty expr`);
        if (!(t.datasource ?? p.datasource)) errors.push(`${file}: panel ${p.id} "${p.title}" target ${t.refId}: no datasource`);
      }
    }
  }
  if (errors.length) fail(errors);
  console.log(`structure: ${dashboards.length} dashboards, ${dashboards.reduce((n, x) => n + allPanels(x.d).length, 0)} panels`);
}

if (mode === 'promql') {
  const groups = [];
  let count = 0;
  for (const { file, d } of dashboards) {
    const rules = [];
    for (const p of allPanels(d)) {
      for (const t of p.targets ?? []) {
        if (t.expr) rules.push({ record: `panel_${p.id}_${t.refId}`, expr: substitute(t.expr) });
      }
    }
    for (const v of d.templating?.list ?? []) {
      const q = typeof v.query === 'string' ? v.query : v.query?.query;
      const m = v.type === 'query' && /^\s*(?:label_values|query_result)\((.*?)(?:,\s*[A-Za-z_][A-Za-z0-9_]*)?\)\s*$/s.exec(q ?? '');
      if (m && m[1].trim()) rules.push({ record: `variable_${v.name}`, expr: substitute(m[1]) });
    }
    count += rules.length;
    groups.push({ name: `${file} (${d.uid})`, rules });
  }
  const work = mkdtempSync(join(tmpdir(), 'sanplane-promql-'));
  const rulesFile = join(work, 'dashboard_exprs.rules.json');
  writeFileSync(rulesFile, JSON.stringify({ groups }, null, 2)); // JSON is YAML
  const r = spawnSync('promtool', ['check', 'rules', rulesFile], { encoding: 'utf8' });
  rmSync(work, { recursive: true, force: true });
  if (r.error) fail([`promtool: ${r.error.message}`]);
  if (r.status !== 0) fail((r.stdout + r.stderr).split('\n').filter(Boolean));
  console.log(`promql: ${count} dashboard expressions parse`);
}

if (mode === 'types') {
  // A JSON file cannot name TypeScript enum members, only their values ("absolute", 1), so
  // string enums are checked as the union of their values. Excess-property and type checks are
  // otherwise those of @grafana/schema's Dashboard.
  const header = `import type { Dashboard } from '@grafana/schema';
type Json<T> = T extends string ? \`\${T}\` : T extends number | boolean | null | undefined ? T
  : T extends Array<infer U> ? Array<Json<U>> : T extends object ? { [K in keyof T]: Json<T[K]> } : T;`;
  const units = dashboards.map(({ file, d }, i) => ({ label: file, code: `export const d${i}: Json<Dashboard> = ${JSON.stringify(d, null, 2)};` }));
  const r = typeCheck(header, units);
  if (!r.ok) fail(r.messages);
  console.log(`types: ${dashboards.length} dashboards type-check against @grafana/schema`);
}
