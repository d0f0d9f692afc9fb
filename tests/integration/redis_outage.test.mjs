// Redis holds presence and caches sessions; Postgres holds the sessions themselves. With Redis
// down, a signed-in user keeps working on everything that does not need Redis (lists and saves in
// identity, SAN and storage), presence answers 503, and a Redis that comes back empty signs
// nobody out.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from './stack.mjs';
import { adminClient, newCustomer, unique } from './fixtures.mjs';

let stack;
let admin;
before(async () => {
  // No principal cache in the gateway: every request asks identity about its session.
  stack = await startStack({ env: { SANPLANE_PRINCIPAL_CACHE_MS: '0' } });
  admin = await adminClient(stack);
});
after(async () => { await stack?.stop(); });

test('with Redis down, signed-in users list and save in every service; presence is 503', async () => {
  const customer = await newCustomer(admin);
  stack.stopRedis();
  try {
    const listed = await admin.get('/api/customers/');
    assert.equal(listed.status, 200, JSON.stringify(listed.body));
    const renamed = await admin.put(`/api/customers/${customer.id}/`, { name: unique('renamed'), notes: '', version: customer.version });
    assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
    const fabric = await admin.post('/api/san/fabrics/', {
      customer: customer.id, name: unique('fabric'), zoneset_name: 'zs', san_vendor: 'BR', vsan: null, domain_id: null,
      exists: false, notes: '',
    });
    assert.equal(fabric.status, 201, JSON.stringify(fabric.body));
    const storage = await admin.post('/api/storage/', { customer: customer.id, name: unique('array'), storage_type: 'FlashSystem' });
    assert.equal(storage.status, 201, JSON.stringify(storage.body));
    const beat = await admin.post('/api/core/heartbeat/');
    assert.equal(beat.status, 503);
  } finally {
    stack.startRedis();
  }
  assert.equal((await admin.post('/api/core/heartbeat/')).status, 200);
});

test('a Redis that restarts empty signs nobody out', async () => {
  assert.equal((await admin.get('/api/auth/user/')).status, 200);
  // The test Redis keeps nothing on disk: it comes back empty.
  stack.stopRedis();
  stack.startRedis();
  const me = await admin.get('/api/auth/user/');
  assert.equal(me.status, 200, JSON.stringify(me.body));
  assert.equal(me.body.username, 'admin');
});
