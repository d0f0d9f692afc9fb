// Restoring a record to a version of its history, over the REST API, for every kind of record:
// the restore is a new version with the old fields (members, projects and WWPNs included), action
// "restore" with from_version; a stale version is the 409 of a stale save; a deleted record comes
// back when nothing collides with it. alice and bob work for customer A; eve, of customer B only,
// may restore none of it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from './stack.mjs';
import { adminClient, customersAandB, newProject, newUser, ok, recordConflictBody, unique } from './fixtures.mjs';

let stack;
let admin;
let alice, bob, eve, customerA, customerB;
let project;
let fabric;

const saveZones = (client, zones) =>
  client.post('/api/san/zones/save/', { project_id: project.id, zones });
const saveAliases = (client, aliases) =>
  client.post('/api/san/aliases/save/', { project_id: project.id, aliases });

async function zoneNow(id) {
  const listed = await ok(alice.get(`/api/san/zones/project/${project.id}/?page_size=500`));
  return listed.results.find((zone) => zone.id === id);
}

/** A record's fields without its version and audit stamp. */
function fieldsOf(record) {
  const { version, last_modified_by, last_modified_at, ...fields } = record;
  return fields;
}

before(async () => {
  stack = await startStack();
  admin = await adminClient(stack);
  ({ customerA, customerB, alice, bob } = await customersAandB(stack, admin, 'Restore'));
  eve = await newUser(stack, admin, { name: 'eve', customers: [customerB.id] });
  project = await newProject(alice, customerA.id, 'Restore project');
  fabric = await ok(alice.post('/api/san/fabrics/', {
    customer: customerA.id, name: 'FabR', zoneset_name: 'cfg_fabr', san_vendor: 'BR',
  }), 201);
});

after(async () => {
  await stack?.stop();
});

test('a zone restored to v0 with version 2 becomes v3 with v0\'s fields; version 1 is a 409', async () => {
  const [alias] = (await ok(saveAliases(alice, [
    { fabric: fabric.id, name: unique('esx'), wwpn: '10:00:00:90:fa:00:01:01', use: 'init' },
  ]))).aliases;
  const v0 = (await ok(saveZones(alice, [{ fabric: fabric.id, name: unique('z') }]))).zones[0];
  await ok(saveZones(bob, [{ id: v0.id, notes: 'bob: port 2', version: 0 }]));
  const v2 = (await ok(saveZones(alice, [{ id: v0.id, members: [{ alias: alias.id }], version: 1 }]))).zones[0];
  assert.equal(v2.version, 2);

  const path = `/api/san/zones/${v0.id}/restore/`;
  const restored = await ok(bob.post(path, { to_version: 0, version: 2 }));
  assert.equal(restored.version, 3);
  assert.deepEqual({ entity: restored.entity, id: restored.id, from_version: restored.from_version },
    { entity: 'zone', id: v0.id, from_version: 0 });
  assert.deepEqual(restored.record.members, []);
  assert.equal(restored.record.notes, '');
  const v3 = await zoneNow(v0.id);
  assert.deepEqual({ ...fieldsOf(v3), fabric_name: undefined }, { ...fieldsOf(v0), fabric_name: undefined });
  assert.deepEqual([v3.version, v3.last_modified_by], [3, 'bob']);

  const history = await ok(alice.get(`/api/san/zones/${v0.id}/history/`));
  assert.deepEqual(history.results[0], {
    entity: 'zone', id: v0.id, customer: customerA.id, version: 3, at: v3.last_modified_at,
    by: 'bob', action: 'restore', from_version: 0,
    changes: { notes: ['bob: port 2', ''], members: [[{ alias: alias.id }], []] },
  });
  assert.equal(history.count, 4);

  // Stale: the 409 of a stale save, and nothing written.
  const stale = await alice.post(path, { to_version: 1, version: 1 });
  assert.equal(stale.status, 409, JSON.stringify(stale.body));
  assert.deepEqual(stale.body, recordConflictBody({
    entity: 'zone', by: 'bob', version: 3, at: v3.last_modified_at,
  }));
  assert.equal((await ok(alice.get(`/api/san/zones/${v0.id}/history/`))).count, 4);

  // Without a version: 428, as a save; a version never recorded: 400 naming to_version.
  const unversioned = await alice.post(path, { to_version: 1 });
  assert.equal(unversioned.status, 428, JSON.stringify(unversioned.body));
  const unknown = await alice.post(path, { to_version: 9, version: 3 });
  assert.equal(unknown.status, 400, JSON.stringify(unknown.body));
  assert.ok(unknown.body.errors.to_version, JSON.stringify(unknown.body));
  const missingTarget = await alice.post(path, { version: 3 });
  assert.equal(missingTarget.status, 400, JSON.stringify(missingTarget.body));

  // eve does not learn the zone exists; a record that never existed is the same 404.
  const hidden = await eve.post(path, { to_version: 0, version: 3 });
  assert.equal(hidden.status, 404, JSON.stringify(hidden.body));
  assert.equal((await alice.post('/api/san/zones/999999/restore/', { to_version: 0, version: 0 })).status, 404);
  assert.equal((await zoneNow(v0.id)).version, 3);
});

