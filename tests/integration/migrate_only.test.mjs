// The migration step of a rollout: each service that owns a schema, started with
// SANPLANE_MIGRATE_ONLY=true, applies its migrations and exits 0 without serving, twice in a row
// without harm; a stack started afterwards on the same database finds nothing left to apply.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { startStack, binaryPath, freePort, repoRoot } from './stack.mjs';

const SCHEMA_OWNERS = ['identity', 'storage', 'san'];

let stack;

before(async () => {
  // Only the gateway runs: the services' schemas are made by the migration step below.
  stack = await startStack({ services: [] });
});

after(async () => {
  await stack?.stop();
});

const psql = (sql) => execFileSync('psql', [stack.pgDsn, '-XAtqc', sql], { encoding: 'utf8' }).trim();

function appliedMigrations(schema) {
  const exists = psql(`SELECT to_regclass('${schema}.schema_migrations') IS NOT NULL`);
  return exists === 't' ? psql(`SELECT name FROM ${schema}.schema_migrations ORDER BY name`).split('\n') : [];
}

const shippedMigrations = (service) =>
  readdirSync(join(repoRoot, 'services', service, 'schema')).filter((name) => name.endsWith('.sql')).map((name) => name.slice(0, -'.sql'.length)).sort();

/** Runs the service in migrate-only mode; resolves with its exit code and output. */
async function migrate(service) {
  const env = {
    PATH: process.env.PATH,
    SANPLANE_PG_DSN: stack.pgDsn,
    SANPLANE_MIGRATE_ONLY: 'true',
    SANPLANE_PRINCIPAL_KEY: stack.principalKey,
    // A port that would be served if the mode were ignored: the test then times out.
    SANPLANE_GRPC_ADDR: `127.0.0.1:${await freePort()}`,
    SANPLANE_METRICS_ADDR: `127.0.0.1:${await freePort()}`,
    SANPLANE_ADMIN_PASSWORD: stack.admin.password,
  };
  const child = spawn(binaryPath(service), [], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk) => { output += chunk; });
  child.stderr.on('data', (chunk) => { output += chunk; });
  const timer = setTimeout(() => child.kill('SIGKILL'), 30000);
  const code = await new Promise((resolve) => child.once('exit', (exitCode) => resolve(exitCode)));
  clearTimeout(timer);
  return { code, output };
}

test('each schema owner applies its migrations and exits without serving', async () => {
  for (const service of SCHEMA_OWNERS) {
    assert.deepEqual(appliedMigrations(service), [], `${service} has no schema yet`);
    const first = await migrate(service);
    assert.equal(first.code, 0, `${service}: ${first.output}`);
    assert.match(first.output, /"migration applied"/);
    assert.doesNotMatch(first.output, /"serving"/);
    assert.deepEqual(appliedMigrations(service), shippedMigrations(service), service);
  }
});

test('a second migration step finds nothing to do, and the services then start on the schema', async () => {
  const before = Object.fromEntries(SCHEMA_OWNERS.map((s) => [s, psql(
    `SELECT string_agg(name || '@' || applied_at::text, ',' ORDER BY name) FROM ${s}.schema_migrations`)]));
  for (const service of SCHEMA_OWNERS) {
    const again = await migrate(service);
    assert.equal(again.code, 0, `${service}: ${again.output}`);
    assert.doesNotMatch(again.output, /"migration applied"/);
  }
  for (const service of ['identity', 'storage', 'presence', 'san']) await stack.startService(service);
  const readyz = await fetch(`${stack.url}/readyz`);
  assert.equal(readyz.status, 200);
  for (const service of SCHEMA_OWNERS) {
    assert.equal(psql(`SELECT string_agg(name || '@' || applied_at::text, ',' ORDER BY name) FROM ${service}.schema_migrations`),
      before[service], `${service} applied nothing at start`);
    assert.doesNotMatch(stack.logOf(service), /"migration applied"/);
  }
});
