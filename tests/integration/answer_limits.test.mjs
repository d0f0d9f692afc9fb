// Every field has a maximum, so nothing one member stores can make a list answer too large for
// anyone: the fullest page of storage systems (each with the largest attributes allowed) is
// answered whole, and a value over its maximum is a 400 naming the field.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from './stack.mjs';
import { adminClient, newCustomer, unique } from './fixtures.mjs';

let stack;
let admin;
before(async () => {
  stack = await startStack({ services: ['identity', 'storage'] });
  admin = await adminClient(stack);
});
after(async () => { await stack?.stop(); });

// {"blob":"xxx…"}: 11 bytes around the string, 64 KiB in all (the maximum).
const largestAttributes = () => ({ blob: 'x'.repeat(65536 - 11) });

test('a page of storage systems with the largest attributes is answered whole', async () => {
  const customer = await newCustomer(admin);
  // 80 × 64 KiB is 5 MiB: more than gRPC's default 4 MiB for one answer.
  for (let i = 0; i < 80; i++) {
    const res = await admin.post('/api/storage/', {
      customer: customer.id, name: unique('array'), storage_type: 'FlashSystem', attributes: largestAttributes(),
    });
    assert.equal(res.status, 201, JSON.stringify(res.body).slice(0, 300));
  }
  const page = await admin.get(`/api/storage/?customer=${customer.id}&page_size=100`);
  assert.equal(page.status, 200, JSON.stringify(page.body).slice(0, 300));
  assert.equal(page.body.count, 80);
  assert.equal(page.body.results.length, 80);
  assert.equal(page.body.results[79].attributes.blob.length, 65536 - 11);
});

test('values over their maximum are 400 naming the field, and nothing is stored', async () => {
  const customer = await newCustomer(admin);
  const tooLarge = await admin.post('/api/storage/', {
    customer: customer.id, name: unique('array'), storage_type: 'FlashSystem', attributes: { blob: 'x'.repeat(65536) },
  });
  assert.equal(tooLarge.status, 400);
  assert.equal(tooLarge.body.errors.attributes, 'attributes must be at most 65536 bytes as JSON.');
  const longNotes = await admin.post('/api/storage/', {
    customer: customer.id, name: unique('array'), storage_type: 'FlashSystem', notes: 'n'.repeat(4097),
  });
  assert.equal(longNotes.status, 400);
  assert.ok(longNotes.body.errors.notes, JSON.stringify(longNotes.body));
  const customerNotes = await admin.put(`/api/customers/${customer.id}/`, { name: customer.name, notes: 'n'.repeat(4097), version: customer.version });
  assert.equal(customerNotes.status, 400);
  assert.equal(customerNotes.body.error, 'Notes must be at most 4096 characters.');
  assert.equal((await admin.get(`/api/storage/?customer=${customer.id}`)).body.count, 0);
});
