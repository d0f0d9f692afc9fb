// Version history and the audit feed over the REST API. Every versioned write leaves one entry per
// version in the same transaction (database triggers): alice and bob of customer A edit a zone, a
// storage system, hosts and their customer; eve, of customer B only, must see none of it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from './stack.mjs';
import { adminClient, customersAandB, newProject, newUser, unique } from './fixtures.mjs';

let stack;
let admin;
let alice, bob, eve, customerA, customerB;
let project;
let fabric;

const saveZones = (client, zones) =>
  client.post('/api/san/zones/save/', { project_id: project.id, zones });

async function historyOf(client, path) {
  const res = await client.get(path);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body;
}

/** An entry as the API answers it, from the record it describes. */
const entryOf = (entity, record, action, changes) => ({
  entity, id: record.id, customer: customerA.id, version: record.version,
  at: record.last_modified_at, by: record.last_modified_by, action, changes, from_version: null,
});

before(async () => {
  stack = await startStack();
  admin = await adminClient(stack);
  ({ customerA, customerB, alice, bob } = await customersAandB(stack, admin, 'History'));
  eve = await newUser(stack, admin, { name: 'eve', customers: [customerB.id] });
  project = await newProject(alice, customerA.id, 'History project');
  const created = await alice.post('/api/san/fabrics/', {
    customer: customerA.id, name: 'FabH', zoneset_name: 'cfg_fabh', san_vendor: 'BR',
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  fabric = created.body;
});

after(async () => {
  await stack?.stop();
});

test('a zone: created by alice, notes by bob, a member by alice: three entries, newest first', async () => {
  const aliases = await alice.post('/api/san/aliases/save/', {
    project_id: project.id,
    aliases: [{ fabric: fabric.id, name: 'esx01_hba0', wwpn: '10:00:00:90:fa:00:00:01', use: 'init' }],
  });
  assert.equal(aliases.status, 200, JSON.stringify(aliases.body));
  const alias = aliases.body.aliases[0];

  const name = unique('z');
  const v0 = (await saveZones(alice, [{ fabric: fabric.id, name }])).body.zones[0];
  assert.equal(v0.version, 0);
  const v1res = await saveZones(bob, [{ id: v0.id, notes: 'bob: port 2', version: 0 }]);
  assert.equal(v1res.status, 200, JSON.stringify(v1res.body));
  const v1 = v1res.body.zones[0];
  const v2res = await saveZones(alice, [{ id: v0.id, members: [{ alias: alias.id }], version: 1 }]);
  assert.equal(v2res.status, 200, JSON.stringify(v2res.body));
  const v2 = v2res.body.zones[0];
  assert.equal(v2.version, 2);

  const path = `/api/san/zones/${v0.id}/history/`;
  const expected = [
    entryOf('zone', v2, 'update', { members: [[], [{ alias: alias.id }]] }),
    entryOf('zone', v1, 'update', { notes: ['', 'bob: port 2'] }),
    entryOf('zone', v0, 'create', {
      fabric: [null, fabric.id], name: [null, name], zone_type: [null, 'standard'],
      create: [null, false], delete: [null, false], exists: [null, false], in_zoneset: [null, true],
      notes: [null, ''], projects: [null, [project.id]], members: [null, []],
    }),
  ];
  const history = await historyOf(alice, path);
  assert.deepEqual(history.results, expected);
  assert.deepEqual(
    { count: history.count, num_pages: history.num_pages, has_next: history.has_next },
    { count: 3, num_pages: 1, has_next: false });
  assert.equal(expected[1].by, 'bob');

  // Paginated like every list.
  const second = await historyOf(bob, `${path}?page=2&page_size=1`);
  assert.deepEqual(second.results, [expected[1]]);
  assert.equal(second.count, 3);
  assert.equal(second.has_previous, true);

  // A batch that fails leaves nothing, of the zone it would have changed or the one it would
  // have created.
  const failedName = unique('z-failed');
  const failed = await saveZones(bob, [
    { fabric: fabric.id, name: failedName },
    { id: v0.id, notes: 'stale', version: 1 },
  ]);
  assert.equal(failed.status, 409, JSON.stringify(failed.body));
  // A save that changes nothing moves no version and leaves nothing either.
  const noop = await saveZones(alice, [{ id: v0.id, notes: 'bob: port 2', version: 2 }]);
  assert.equal(noop.status, 200, JSON.stringify(noop.body));
  assert.equal(noop.body.zones[0].version, 2);
  assert.deepEqual((await historyOf(alice, path)).results, expected);
  const feed = await historyOf(admin, `/api/audit/?customer=${customerA.id}&entity=zone&page_size=500`);
  assert.equal(feed.results.filter((entry) => entry.changes.name?.[1] === failedName).length, 0);

  // eve (customer B) does not learn the zone exists, nor anything of customer A from the feed.
  const hidden = await eve.get(path);
  assert.equal(hidden.status, 404, JSON.stringify(hidden.body));
  assert.equal((await eve.get(`/api/audit/?customer=${customerA.id}`)).status, 404);
  // Her customer's creation is all that ever happened where she may look.
  const evesFeed = await historyOf(eve, '/api/audit/?page_size=500');
  assert.deepEqual(
    evesFeed.results.filter((entry) => entry.entity !== 'user').map((entry) => [entry.entity, entry.id, entry.action]),
    [['customer', customerB.id, 'create']]);
  // Beside it, only the sign-ins of her customer's members.
  assert.ok(evesFeed.results.every((entry) => entry.customer === customerB.id), JSON.stringify(evesFeed));

  // Deleted: the delete is the newest entry, by who deleted, and still only for customer A.
  const deleted = await alice.delete(`/api/san/zones/delete/${v0.id}/?version=2`);
  assert.equal(deleted.status, 200, JSON.stringify(deleted.body));
  const afterDelete = await historyOf(bob, path);
  assert.equal(afterDelete.count, 4);
  const [deletion] = afterDelete.results;
  assert.deepEqual(
    { entity: deletion.entity, id: deletion.id, version: deletion.version, by: deletion.by, action: deletion.action },
    { entity: 'zone', id: v0.id, version: 2, by: 'alice', action: 'delete' });
  assert.deepEqual(deletion.changes.members, [[{ alias: alias.id }], null]);
  assert.deepEqual(deletion.changes.notes, ['bob: port 2', null]);
  assert.equal((await eve.get(path)).status, 404);
});

test('the audit feed filters by customer, user, entity and time, and refuses a bad time', async () => {
  const name = unique('z-feed');
  const zone = (await saveZones(alice, [{ fabric: fabric.id, name }])).body.zones[0];
  const edited = (await saveZones(bob, [{ id: zone.id, notes: 'feed', version: 0 }])).body.zones[0];

  const bobs = await historyOf(alice, `/api/audit/?customer=${customerA.id}&user=bob&entity=zone&since=${edited.last_modified_at}`);
  assert.deepEqual(bobs.results, [entryOf('zone', edited, 'update', { notes: ['', 'feed'] })]);
  assert.equal(bobs.count, 1);

  const before = await historyOf(alice, `/api/audit/?entity=zone&until=${edited.last_modified_at}&page_size=500`);
  assert.ok(before.results.some((entry) => entry.id === zone.id && entry.action === 'create'));
  assert.ok(!before.results.some((entry) => entry.id === zone.id && entry.action === 'update'));

  // Every service's records in one feed, newest first: the fabric (SAN) and the project
  // (identity) alice created in setup are there, after the zone edits.
  const all = await historyOf(alice, `/api/audit/?customer=${customerA.id}&page_size=500`);
  const at = all.results.map((entry) => entry.at);
  assert.deepEqual(at, [...at].sort().reverse());
  assert.ok(all.results.some((entry) => entry.entity === 'fabric' && entry.id === fabric.id));
  assert.ok(all.results.some((entry) => entry.entity === 'project' && entry.id === project.id));
  assert.ok(all.results.every((entry) => entry.customer === customerA.id));

  const bad = await alice.get('/api/audit/?since=yesterday');
  assert.equal(bad.status, 400, JSON.stringify(bad.body));
  assert.ok(bad.body.errors.since, JSON.stringify(bad.body));
  const badEntity = await alice.get('/api/audit/?entity=users');
  assert.equal(badEntity.status, 400, JSON.stringify(badEntity.body));
  const tooDeep = await alice.get('/api/audit/?page=21&page_size=500');
  assert.equal(tooDeep.status, 400, JSON.stringify(tooDeep.body));
});

test('a storage system and its hosts: edits and imports, WWPNs diffed as lists', async () => {
  const created = await alice.post('/api/storage/', {
    customer: customerA.id, name: unique('FS'), storage_type: 'FlashSystem', vendor: 'IBM',
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const system = created.body;
  const patched = await bob.patch(`/api/storage/${system.id}/`, { notes: 'rack 5', version: 0 });
  assert.equal(patched.status, 200, JSON.stringify(patched.body));

  const history = await historyOf(alice, `/api/storage/${system.id}/history/`);
  assert.deepEqual(history.results.map((entry) => [entry.version, entry.by, entry.action]),
    [[1, 'bob', 'update'], [0, 'alice', 'create']]);
  assert.deepEqual(history.results[0], entryOf('storage', patched.body, 'update', { notes: ['', 'rack 5'] }));
  assert.deepEqual(history.results[1].changes.name, [null, system.name]);
  assert.equal((await eve.get(`/api/storage/${system.id}/history/`)).status, 404);

  const host = { name: 'esx01', host_type: 'VMware', wwpns: ['10000090FAA10001'] };
  const imported = await alice.post(`/api/storage/${system.id}/import/`, { hosts: [host], volumes: [] });
  assert.equal(imported.status, 200, JSON.stringify(imported.body));
  const reimported = await bob.post(`/api/storage/${system.id}/import/`, {
    hosts: [{ ...host, wwpns: ['10000090FAA10001', '10000090FAA10002'] }], volumes: [],
  });
  assert.deepEqual(reimported.body.hosts, { created: 0, updated: 1, unchanged: 0 });
  const hosts = await historyOf(alice, `/api/storage/hosts/?storage_id=${system.id}`);
  const hostId = hosts.results[0].id;
  const hostHistory = await historyOf(alice, `/api/storage/hosts/${hostId}/history/`);
  assert.deepEqual(hostHistory.results.map((entry) => [entry.version, entry.by, entry.action]),
    [[1, 'bob', 'import'], [0, 'alice', 'import']]);
  assert.deepEqual(hostHistory.results[0].changes, {
    wwpns: [['10:00:00:90:fa:a1:00:01'], ['10:00:00:90:fa:a1:00:01', '10:00:00:90:fa:a1:00:02']],
  });
  assert.equal((await eve.get(`/api/storage/hosts/${hostId}/history/`)).status, 404);
});

test('a customer: its own history, seen by its members and superusers only', async () => {
  const created = await admin.post('/api/customers/', { name: unique('Hist Co'), notes: '' });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const customer = created.body;
  const member = await newUser(stack, admin, { customers: [customer.id] });
  const updated = await member.put(`/api/customers/${customer.id}/`, {
    name: customer.name, notes: 'key account', version: 0,
  });
  assert.equal(updated.status, 200, JSON.stringify(updated.body));

  const history = await historyOf(member, `/api/customers/${customer.id}/history/`);
  assert.deepEqual(history.results.map((entry) => [entry.version, entry.action, entry.customer]),
    [[1, 'update', customer.id], [0, 'create', customer.id]]);
  assert.deepEqual(history.results[0].changes, { notes: ['', 'key account'] });
  assert.deepEqual(history.results[1].changes, { name: [null, customer.name], notes: [null, ''] });
  assert.equal(history.results[1].by, stack.admin.username);
  assert.equal((await eve.get(`/api/customers/${customer.id}/history/`)).status, 404);
  assert.equal((await admin.get(`/api/customers/${customer.id}/history/`)).status, 200);

  const projectHistory = await historyOf(alice, `/api/core/projects/detail/${project.id}/history/`);
  assert.deepEqual(projectHistory.results.map((entry) => [entry.version, entry.by, entry.action]),
    [[0, 'alice', 'create']]);
});

test('a record that never existed has no history', async () => {
  const missing = await alice.get('/api/san/aliases/999999/history/');
  assert.equal(missing.status, 404, JSON.stringify(missing.body));
  const missingVolume = await admin.get('/api/storage/volumes/999999/history/');
  assert.equal(missingVolume.status, 404, JSON.stringify(missingVolume.body));
});
