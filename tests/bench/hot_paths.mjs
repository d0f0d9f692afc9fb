// The hot paths under load on a private stack with a realistic dataset, each next to its floors
// measured in the same run. For every path, at 16 and 64 connections: requests per second, p50 and
// p99, and the CPU each process spent per request (from /proc: the gateway, every service,
// Postgres with all its backends, Redis, and the load generator itself). The floors: a fixed answer
// of the gateway (/healthz, no upstream), redis-benchmark of the same Redis commands, pgbench of
// the same SQL (taken from the services' query files) and the same RPC called straight at its
// service (grpc_loader). Ratios are path / floor in requests per second.
//
// Dataset: one project of SANPLANE_BENCH_ALIASES aliases (5,000) and SANPLANE_BENCH_ZONES zones
// (3,000), and 1,000 then 10,000 users active in the presence window (active users in full and
// a page of 50).
// SANPLANE_BENCH_SECONDS: seconds per measurement (default 10; 3 is a quick run of a few minutes).
// SANPLANE_BENCH_ONLY: a comma-separated subset of heartbeat, stale-save, save, active-users,
// zone-list.
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync, realpathSync } from 'node:fs';
import { tmpdir, cpus } from 'node:os';
import { join } from 'node:path';
import { startStack, buildDir, repoRoot } from '../integration/stack.mjs';
import { adminClient } from '../integration/fixtures.mjs';
import { seedProject, ok } from './seed_project.mjs';
import { TICKS_PER_SECOND, ticksOf, postmasterOf, postgresTicks } from './proc_cpu.mjs';
import { memoryOf, sumMemory } from './proc_memory.mjs';

const SECONDS = Number(process.env.SANPLANE_BENCH_SECONDS ?? 10);
const ALIASES = Number(process.env.SANPLANE_BENCH_ALIASES ?? 5000);
const ZONES = Number(process.env.SANPLANE_BENCH_ZONES ?? 3000);
const ONLY = process.env.SANPLANE_BENCH_ONLY?.split(',');
const CONNECTIONS = [16, 64];
const PG_BIN = '/usr/lib/postgresql/15/bin';
const wanted = (path) => !ONLY || ONLY.includes(path);

const stack = await startStack({ env: { SANPLANE_LOG_LEVEL: 'warn' } });
const BINARIES = ['gateway', ...stack.services];
const memoryOfEach = () => Object.fromEntries(BINARIES.map((name) => [name, memoryOf(stack.process(name).pid)]));
// Every binary started and answering, nothing asked of it yet.
const idleMemory = memoryOfEach();
const dir = mkdtempSync(join(tmpdir(), 'sanplane-hot-paths-'));
const psql = (sql) => execFileSync(`${PG_BIN}/psql`,
  [stack.pgDsn, '-X', '-q', '-t', '-A', '-v', 'ON_ERROR_STOP=1', '-c', sql], { encoding: 'utf8' }).trim();
const pgPort = stack.pgDsn.match(/port=(\d+)/)[1];
const storesDir = join(stack.dir, 'stores');
// The stack's Redis address is in every binary's environment.
const redisAddr = readFileSync(`/proc/${stack.process('gateway').pid}/environ`, 'utf8').split('\0')
  .find((e) => e.startsWith('SANPLANE_REDIS_ADDR='));
const redis = {
  port: Number(redisAddr.split(':').pop()),
  pid: Number(readFileSync(join(storesDir, 'redis.pid'), 'utf8')),
  password: stack.secrets.redisPassword,
  tls: ['--tls', '--cacert', join(storesDir, 'tls', 'ca.crt'), '--user', 'sanplane'],
};
const redisCli = (input) => execFileSync('redis-cli', [...redis.tls, '-p', String(redis.port)],
  { input, env: { ...process.env, REDISCLI_AUTH: redis.password }, encoding: 'utf8', maxBuffer: 1 << 26 });

// The processes whose CPU is counted, each a function answering its ticks so far.
const postmaster = postmasterOf(realpathSync(join(storesDir, 'pg')));
const PROCESSES = [
  ['gateway', () => ticksOf(stack.process('gateway').pid)],
  ...stack.services.map((name) => [name, () => ticksOf(stack.process(name).pid)]),
  ['postgres', () => postgresTicks(postmaster)],
  ['redis', () => ticksOf(redis.pid)],
];

/**
 * Runs `command args` (a load generator that prints its own figures) and measures every process's
 * CPU meanwhile; the generator's own CPU is what its shell reaped. `parse(output)` answers
 * {rps, p50, p99, requests, errors}; missing figures are undefined.
 */
