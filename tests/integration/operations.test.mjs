// Operations, checked against the real binaries: a private Prometheus scrapes every one of them,
// and SIGTERM drains in-flight work before a clean exit.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { readFileSync, readdirSync } from 'node:fs';
import { connect } from 'node:net';
import { startStack, repoRoot } from './stack.mjs';
import { Client } from './client.mjs';
import { adminClient, newCustomer } from './fixtures.mjs';

let stack;
before(async () => {
  stack = await startStack({ env: { SANPLANE_DRAIN_TIMEOUT_MS: '8000' } });
});
after(async () => { await stack?.stop(); });

function run(command, args, env) {
  return new Promise((resolve) => {
    const childEnv = { ...process.env, ...env };
    delete childEnv.NODE_TEST_CONTEXT;  // a test run of its own, not a subtest of this one
    const child = spawn(command, args, { env: childEnv });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    child.on('exit', (code) => resolve({ code, output }));
  });
}

test('a real Prometheus scrapes every binary and sees the request counter move', async () => {
  const targets = stack.scrapeTargets();
  assert.deepEqual(Object.keys(targets).sort(), [
    'sanplane-gateway', 'sanplane-identity', 'sanplane-presence', 'sanplane-san', 'sanplane-storage',
  ]);
  // The traffic that creates the series some panels and alerts select: calls between services, a
  // version conflict, a failed sign-in, presence.
  const admin = await adminClient(stack);
  const customer = await newCustomer(admin);
  await admin.post('/api/core/heartbeat/', {});
  await admin.get('/api/core/active-users/');
  assert.equal((await admin.put(`/api/customers/${customer.id}/`, { notes: 'a', version: 0 })).status, 200);
  assert.equal((await admin.put(`/api/customers/${customer.id}/`, { notes: 'b', version: 0 })).status, 409);
  const stranger = new Client(stack.url);
  await stranger.post('/api/auth/login/', { username: 'admin', password: 'not the password' });
  const { code, output } = await run('node', ['--test', join(repoRoot, 'tests/ops/prometheus_scrape.mjs')],
    { SANPLANE_SCRAPE_TARGETS: JSON.stringify(targets), SANPLANE_SCRAPE_PROBE_URL: stack.url,
      SANPLANE_SCRAPE_SELECTORS: '1' });
  assert.equal(code, 0, output);
  assert.match(output, /^# fail 0$/m);
  assert.match(output, /^# skipped 0$/m);
});

test('every service exposes its RPC metrics with bounded labels', async () => {
  const admin = await adminClient(stack);
  await admin.get('/api/customers/');
  const text = await stack.scrape('sanplane-identity');
  assert.match(text, /sanplane_grpc_server_handled_total\{[^}]*method="ListCustomers"[^}]*\} [1-9]/);
  assert.match(text, /process_resident_memory_bytes \d/);
  const gateway = await stack.scrape('sanplane-gateway');
  assert.match(gateway, /sanplane_http_requests_total\{[^}]*route="\/api\/customers\/"/);
  assert.doesNotMatch(gateway, /route="\/api\/customers\/\d+/, 'routes are templates, never raw paths');
});

test('calls between binaries, pools, Redis, the build and the schema are measured', async () => {
  const admin = await adminClient(stack);
  await admin.get('/api/customers/');
  await admin.post('/api/core/heartbeat/', {});
  const gateway = await stack.scrape('sanplane-gateway');
  // The gateway's upstream calls: counted, timed, by "service.Method".
  assert.match(gateway, /sanplane_grpc_client_calls_total\{[^}]*method="identity\.ListCustomers"[^}]*\} [1-9]/);
  assert.match(gateway, /sanplane_grpc_client_handling_seconds_count\{method="identity\.ListCustomers"\} [1-9]/);
  assert.match(gateway, /sanplane_build_info\{commit="[^"]+",version="\d+\.\d+\.\d+"\} 1/);
  const identity = await stack.scrape('sanplane-identity');
  assert.match(identity, /sanplane_grpc_server_in_flight 0/);
  assert.match(identity, /sanplane_pool_wait_seconds_count\{pool="postgres"\} [1-9]/);
  assert.match(identity, /sanplane_redis_command_duration_seconds_count\{command="[A-Z]+"\} [1-9]/);
  assert.match(identity, /sanplane_schema_version\{schema="identity"\} [1-9]/);
  for (const [job, schema] of [['sanplane-san', 'san'], ['sanplane-storage', 'storage']]) {
    assert.match(await stack.scrape(job), new RegExp(`sanplane_schema_version\\{schema="${schema}"\\} [1-9]`), job);
  }
  const presence = await stack.scrape('sanplane-presence');
  assert.match(presence, /sanplane_pool_wait_seconds_count\{pool="redis"\} [1-9]/);
});

