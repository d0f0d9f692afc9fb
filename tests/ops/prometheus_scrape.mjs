// Scrapes a running sanplane stack with a real, private Prometheus: every target comes up, the
// shipped alert rules load, and an HTTP request counter moves when the test sends requests.
//
//   SANPLANE_SCRAPE_TARGETS='{"sanplane-gateway":"127.0.0.1:9100","sanplane-identity":"127.0.0.1:9101",...}' \
//     node --test tests/ops/prometheus_scrape.mjs
//
// Without SANPLANE_SCRAPE_TARGETS the test is skipped. It works against any HTTP server that
// exposes a counter in Prometheus text format; these optional variables adapt it:
//   SANPLANE_SCRAPE_PROBE_JOB    job whose server receives the requests  (sanplane-gateway)
//   SANPLANE_SCRAPE_PROBE_PATH   path requested; any status will do     (/api/auth/user/, a 401 that is counted)
//   SANPLANE_SCRAPE_PROBE_URL    where that job serves requests, when not on its metrics address
//                                (the gateway's public port, e.g. http://127.0.0.1:8000)
//   SANPLANE_SCRAPE_COUNTER      counter that must grow by the requests  (sanplane_http_requests_total)
//   SANPLANE_SCRAPE_TIMEOUT_MS   how long to wait for targets / counter  (20000; the first scrape
//                                comes about 5 s after Prometheus starts, whatever the interval)
//   SANPLANE_SCRAPE_SELECTORS    1: also check that every selector of the shipped dashboards and
//                                alerts matches a series of the job it names (the stack must have
//                                served the traffic that creates the event-driven series first)
//   PROMETHEUS                   prometheus binary                        (prometheus on PATH)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync, rmSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from '../integration/stack.mjs';
import { selectorsOf, shippedExpressions } from './selectors.mjs';

const ALERTS = resolve(dirname(fileURLToPath(import.meta.url)), '../../deploy/prometheus/alerts.yml');
const DASHBOARDS = resolve(dirname(fileURLToPath(import.meta.url)), '../../deploy/grafana/dashboards');
const PROBE_REQUESTS = 3;