function measure(command, args, parse) {
  const before = PROCESSES.map(([, ticks]) => ticks());
  const run = spawnSync('bash', ['-c', '"$@"; status=$?; echo "LOADER_STAT $(cat /proc/$$/stat)"; exit $status', 'loader', command, ...args],
    { encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, REDISCLI_AUTH: redis.password } });
  const after = PROCESSES.map(([, ticks]) => ticks());
  if (run.status !== 0) throw new Error(`${command} ${args.join(' ')}: ${run.stderr}${run.stdout}`);
  const result = parse(run.stdout);
  const loaderStat = run.stdout.match(/LOADER_STAT .*\) (.*)/)[1].split(' ');
  const loaderTicks = Number(loaderStat[13]) + Number(loaderStat[14]); // cutime, cstime
  const perRequest = (ticks) => (ticks * 1e6) / TICKS_PER_SECOND / result.requests;
  result.cpu = Object.fromEntries(PROCESSES.map(([name], i) => [name, perRequest(after[i] - before[i])]));
  result.cpu.loader = perRequest(loaderTicks);
  return result;
}

// ---- load generators ---------------------------------------------------------------------------

const REPORT_LUA = `
done = function(summary, latency, requests)
  io.write(string.format("RESULT %.0f %.2f %.2f %d %d\\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
`;
const parseResult = (out) => {
  const [, rps, p50, p99, requests, errors] = out.match(/RESULT (\S+) (\S+) (\S+) (\S+) (\S+)/);
  return { rps: Number(rps), p50: Number(p50), p99: Number(p99), requests: Number(requests), errors: Number(errors) };
};

function script(name, text) {
  const file = join(dir, `${name}.lua`);
  writeFileSync(file, text + REPORT_LUA);
  return file;
}

function wrk(path, luaScript, headers, connections) {
  // A long timeout: a slow answer is a figure to report, not an error.
  const args = [`-t${Math.min(2, connections)}`, `-c${connections}`, `-d${SECONDS}s`, '--timeout', '30s', '-s', luaScript];
  for (const h of headers) args.push('-H', h);
  args.push(stack.url + path);
  return measure('wrk', args, parseResult);
}

function grpc(service, connections, ...rpc) {
  const loader = join(buildDir, 'tests', 'bench', 'grpc_loader');
  return measure('env', [`SANPLANE_PRINCIPAL_KEY=${stack.secrets.principalKey}`, `SANPLANE_BENCH_USER_ID=${adminId}`,
    loader, stack.grpcAddr(service), String(connections), String(SECONDS), ...rpc], (out) => {
    const [, rps, p50, p99, errors] = out.match(/RESULT (\S+) (\S+) (\S+) (\S+)/);
    return { rps: Number(rps), p50: Number(p50), p99: Number(p99), requests: Number(rps) * SECONDS, errors: Number(errors) };
  });
}

/**
 * redis-benchmark of one command, `perSecond` times the seconds of a row (it counts requests, not
 * time); answers its rate, and its p50 / p99 in ms.
 */
function redisBenchmark(connections, command, perSecond = 20000) {
  const requests = String(SECONDS * perSecond);
  return measure('redis-benchmark', [...redis.tls, '-a', redis.password, '-p', String(redis.port), '-c', String(connections),
    '-n', requests, '--csv', ...command], (out) => {
    // "test","rps","avg_latency_ms","min_latency_ms","p50_latency_ms","p95_latency_ms","p99_latency_ms","max_latency_ms"
    const row = out.split('\n').find((line) => /^"(?!test")/.test(line));
    const cells = row.split(',').map((c) => Number(c.replaceAll('"', '')));
    return { rps: cells[1], p50: cells[4], p99: cells[6], requests: Number(requests), errors: 0 };
  });
}

/** The statement `name` of a services' query file, its $n turned into pgbench variables :pn. */
function namedQuery(file, name) {
  const text = readFileSync(join(repoRoot, file), 'utf8');
  const start = text.indexOf(`-- name: ${name}\n`);
  if (start < 0) throw new Error(`no query ${name} in ${file}`);
  const rest = text.slice(start).split('\n').slice(1);
  const end = rest.findIndex((line) => line.startsWith('-- name: '));
  const sql = rest.slice(0, end < 0 ? undefined : end).filter((line) => !line.startsWith('--')).join('\n').trim();
  return sql.replace(/\$(\d+)/g, ':p$1');
}

