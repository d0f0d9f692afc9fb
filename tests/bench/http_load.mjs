// HTTP load with wrk against a private stack: requests per second and latency per endpoint, and
// the resident memory of every binary afterwards.
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startStack } from '../integration/stack.mjs';
import { adminClient, newCustomer, newProject } from '../integration/fixtures.mjs';

const DURATION = process.env.SANPLANE_BENCH_SECONDS ?? '5';
const stack = await startStack({ env: { SANPLANE_LOG_LEVEL: 'warn' } });
try {
  const admin = await adminClient(stack);
  await admin.post('/api/core/heartbeat/');
  const cookie = [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  const dir = mkdtempSync(join(tmpdir(), 'sanplane-bench-'));
  const report = join(dir, 'report.lua');
  writeFileSync(report, `
done = function(summary, latency, requests)
  io.write(string.format("RESULT %.0f %.2f %.2f %d\\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.errors.status))
end
`);
  const post = join(dir, 'post.lua');
  writeFileSync(post, `wrk.method = "POST"\n` + readFileSync(report, 'utf8'));

  // A zone save that changes nothing: the whole save path (project check with identity, one
  // transaction, the compare-and-set) without moving the version, so every request succeeds.
  const customer = await newCustomer(admin);
  const project = await newProject(admin, customer.id);
  const fabric = (await admin.post('/api/san/fabrics/', { customer: customer.id, name: 'FAB_BENCH', zoneset_name: 'zs', san_vendor: 'BR' })).body;
  const zone = (await admin.post('/api/san/zones/save/', { project_id: project.id,
    zones: [{ fabric: fabric.id, name: 'z_bench', zone_type: 'standard', notes: 'bench', members: [] }] })).body.zones[0];
  const save = join(dir, 'save.lua');
  const saveBody = JSON.stringify({ project_id: project.id, zones: [{ id: zone.id, notes: 'bench', version: zone.version }] });
  writeFileSync(save, `wrk.method = "POST"\nwrk.body = '${saveBody}'\n` + readFileSync(report, 'utf8'));

  const cases = [
    ['GET /healthz (no upstream)', '/healthz', report, []],
    ['GET /api/auth/user/ (session + identity)', '/api/auth/user/', report, [`Cookie: ${cookie}`]],
    ['POST /api/core/heartbeat/ (Redis)', '/api/core/heartbeat/', post,
      [`Cookie: ${cookie}`, `X-CSRFToken: ${admin.cookies.get('csrftoken')}`]],
    ['GET /api/core/active-users/ (Redis + identity)', '/api/core/active-users/', report, [`Cookie: ${cookie}`]],
    ['POST /api/san/zones/save/ (no-op save: identity + Postgres)', '/api/san/zones/save/', save,
      [`Cookie: ${cookie}`, `X-CSRFToken: ${admin.cookies.get('csrftoken')}`, 'Content-Type: application/json']],
    ['GET /api/san/zones/project/{id}/ (identity + Postgres)', `/api/san/zones/project/${project.id}/`, report,
      [`Cookie: ${cookie}`]],
  ];
  console.log(`\nwrk -t2 -c16 -d${DURATION}s, loopback, ${stack.services.length} services\n`);
  console.log('| endpoint | req/s | p50 ms | p99 ms | non-2xx |');
  console.log('|---|---:|---:|---:|---:|');
  for (const [name, path, script, headers] of cases) {
    const args = ['-t2', '-c16', `-d${DURATION}s`, '-s', script];
    for (const h of headers) args.push('-H', h);
    args.push(stack.url + path);
    const out = execFileSync('wrk', args, { encoding: 'utf8' });
    const [, rps, p50, p99, errors] = out.match(/RESULT (\S+) (\S+) (\S+) (\S+)/);
    console.log(`| ${name} | ${rps} | ${p50} | ${p99} | ${errors} |`);
  }
  console.log('\n| binary | RSS after load (MiB) |');
  console.log('|---|---:|');
  for (const name of [...stack.services, 'gateway']) {
    const status = readFileSync(`/proc/${stack.process(name).pid}/status`, 'utf8');
    const rss = Number(status.match(/VmRSS:\s+(\d+)/)[1]) / 1024;
    console.log(`| sanplane-${name} | ${rss.toFixed(1)} |`);
  }
} finally {
  await stack.stop();
}