// Holds a row lock from outside, so an update of that row waits inside the service: a request
// that is in flight for as long as the test wants.
function lockRow(sql) {
  const psql = spawn('/usr/lib/postgresql/15/bin/psql', [stack.pgDsn, '-v', 'ON_ERROR_STOP=1', '-q'],
    { stdio: ['pipe', 'pipe', 'inherit'] });
  psql.stdin.write(`BEGIN;\n${sql}\n\\echo locked\n`);
  const locked = new Promise((resolve) => {
    psql.stdout.on('data', (d) => { if (String(d).includes('locked')) resolve(); });
  });
  return {
    locked,
    release: () => new Promise((resolve) => { psql.on('exit', resolve); psql.stdin.end('ROLLBACK;\n'); }),
  };
}

// Sanitized builds keep the C library's allocator, which the sanitizers replace.
test('the gateway allocates with jemalloc, set up to give freed pages back on a thread of its own',
  { skip: process.env.SANPLANE_SANITIZE === '1' && 'sanitized binaries use the sanitizers\' allocator' }, () => {
    const threadsOf = (pid) => readdirSync(`/proc/${pid}/task`)
      .map((task) => readFileSync(`/proc/${pid}/task/${task}/comm`, 'utf8').trim());
    const gateway = stack.process('gateway').pid;
    assert.match(readFileSync(`/proc/${gateway}/maps`, 'utf8'), /\/libjemalloc\.so\.2$/m);
    // The thread exists only if jemalloc read the gateway's settings (background_thread:true).
    assert.ok(threadsOf(gateway).includes('jemalloc_bg_thd'), threadsOf(gateway).join(' '));
    // The services keep the C library's allocator and its trimmer.
    for (const name of stack.services) {
      assert.doesNotMatch(readFileSync(`/proc/${stack.process(name).pid}/maps`, 'utf8'), /libjemalloc/, name);
    }
  });

test('SIGTERM to a service lets the in-flight update finish, refuses new work and exits 0', async () => {
  const admin = await adminClient(stack);
  const customer = await newCustomer(admin);
  await admin.get('/api/customers/');  // the session is now cached by the gateway
  const lock = lockRow(`SELECT id FROM identity.customers WHERE id = ${customer.id} FOR UPDATE;`);
  await lock.locked;
  const inFlight = admin.put(`/api/customers/${customer.id}/`, { name: customer.name, notes: 'drained', version: 0 });
  await new Promise((r) => setTimeout(r, 300));  // the update is now waiting on the row lock
  const identity = stack.process('identity');
  const exited = new Promise((resolve) => identity.once('exit', (code, signal) => resolve({ code, signal })));
  identity.kill('SIGTERM');
  await new Promise((r) => setTimeout(r, 300));
  const refused = await admin.get(`/api/customers/${customer.id}/`);
  assert.equal(refused.status, 503, 'new work is refused while draining');
  await lock.release();
  const finished = await inFlight;
  assert.equal(finished.status, 200, JSON.stringify(finished.body));
  assert.equal(finished.body.notes, 'drained');
  assert.deepEqual(await exited, { code: 0, signal: null });
  await stack.startService('identity');
  const after = await admin.get(`/api/customers/${customer.id}/`);
  assert.equal(after.body.version, 1);
});

test('SIGTERM to the gateway finishes the in-flight request, refuses new connections, exits 0', async () => {
  const admin = await adminClient(stack);
  const identity = stack.process('identity');
  // A fresh client: its first request must ask identity for the session, which is paused.
  const client = new Client(stack.url);
  await client.login(stack.admin.username, stack.admin.password);
  identity.kill('SIGSTOP');
  let inFlight;
  try {
    inFlight = client.get('/api/auth/user/');
    await new Promise((r) => setTimeout(r, 300));
    const gateway = stack.process('gateway');
    const exited = new Promise((resolve) => gateway.once('exit', (code, signal) => resolve({ code, signal })));
    gateway.kill('SIGTERM');
    await new Promise((r) => setTimeout(r, 300));
    const port = Number(new URL(stack.url).port);
    const accepted = await new Promise((resolve) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.once('connect', () => { socket.destroy(); resolve(true); });
      socket.once('error', () => resolve(false));
    });
    assert.equal(accepted, false, 'no new connection is accepted while draining');
    identity.kill('SIGCONT');
    const finished = await inFlight;
    assert.equal(finished.status, 200);
    assert.equal(finished.body.username, 'admin');
    assert.deepEqual(await exited, { code: 0, signal: null });
  } finally {
    identity.kill('SIGCONT');
  }
  await stack.startService('gateway');
  assert.equal((await admin.get('/api/auth/user/')).status, 200);
});