/** pgbench of `sql` (prepared, as libpqxx runs it) with variables `values` ({1: ..., 2: ...}). */
function pgbench(name, sql, values, connections) {
  const file = join(dir, `${name}.sql`);
  writeFileSync(file, `${sql.replace(/\s*\n\s*/g, ' ')};\n`);
  const args = ['-n', '-h', '127.0.0.1', '-p', pgPort, '-U', 'sanplane', '-M', 'prepared', '-c', String(connections),
    '-j', '2', '-T', String(SECONDS), '-f', file, '-r'];
  for (const [n, v] of Object.entries(values)) args.push('-D', `p${n}=${v}`);
  args.push('sanplane');
  return measure(`${PG_BIN}/pgbench`, args, (out) => {
    const tps = Number(out.match(/tps = ([\d.]+)/)[1]);
    const average = Number(out.match(/latency average = ([\d.]+) ms/)[1]);
    const processed = Number(out.match(/number of transactions actually processed: (\d+)/)[1]);
    const failed = Number(out.match(/number of failed transactions: (\d+)/)?.[1] ?? 0);
    return { rps: tps, p50: undefined, p99: undefined, average, requests: processed, errors: failed };
  });
}

// ---- the dataset -------------------------------------------------------------------------------

const admin = await adminClient(stack);
const seededAt = Date.now();
const { customer, project } = await seedProject(admin, { aliases: ALIASES, zones: ZONES, batch: 250 });
console.error(`seeded ${ALIASES} aliases and ${ZONES} zones in ${((Date.now() - seededAt) / 1000).toFixed(0)} s`);
// The web UI's zones page right after the seeding (Postgres may not have analyzed the fresh rows
// yet): every zone of the project in pages of 500, one after the other.
const pageTimes = [];
for (let page = 1; page <= Math.ceil(ZONES / 500); page += 1) {
  const started = Date.now();
  await ok(await admin.get(`/api/san/zones/project/${project.id}/?page_size=500&page=${page}`), 'zones page');
  pageTimes.push(Date.now() - started);
}
const pagesAfterSeeding = `${ZONES} zones in pages of 500 right after seeding: ${pageTimes.join(' + ')} = ` +
  `${pageTimes.reduce((a, b) => a + b, 0)} ms`;
