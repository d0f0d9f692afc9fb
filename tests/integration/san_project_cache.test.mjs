// SAN keeps each project's customer for a while (SANPLANE_PROJECT_CACHE_MS) instead of asking
// identity on every save and list. Here it keeps it for a minute, longer than any test waits, to
// show that neither a removed membership nor a deleted project waits for the entry to expire: the
// first is decided by the caller's principal on every request, the second is forgotten when
// identity asks SAN about the delete. The gateway keeps no resolved session here
// (SANPLANE_PRINCIPAL_CACHE_MS=0), so a membership change shows on the next request.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from './stack.mjs';
import { adminClient, newCustomer, newProject, newUser, unique } from './fixtures.mjs';

let stack;
let admin;

before(async () => {
  stack = await startStack({
    env: { SANPLANE_PROJECT_CACHE_MS: '60000', SANPLANE_PRINCIPAL_CACHE_MS: '0' },
  });
  admin = await adminClient(stack);
});

after(async () => {
  await stack?.stop();
});

/** A customer with a fabric and a project, and a member of it. */
async function customerWithMember() {
  const customer = await newCustomer(admin);
  const member = await newUser(stack, admin, { customers: [customer.id] });
  const project = await newProject(member, customer.id);
  const fabric = await member.post('/api/san/fabrics/', {
    customer: customer.id, name: unique('fab'), zoneset_name: 'cfg', san_vendor: 'BR',
  });
  assert.equal(fabric.status, 201, JSON.stringify(fabric.body));
  return { customer, member, project, fabric: fabric.body };
}

const saveZone = (client, project, fabric, name) => client.post('/api/san/zones/save/', {
  project_id: project.id, zones: [{ fabric: fabric.id, name, zone_type: 'standard' }],
});
const zonesOf = (client, project) => client.get(`/api/san/zones/project/${project.id}/`);

test('a removed membership refuses the next save and list of the project at once', async () => {
  const { customer, member, project, fabric } = await customerWithMember();
  assert.equal((await saveZone(member, project, fabric, 'z_before')).status, 200);
  assert.equal((await zonesOf(member, project)).status, 200);

  const removed = await admin.delete(`/api/customers/${customer.id}/members/${member.user.id}/`);
  assert.equal(removed.status, 200, JSON.stringify(removed.body));

  const save = await saveZone(member, project, fabric, 'z_after');
  assert.equal(save.status, 404, JSON.stringify(save.body));
  assert.deepEqual(save.body, { error: 'Project not found.' });
  assert.equal((await zonesOf(member, project)).status, 404);
  const names = (await zonesOf(admin, project)).body.results.map((z) => z.name);
  assert.deepEqual(names, ['z_before'], 'nothing of the refused save is written');
});

test('a deleted project refuses the next save and list at once', async () => {
  const { member, project, fabric } = await customerWithMember();
  assert.equal((await saveZone(member, project, fabric, 'z_in_project')).status, 200);
  assert.equal((await zonesOf(member, project)).status, 200);

  const detail = await member.get(`/api/core/projects/detail/${project.id}/`);
  const deleted = await member.delete(
    `/api/core/projects/delete/${project.id}/?version=${detail.body.version}&release=true`);
  assert.equal(deleted.status, 200, JSON.stringify(deleted.body));

  const save = await saveZone(member, project, fabric, 'z_after_delete');
  assert.equal(save.status, 404, JSON.stringify(save.body));
  assert.equal((await zonesOf(member, project)).status, 404);
  assert.equal((await zonesOf(admin, project)).status, 404);
});

test('a project created a moment after SAN was asked about it is found at once', async () => {
  const { customer, member, project, fabric } = await customerWithMember();
  // The next project's id, asked about before it exists (only this file creates projects here).
  const nextId = project.id + 1;
  const zone = (projects) => ({ fabric: fabric.id, name: 'z_listed', zone_type: 'standard', projects });
  const unknown = await member.post('/api/san/zones/save/', { project_id: project.id, zones: [zone([nextId])] });
  assert.equal(unknown.status, 400, JSON.stringify(unknown.body));
  assert.equal(unknown.body.details[0].errors.projects, `Project ${nextId} does not exist.`);
  assert.equal((await zonesOf(member, { id: nextId })).status, 404);

  const second = await newProject(member, customer.id);
  assert.equal(second.id, nextId);
  const listed = await member.post('/api/san/zones/save/', { project_id: project.id, zones: [zone([nextId])] });
  assert.equal(listed.status, 200, JSON.stringify(listed.body));
  assert.deepEqual(listed.body.zones[0].projects, [project.id, nextId]);
  assert.deepEqual((await zonesOf(member, second)).body.results.map((z) => z.name), ['z_listed']);
});
