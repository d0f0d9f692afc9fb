// The stores as `make run` runs them keep what they acknowledged: a Postgres killed without a
// shutdown loses no acknowledged save, and a Redis restart signs nobody out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from './stack.mjs';
import { adminClient, newCustomer } from './fixtures.mjs';

let stack;
let admin;
before(async () => {
  // No principal cache: every request asks identity, and so Redis, about its session.
  stack = await startStack({ services: ['identity'], durableStores: true, env: { SANPLANE_PRINCIPAL_CACHE_MS: '0' } });
  admin = await adminClient(stack);
});
after(async () => { await stack?.stop(); });

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

test('a Postgres killed right after acknowledging saves has every one of them after restart', async () => {
  const customer = await newCustomer(admin);
  let version = customer.version;
  // Many small commits in a row: with asynchronous commit the last ones would still sit in
  // memory when the server dies.
  for (let i = 0; i < 150; i++) {
    const res = await admin.put(`/api/customers/${customer.id}/`, { name: customer.name, notes: `save ${i}`, version });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    version = res.body.version;
  }
  stack.crashPostgres();
  stack.startPostgres();
  // The pool notices its broken connections and reconnects on its own.
  let after;
  for (let attempt = 0; attempt < 50; attempt++) {
    after = await admin.get(`/api/customers/${customer.id}/`);
    if (after.status === 200) break;
    await sleep(200);
  }
  assert.equal(after.status, 200, JSON.stringify(after.body));
  assert.equal(after.body.version, version);
  assert.equal(after.body.notes, 'save 149');
});

test('a Redis restart keeps every session signed in', async () => {
  assert.equal((await admin.get('/api/auth/user/')).status, 200);
  // The append-only file is synced every second: a session a second old is on disk.
  await sleep(1500);
  stack.stopRedis();
  stack.startRedis();
  const res = await admin.get('/api/auth/user/');
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.username, 'admin');
});
