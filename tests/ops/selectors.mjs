// The series selectors of the shipped dashboards and alerts, reduced to what a live stack must
// export for them to show anything: the metric and the job it names. A typo in a label value or a
// metric that a job never exports is valid PromQL that silently matches nothing; the live check
// in prometheus_scrape.mjs queries each of these on a real stack.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import YAML from 'yaml';

// Dashboard variables stand for "any of the jobs"; the namespace variable for the namespace the
// stack runs in (none, outside Kubernetes), so it is dropped.
const VARIABLES = { $job: 'sanplane-.*', $route: '.*', $method: '.*' };

/** Every {metric, job} pair in `expr` whose selector names a job; histograms by their _bucket. */
export function selectorsOf(expr) {
  const found = [];
  for (const match of expr.matchAll(/([a-zA-Z_:][a-zA-Z0-9_:]*)\s*\{([^}]*)\}/g)) {
    const [, metric, matchers] = match;
    const job = matchers.match(/\bjob\s*(=~|=)\s*"([^"]*)"/);
    if (!job) continue;
    const value = VARIABLES[job[2]] ?? job[2];
    found.push({ metric, job: `job${value.includes('*') || job[1] === '=~' ? '=~' : '='}${JSON.stringify(value)}` });
  }
  return found;
}

/** The expressions of deploy/prometheus/alerts.yml and of every dashboard in `dashboards`. */
export function shippedExpressions(alertsFile, dashboards) {
  const exprs = [];
  for (const group of YAML.parse(readFileSync(alertsFile, 'utf8')).groups) {
    for (const rule of group.rules) exprs.push({ where: `alert ${rule.alert}`, expr: rule.expr });
  }
  for (const file of readdirSync(dashboards).filter((f) => f.endsWith('.json'))) {
    const dashboard = JSON.parse(readFileSync(join(dashboards, file), 'utf8'));
    const visit = (panels) => {
      for (const panel of panels ?? []) {
        for (const target of panel.targets ?? []) {
          if (target.expr) exprs.push({ where: `${file}: ${panel.title}`, expr: target.expr });
        }
        visit(panel.panels);
      }
    };
    visit(dashboard.panels);
  }
  return exprs;
}