console.error(pagesAfterSeeding);
const adminId = (await ok(await admin.get('/api/auth/user/'), 'me')).id;
const zone = (await ok(await admin.get(`/api/san/zones/project/${project.id}/?page_size=1`), 'zones')).results[0];
const cookie = [...admin.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
const csrf = admin.cookies.get('csrftoken');
const readHeaders = [`Cookie: ${cookie}`];
const writeHeaders = [...readHeaders, `X-CSRFToken: ${csrf}`, 'Content-Type: application/json'];

// Users who never sign in: straight into the table, each with the bench project as context.
const USERS = 10000;
psql(`INSERT INTO identity.users (username, password_hash, first_name, last_name, email)
      SELECT 'bench' || n, '!', 'First' || n, 'Last' || n, 'bench' || n || '@example.com'
        FROM generate_series(1, ${USERS}) n;
      INSERT INTO identity.user_config (user_id, active_customer_id, active_project_id)
      SELECT id, ${customer.id}, ${project.id} FROM identity.users WHERE username LIKE 'bench%'`);
const benchUserIds = psql(`SELECT id FROM identity.users WHERE username LIKE 'bench%' ORDER BY id`).split('\n').map(Number);

/** Exactly `count` users active now in the presence index (the admin among them). */
function makeActive(count) {
  const now = Date.now();
  const lines = ['DEL presence:active', `ZADD presence:active ${now} ${adminId}`];
  for (const id of benchUserIds.slice(0, count - 1)) lines.push(`ZADD presence:active ${now} ${id}`);
  redisCli(lines.join('\n') + '\n');
}

// ---- the paths and their floors ----------------------------------------------------------------

const rows = []; // {path, connections, what, result, floorOf}
function record(path, connections, what, result, isFloor = false) {
  rows.push({ path, connections, what, result, isFloor });
  const r = result;
  console.error(`${path} c=${connections} ${what}: ${r.rps.toFixed(0)} req/s, p50 ${r.p50 ?? '-'} ms, p99 ${r.p99 ?? '-'} ms, errors ${r.errors}`);
}

const post = script('post', 'wrk.method = "POST"\n');
const get = script('get', '');
// The stale save needs a zone whose version has moved: edit it once.
const edited = (await ok(await admin.post('/api/san/zones/save/', { project_id: project.id, zones: [{ id: zone.id, version: zone.version, notes: 'edited' }] }), 'edit')).zones[0];
const stale = JSON.stringify({ project_id: project.id, zones: [{ id: zone.id, version: edited.version - 1, notes: 'stale' }] });

for (const c of CONNECTIONS) {
  if (wanted('heartbeat')) {
    record('heartbeat', c, 'gateway /healthz (fixed answer)', wrk('/healthz', get, [], c), true);
    // How many heartbeats the gateway's calls to presence carried (heartbeat_batcher.hpp), from its
    // metrics around the row.
    const calls = async () => {
      const text = await stack.scrape('sanplane-gateway');
      const count = (method) => [...text.matchAll(new RegExp(`^sanplane_grpc_client_calls_total\\{[^}]*method="${method}"[^}]*\\} (\\S+)$`, 'gm'))]
        .reduce((sum, m) => sum + Number(m[1]), 0);
      return { beats: count('presence\\.Heartbeat'), batches: count('presence\\.HeartbeatBatch') };
    };
    const before = await calls();
    const beats = wrk('/api/core/heartbeat/', post, writeHeaders, c);
    const after = await calls();
    const perCall = (after.beats - before.beats) / Math.max(1, after.batches - before.batches);
    record('heartbeat', c, `POST /api/core/heartbeat/ (${perCall.toFixed(1)} per call to presence)`, beats);
    record('heartbeat', c, 'gRPC Presence.Heartbeat', grpc('presence', c, 'heartbeat'), true);
    record('heartbeat', c, 'gRPC Presence.HeartbeatBatch (16 per call)', grpc('presence', c, 'heartbeat-batch', '16'), true);
    const set = redisBenchmark(c, ['SET', `presence:user:${adminId}`, String(Date.now() * 1000), 'EX', '300']);
    const zadd = redisBenchmark(c, ['ZADD', 'presence:active', String(Date.now()), String(adminId)]);
    record('heartbeat', c, 'redis-benchmark SET EX', set, true);
    record('heartbeat', c, 'redis-benchmark ZADD', zadd, true);
  }
  if (wanted('stale-save')) {
    const body = script('stale', `wrk.method = "POST"\nwrk.body = '${stale}'\n`);
    record('stale-save', c, 'POST /api/san/zones/save/ (stale version: 409)', wrk('/api/san/zones/save/', body, writeHeaders, c));
    record('stale-save', c, 'gRPC San.SaveZones (stale)', grpc('san', c, 'save-zone', String(project.id), String(zone.id), String(edited.version - 1), 'stale'), true);
    const update = JSON.stringify([{ id: zone.id, version: edited.version - 1, name: edited.name, zone_type: edited.zone_type, create: false, delete: false, exists: false, in_zoneset: true, notes: 'stale' }]);
    record('stale-save', c, 'pgbench UpdateZones (compare-and-set, no row)', pgbench('update-zones', namedQuery('services/san/queries/zones.sql', 'UpdateZones'), { 1: update, 2: 'admin' }, c), true);
  }
  if (wanted('active-users')) {
    for (const active of [1000, 10000]) {
      makeActive(active);
      const label = `active-users ${active}`;
      record(label, c, 'GET /api/core/active-users/', wrk('/api/core/active-users/', get, readHeaders, c));
      makeActive(active);
      record(label, c, 'GET /api/core/active-users/?page_size=50', wrk('/api/core/active-users/?page_size=50', get, readHeaders, c));
      makeActive(active);
      record(label, c, 'gRPC Presence.ListActiveUsers', grpc('presence', c, 'active-users'), true);
      makeActive(active);
      record(label, c, 'redis-benchmark ZREVRANGEBYSCORE', redisBenchmark(c, ['ZREVRANGEBYSCORE', 'presence:active', '+inf', String(Date.now() - 60000), 'WITHSCORES'], 20000000 / active), true);
      // What presence asks identity on every list once its directory is filled: the changes since
      // its version (none), no ids.
      const version = psql('SELECT version FROM identity.directory_version');
      record(label, c, 'pgbench UserDirectory (nothing changed)', pgbench('user-directory', namedQuery('services/identity/queries/user_directory.sql', 'UserDirectory'), { 1: version, 2: '{}' }, c), true);
      // What a first list (or every list, before the directory was cached) reads.
      const ids = `{${[adminId, ...benchUserIds.slice(0, active - 1)].join(',')}}`;
      record(label, c, 'pgbench UserContexts (every user, uncached)', pgbench('user-contexts', namedQuery('services/identity/queries/user_config.sql', 'UserContexts'), { 1: ids }, c), true);
    }
  }
  if (wanted('zone-list')) {
    // A page of 50 (the tables' default), and of 500 (the zones page of the web UI reads the
    // project's zones in pages of 500).
    for (const size of [50, 500]) {
      const label = `zone-list ${size}`;
      record(label, c, `GET /api/san/zones/project/{id}/?page_size=${size} (${ZONES} zones)`, wrk(`/api/san/zones/project/${project.id}/?page_size=${size}`, get, readHeaders, c));
      record(label, c, 'gRPC San.ListZones', grpc('san', c, 'list-zones', String(project.id), String(size)), true);
      record(label, c, 'pgbench ListProjectZones', pgbench('list-zones', namedQuery('services/san/queries/zones.sql', 'ListProjectZones'),
        { 1: project.id, 2: customer.id, 3: "''", 4: '%', 5: '%', 6: 'id', 7: size, 8: 0 }, c), true);
    }
  }
}
if (wanted('save')) {
  // One client saving one zone with the right version: each answer's version is the next request's.
  const body = script('save', `
wrk.method = "POST"
local version = ${edited.version}
local step = 0
request = function()
  step = step + 1
  return wrk.format(nil, nil, nil, string.format('{"project_id":${project.id},"zones":[{"id":${zone.id},"version":%d,"notes":"save %d"}]}', version, step))
end
response = function(status, headers, body)
  local v = string.match(body, '"version":(%d+)')
  if status == 200 and v then version = tonumber(v) end
end
`);
  record('save', 1, 'POST /api/san/zones/save/ (right version)', wrk('/api/san/zones/save/', body, writeHeaders, 1));
}

// ---- the tables --------------------------------------------------------------------------------

const names = [...PROCESSES.map(([n]) => n), 'loader'];
const fmt = (v, digits = 0) => (v === undefined || Number.isNaN(v) ? '–' : v.toFixed(digits));
console.log(`\nsanplane hot paths, ${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores (${cpus()[0].model.trim()}), ` +
  `${SECONDS} s per row, ${ALIASES} aliases / ${ZONES} zones in the project\n`);
console.log(`${pagesAfterSeeding}\n`);
console.log(`| path | c | measured | req/s | p50 ms | p99 ms | non-2xx | × floor | ${names.join(' | ')} | total µs |`);
console.log(`|---|---:|---|---:|---:|---:|---:|---:|${names.map(() => '---:|').join('')}---:|`);
for (const row of rows) {
  const r = row.result;
  // The path's ratio to each floor of the same path and connections: path req/s / floor req/s.
  let ratio = '';
  if (row.isFloor) {
    const path = rows.find((p) => !p.isFloor && p.path === row.path && p.connections === row.connections);
    ratio = path ? `${(path.result.rps / r.rps).toFixed(2)}×` : '';
  }
  const total = names.reduce((sum, n) => sum + (r.cpu[n] ?? 0), 0);
  console.log(`| ${row.path} | ${row.connections} | ${row.isFloor ? 'floor: ' : ''}${row.what} | ${fmt(r.rps)} | ${fmt(r.p50, 2)} | ${fmt(r.p99, 2)} | ${r.errors} | ${ratio} | ` +
    `${names.map((n) => fmt(r.cpu[n])).join(' | ')} | ${fmt(total)} |`);
}
// Each binary looks at its heap every 5 s and gives back what a burst left, in a trim and its
// follow-ups while they pay (common::HeapTrimmer): the figure after the load is the one after
// three looks.
await new Promise((resolve) => setTimeout(resolve, 16000));
const loadedMemory = memoryOfEach();
const mib = (v) => v.toFixed(1);
console.log('\n| binary (MiB) | idle: RSS | private | shared | PSS | after load: RSS | private | shared | PSS |');
console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
const split = (m) => `${mib(m.rss)} | ${mib(m.private)} | ${mib(m.shared)} | ${mib(m.pss)}`;
const memoryRow = (name, idle, loaded) => console.log(`| ${name} | ${split(idle)} | ${split(loaded)} |`);
for (const name of BINARIES) memoryRow(`sanplane-${name}`, idleMemory[name], loadedMemory[name]);
memoryRow('all five', sumMemory(Object.values(idleMemory)), sumMemory(Object.values(loadedMemory)));
await stack.stop();