test('a deleted zone comes back with its members, unless its name is taken now', async () => {
  const [a1, a2] = (await ok(saveAliases(alice, [
    { fabric: fabric.id, name: unique('esx'), wwpn: '10:00:00:90:fa:00:02:01', use: 'init' },
    { fabric: fabric.id, name: unique('v7k'), wwpn: '50:05:07:68:00:00:02:01', use: 'target' },
  ]))).aliases;
  const name = unique('z-del');
  const zone = (await ok(saveZones(alice, [{
    fabric: fabric.id, name, notes: 'keep', members: [{ alias: a1.id, role: 'init' }, { alias: a2.id }],
  }]))).zones[0];
  await ok(alice.delete(`/api/san/zones/delete/${zone.id}/?version=0`));

  // A stale version for a deleted record: the version it was deleted at is the one to send.
  const stale = await bob.post(`/api/san/zones/${zone.id}/restore/`, { to_version: 0, version: 5 });
  assert.equal(stale.status, 409, JSON.stringify(stale.body));

  // Someone took its name meanwhile: 409 naming what collides.
  const usurper = (await ok(saveZones(bob, [{ fabric: fabric.id, name }]))).zones[0];
  const collides = await bob.post(`/api/san/zones/${zone.id}/restore/`, { to_version: 0, version: 0 });
  assert.equal(collides.status, 409, JSON.stringify(collides.body));
  assert.match(collides.body.error, /cannot be restored/);
  assert.ok(collides.body.error.includes(name), JSON.stringify(collides.body));
  assert.equal(await zoneNow(zone.id), undefined);

  await ok(alice.delete(`/api/san/zones/delete/${usurper.id}/?version=0`));
  const back = await ok(bob.post(`/api/san/zones/${zone.id}/restore/`, { to_version: 0, version: 0 }));
  assert.equal(back.version, 1);
  const now = await zoneNow(zone.id);
  assert.deepEqual({ ...fieldsOf(now) }, { ...fieldsOf(zone) });
  const [entry] = (await ok(alice.get(`/api/san/zones/${zone.id}/history/`))).results;
  assert.deepEqual([entry.action, entry.version, entry.from_version, entry.by], ['restore', 1, 0, 'bob']);
  assert.deepEqual(entry.changes.members, [null, [{ alias: a1.id, role: 'init' }, { alias: a2.id }]]);
});

test('an alias and a fabric: WWPN lists and fields come back', async () => {
  const [alias] = (await ok(saveAliases(alice, [{
    fabric: fabric.id, name: unique('host'), wwpns: ['10:00:00:90:fa:00:03:01', '10:00:00:90:fa:00:03:02'],
    use: 'init', notes: 'two ports',
  }]))).aliases;
  const edited = (await ok(saveAliases(bob, [{
    id: alias.id, wwpns: ['10:00:00:90:fa:00:03:09'], notes: 'one port', version: 0,
  }]))).aliases[0];
  assert.deepEqual(edited.wwpns, ['10:00:00:90:fa:00:03:09']);
  const restored = await ok(alice.post(`/api/san/aliases/${alias.id}/restore/`, { to_version: 0, version: 1 }));
  assert.deepEqual(restored.record.wwpns, ['10:00:00:90:fa:00:03:01', '10:00:00:90:fa:00:03:02']);
  const listed = await ok(alice.get(`/api/san/aliases/project/${project.id}/?page_size=500`));
  const now = listed.results.find((a) => a.id === alias.id);
  assert.deepEqual(fieldsOf(now), fieldsOf(alias));
  assert.equal(now.version, 2);
  assert.equal((await eve.post(`/api/san/aliases/${alias.id}/restore/`, { to_version: 0, version: 2 })).status, 404);

  const patched = await ok(bob.patch(`/api/san/fabrics/${fabric.id}/`, { notes: 'core A', vsan: 10, version: fabric.version }));
  const back = await ok(alice.post(`/api/san/fabrics/${fabric.id}/restore/`, {
    to_version: fabric.version, version: patched.version,
  }));
  assert.equal(back.version, patched.version + 1);
  const fabricNow = await ok(alice.get(`/api/san/fabrics/${fabric.id}/`));
  assert.deepEqual(fieldsOf(fabricNow), fieldsOf(fabric));
  const stale = await bob.post(`/api/san/fabrics/${fabric.id}/restore/`, { to_version: 0, version: patched.version });
  assert.equal(stale.status, 409);
  assert.deepEqual(stale.body, recordConflictBody({
    entity: 'fabric', by: 'alice', version: fabricNow.version, at: fabricNow.last_modified_at,
  }));
  assert.equal((await eve.post(`/api/san/fabrics/${fabric.id}/restore/`, { to_version: 0, version: fabricNow.version })).status, 404);
});

