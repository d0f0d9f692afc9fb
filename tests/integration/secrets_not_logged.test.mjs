// Secrets never reach a log: the whole stack runs at debug level, a user signs in and works, and
// no binary's output holds the principal key, the Redis password, the admin password or the
// Postgres password (the configuration every binary logs at start shows them as ***).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from './stack.mjs';
import { Client } from './client.mjs';
import { adminClient, newCustomer } from './fixtures.mjs';

let stack;

before(async () => {
  stack = await startStack({ env: { SANPLANE_LOG_LEVEL: 'debug' } });
});
after(async () => { await stack?.stop(); });

test('no binary logs a secret, at debug level, through sign-in and use', async () => {
  const admin = await adminClient(stack);
  assert.equal((await admin.get('/api/auth/user/')).status, 200);
  assert.equal((await admin.post('/api/core/heartbeat/')).status, 200);
  const customer = await newCustomer(admin);
  // Calls that reach storage and san (which asks identity and storage in turn).
  for (const path of [`/api/storage/?customer=${customer.id}`, `/api/san/fabrics/?customer=${customer.id}`]) {
    const res = await admin.get(path);
    assert.equal(res.status, 200, `${path}: ${JSON.stringify(res.body)}`);
  }
  // A failed sign-in carries a password too.
  const stranger = new Client(stack.url);
  assert.equal((await stranger.post('/api/auth/login/', { username: 'admin', password: stack.secrets.redisPassword })).status, 401);
  assert.equal((await admin.post('/api/auth/logout/')).status, 200);

  const secrets = Object.entries(stack.secrets);
  assert.equal(secrets.length, 4);
  for (const [name, value] of secrets) assert.ok(value && value.length >= 12, `${name} is set`);
  for (const binary of ['gateway', ...stack.services]) {
    const log = stack.logOf(binary);
    assert.match(log, /"starting"/, `${binary} logged its start`);
    for (const [name, value] of secrets) {
      assert.ok(!log.includes(value), `${binary}'s log holds the ${name}`);
    }
  }
});
