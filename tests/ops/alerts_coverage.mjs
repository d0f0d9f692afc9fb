// Every alert of alerts.yml has a severity, a summary, and unit tests in alerts_test.yml showing it
// both firing and not firing; the tests name no alert that does not exist.
//   node tests/ops/alerts_coverage.mjs deploy/prometheus
import { join } from 'node:path';
import { loadYamlDocs, fail } from './lib.mjs';

const dir = process.argv[2];
const rules = loadYamlDocs(join(dir, 'alerts.yml'))[0].obj.groups.flatMap((g) => g.rules).filter((r) => r.alert);
const tests = loadYamlDocs(join(dir, 'alerts_test.yml'))[0].obj.tests;
const cases = tests.flatMap((t) => t.alert_rule_test ?? []);
const errors = [];
const names = new Set(rules.map((r) => r.alert));
for (const r of rules) {
  if (!['critical', 'warning'].includes(r.labels?.severity)) errors.push(`${r.alert}: severity must be critical or warning`);
  if (!r.annotations?.summary) errors.push(`${r.alert}: no summary annotation`);
  const mine = cases.filter((c) => c.alertname === r.alert);
  if (!mine.some((c) => (c.exp_alerts ?? []).length > 0)) errors.push(`${r.alert}: no test where it fires`);
  if (!mine.some((c) => (c.exp_alerts ?? []).length === 0)) errors.push(`${r.alert}: no test where it stays silent`);
}
for (const c of cases) if (!names.has(c.alertname)) errors.push(`alerts_test.yml tests unknown alert ${c.alertname}`);
if (errors.length) fail(errors);
console.log(`coverage: ${rules.length} alerts, each tested firing and silent (${cases.length} cases)`);