async function poll(what, timeoutMs, fn) {
  const deadline = Date.now() + timeoutMs;
  let last;
  for (;;) {
    try {
      const r = await fn();
      if (r.done) return r.value;
      last = r.detail;
    } catch (e) {
      last = e.message;
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}: ${last}`);
    await sleep(250);
  }
}

async function query(base, q) {
  const res = await fetch(`${base}/api/v1/query?query=${encodeURIComponent(q)}`);
  const body = await res.json();
  if (body.status !== 'success') throw new Error(`query ${q}: ${JSON.stringify(body)}`);
  return body.data.result;
}

test('Prometheus scrapes every sanplane target and sees requests counted', async (t) => {
  const raw = process.env.SANPLANE_SCRAPE_TARGETS;
  if (!raw) {
    t.skip('SANPLANE_SCRAPE_TARGETS is not set (JSON {"job":"host:port",...} of a running stack)');
    return;
  }
  const targets = JSON.parse(raw);
  const jobs = Object.keys(targets);
  assert.ok(jobs.length > 0, 'SANPLANE_SCRAPE_TARGETS names no target');
  const probeJob = process.env.SANPLANE_SCRAPE_PROBE_JOB ?? 'sanplane-gateway';
  const probePath = process.env.SANPLANE_SCRAPE_PROBE_PATH ?? '/api/auth/user/';
  const probeUrl = process.env.SANPLANE_SCRAPE_PROBE_URL ?? `http://${targets[probeJob]}`;
  const counter = process.env.SANPLANE_SCRAPE_COUNTER ?? 'sanplane_http_requests_total';
  const timeoutMs = Number(process.env.SANPLANE_SCRAPE_TIMEOUT_MS ?? 20000);
  assert.ok(targets[probeJob], `SANPLANE_SCRAPE_TARGETS has no ${probeJob} to send requests to`);

  const dir = mkdtempSync(join(tmpdir(), 'sanplane-prom-'));
  copyFileSync(ALERTS, join(dir, 'alerts.yml'));
  const config = [
    'global:',
    '  scrape_interval: 1s',
    '  scrape_timeout: 1s',
    '  evaluation_interval: 1s',
    'rule_files:',
    '  - alerts.yml',
    'scrape_configs:',
    ...jobs.flatMap((job) => [
      `  - job_name: ${JSON.stringify(job)}`,
      '    static_configs:',
      `      - targets: [${JSON.stringify(targets[job])}]`,
    ]),
  ].join('\n');
  writeFileSync(join(dir, 'prometheus.yml'), `${config}\n`);

  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  let log = '';
  const prom = spawn(process.env.PROMETHEUS ?? 'prometheus', [
    `--config.file=${join(dir, 'prometheus.yml')}`,
    `--storage.tsdb.path=${join(dir, 'data')}`,
    `--web.listen-address=127.0.0.1:${port}`,
  ], { stdio: ['ignore', 'pipe', 'pipe'] });
  prom.stdout.on('data', (b) => { log += b; });
  prom.stderr.on('data', (b) => { log += b; });
  const exited = new Promise((ok) => prom.on('close', (code, signal) => ok({ code, signal })));
  let spawnError;
  prom.on('error', (e) => { spawnError = e; });

  t.after(async () => {
    if (prom.exitCode === null && prom.signalCode === null) {
      prom.kill('SIGTERM');
      const stop = await Promise.race([exited, sleep(5000).then(() => null)]);
      if (!stop) {
        prom.kill('SIGKILL');
        await exited;
      }
    }
    rmSync(dir, { recursive: true, force: true });
  });
  const diagnose = (e) => new Error(`${e.message}\n--- prometheus log (tail) ---\n${log.split('\n').slice(-20).join('\n')}`);

  try {
    await poll('Prometheus /-/ready', timeoutMs, async () => {
      if (spawnError) throw new Error(`cannot start prometheus: ${spawnError.message}`);
      if (prom.exitCode !== null) throw new Error(`prometheus exited with ${prom.exitCode}`);
      const res = await fetch(`${base}/-/ready`);
      return { done: res.ok, detail: `HTTP ${res.status}` };
    });

    await t.test('every target is up', async () => {
      await poll(`up == 1 for ${jobs.join(', ')}`, timeoutMs, async () => {
        const result = await query(base, 'up');
        const up = new Map(result.map((r) => [r.metric.job, r.value[1]]));
        const missing = jobs.filter((j) => up.get(j) !== '1');
        return { done: missing.length === 0, detail: `not up yet: ${missing.map((j) => `${j}=${up.get(j) ?? 'unscraped'}`).join(', ')}` };
      });
    });

    await t.test('the shipped alert rules load', async () => {
      const res = await fetch(`${base}/api/v1/rules?type=alert`);
      const body = await res.json();
      const names = body.data.groups.flatMap((g) => g.rules.map((r) => r.name));
      assert.ok(names.includes('SanplaneTargetDown'), `alerts loaded: ${names.join(', ')}`);
    });

    await t.test(`${counter} moves with requests to ${probeJob}`, async () => {
      const selector = `sum(${counter}{job=${JSON.stringify(probeJob)}})`;
      const valueOf = async () => {
        const r = await query(base, selector);
        return r.length ? Number(r[0].value[1]) : 0;
      };
      const before = await valueOf();
      for (let i = 0; i < PROBE_REQUESTS; i++) {
        const res = await fetch(`${probeUrl}${probePath}`);
        await res.arrayBuffer();
        assert.ok(res.status < 500, `GET ${probePath} answered ${res.status}`);
      }
      await poll(`${selector} to grow by ${PROBE_REQUESTS} from ${before}`, timeoutMs, async () => {
        const now = await valueOf();
        return { done: now >= before + PROBE_REQUESTS, detail: `now ${now}` };
      });
    });

    if (process.env.SANPLANE_SCRAPE_SELECTORS === '1') {
      await t.test('every selector of the dashboards and alerts matches a series of its job', async () => {
        const wanted = new Map();
        for (const { where, expr } of shippedExpressions(ALERTS, DASHBOARDS)) {
          for (const { metric, job } of selectorsOf(expr)) {
            const selector = `${metric}{${job}}`;
            wanted.set(selector, [...(wanted.get(selector) ?? []), where]);
          }
        }
        assert.ok(wanted.size > 20, `only ${wanted.size} selectors found`);
        await poll('every selector to match a series', timeoutMs, async () => {
          const missing = [];
          for (const [selector, uses] of wanted) {
            if (!(await query(base, `count(${selector})`)).length) missing.push(`${selector} (${uses[0]})`);
          }
          return { done: missing.length === 0, detail: `no series for ${missing.join('; ')}` };
        });
      });
    }
  } catch (e) {
    throw diagnose(e);
  }
});
