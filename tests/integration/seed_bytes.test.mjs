// Where the API quotes the seed, the answer matches it byte for byte: key order included.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from './stack.mjs';
import { adminClient, newUser, newCustomer, newProject } from './fixtures.mjs';

let stack;
before(async () => { stack = await startStack(); });
after(async () => { await stack?.stop(); });

const TIME = '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z';

test('the zone conflict and the storage conflict keep the seed key order', async () => {
  const admin = await adminClient(stack);
  const customer = await newCustomer(admin);
  const first = await newUser(stack, admin, { customers: [customer.id], name: `first${Date.now()}` });
  const second = await newUser(stack, admin, { customers: [customer.id] });
  const project = await newProject(first, customer.id);
  const fabric = await first.post('/api/san/fabrics/', { customer: customer.id, name: 'FAB_A', zoneset_name: 'zs', san_vendor: 'BR' });
  assert.equal(fabric.status, 201, fabric.text);
  const zone = (await first.post('/api/san/zones/save/', {
    project_id: project.id, zones: [{ fabric: fabric.body.id, name: 'Zone_A', zone_type: 'standard', members: [] }],
  })).body.zones[0];
  assert.equal((await first.post('/api/san/zones/save/',
    { project_id: project.id, zones: [{ id: zone.id, notes: 'first', version: zone.version }] })).status, 200);
  const stale = await second.post('/api/san/zones/save/',
    { project_id: project.id, zones: [{ id: zone.id, notes: 'second', version: zone.version }] });
  assert.equal(stale.status, 409);
  const who = first.user.username;
  assert.match(stale.text, new RegExp(
    '^\\{"error":"Some zones could not be saved\\.","details":\\[\\{"zone":"Zone_A","errors":\\{' +
    `"version":"Conflict: This zone was modified by ${who} at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\. Please refresh and try again\\.",` +
    `"current_version":1,"last_modified_by":"${who}","last_modified_at":"${TIME}"\\}\\}\\]\\}$`));

  const system = await first.post('/api/storage/', { customer: customer.id, name: 'FS1', storage_type: 'FlashSystem' });
  assert.equal(system.status, 201, system.text);
  assert.equal((await first.patch(`/api/storage/${system.body.id}/`, { notes: 'first', version: 0 })).status, 200);
  const conflict = await second.put(`/api/storage/${system.body.id}/`, { name: 'FS1', storage_type: 'FlashSystem', version: 0 });
  assert.equal(conflict.status, 409);
  assert.match(conflict.text, new RegExp(
    `^\\{"error":"Conflict","message":"This storage system was modified by ${who}\\. Please reload and try again\\.",` +
    `"current_version":1,"last_modified_by":"${who}","last_modified_at":"${TIME}"\\}$`));
  const missing = await second.put(`/api/storage/${system.body.id}/`, { name: 'FS1', storage_type: 'FlashSystem' });
  assert.equal(missing.status, 428);
  assert.equal(missing.text,
    '{"error":"Precondition Required","message":"Send the version you loaded (field version or header If-Match)."}');
});