test('a storage system, a host and a volume', async () => {
  const system = await ok(alice.post('/api/storage/', {
    customer: customerA.id, name: unique('FS'), storage_type: 'FlashSystem', vendor: 'IBM',
  }), 201);
  const patched = await ok(bob.patch(`/api/storage/${system.id}/`, { notes: 'rack 5', location: 'DC2', version: 0 }));
  await ok(alice.post(`/api/storage/${system.id}/restore/`, { to_version: 0, version: patched.version }));
  const systemNow = await ok(alice.get(`/api/storage/${system.id}/`));
  assert.deepEqual(fieldsOf(systemNow), fieldsOf(system));
  assert.equal(systemNow.version, 2);
  assert.equal((await eve.post(`/api/storage/${system.id}/restore/`, { to_version: 0, version: 2 })).status, 404);

  const volume = { name: 'vol1', volume_id: '0001', unique_id: unique('U'), capacity_bytes: 1000, pool_name: 'P0' };
  const host = { name: 'esx01', host_type: 'VMware', wwpns: ['10000090FAA10001'] };
  await ok(alice.post(`/api/storage/${system.id}/import/`, { hosts: [host], volumes: [volume] }));
  await ok(bob.post(`/api/storage/${system.id}/import/`, {
    hosts: [{ ...host, wwpns: ['10000090FAA10002'] }], volumes: [{ ...volume, capacity_bytes: 2000 }],
  }));
  const hostId = (await ok(alice.get(`/api/storage/hosts/?storage_id=${system.id}`))).results[0].id;
  const volumeId = (await ok(alice.get(`/api/storage/volumes/?storage_id=${system.id}`))).results[0].id;
  const hostBack = await ok(alice.post(`/api/storage/hosts/${hostId}/restore/`, { to_version: 0, version: 1 }));
  assert.deepEqual(hostBack.record.wwpns, ['10:00:00:90:fa:a1:00:01']);
  assert.deepEqual((await ok(alice.get(`/api/storage/hosts/${hostId}/`))).wwpns, ['10:00:00:90:fa:a1:00:01']);
  await ok(alice.post(`/api/storage/volumes/${volumeId}/restore/`, { to_version: 0, version: 1 }));
  const volumeNow = await ok(alice.get(`/api/storage/volumes/${volumeId}/`));
  assert.deepEqual([volumeNow.capacity_bytes, volumeNow.version], [1000, 2]);
  assert.equal((await eve.post(`/api/storage/volumes/${volumeId}/restore/`, { to_version: 0, version: 2 })).status, 404);
  assert.equal((await eve.post(`/api/storage/hosts/${hostId}/restore/`, { to_version: 0, version: 2 })).status, 404);
});

test('a customer and a project: as their saves, a rename back needs a superuser', async () => {
  const renamedProject = await ok(bob.put(`/api/core/projects/update/${project.id}/`, {
    name: unique('Renamed'), notes: 'moved', version: project.version,
  }));
  await ok(alice.post(`/api/core/projects/detail/${project.id}/restore/`, {
    to_version: project.version, version: renamedProject.version,
  }));
  const projectNow = await ok(alice.get(`/api/core/projects/detail/${project.id}/`));
  assert.deepEqual([projectNow.name, projectNow.notes, projectNow.version], [project.name, project.notes, 2]);
  assert.equal((await eve.post(`/api/core/projects/detail/${project.id}/restore/`, { to_version: 0, version: 2 })).status, 404);

  const noted = await ok(alice.put(`/api/customers/${customerA.id}/`, {
    name: customerA.name, notes: 'key account', version: customerA.version,
  }));
  await ok(bob.post(`/api/customers/${customerA.id}/restore/`, { to_version: customerA.version, version: noted.version }));
  const customerNow = await ok(bob.get(`/api/customers/${customerA.id}/`));
  assert.deepEqual([customerNow.notes, customerNow.version], [customerA.notes, noted.version + 1]);

  const renamed = await ok(admin.put(`/api/customers/${customerA.id}/`, {
    name: unique('Restore Renamed'), notes: '', version: customerNow.version,
  }));
  const refused = await bob.post(`/api/customers/${customerA.id}/restore/`, {
    to_version: customerA.version, version: renamed.version,
  });
  assert.equal(refused.status, 403, JSON.stringify(refused.body));
  await ok(admin.post(`/api/customers/${customerA.id}/restore/`, { to_version: customerA.version, version: renamed.version }));
  assert.equal((await ok(bob.get(`/api/customers/${customerA.id}/`))).name, customerA.name);
  assert.equal((await eve.post(`/api/customers/${customerA.id}/restore/`, { to_version: 0, version: 0 })).status, 404);
});
