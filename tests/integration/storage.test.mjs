// Storage systems, hosts, volumes and imports over the REST API, the way engineers use them:
// two users of one customer edit the same storage system; a third user of another customer must
// not see it. Versions follow DESIGN.md §3: a stale save is refused with the seed's 409 body, a
// save without a version with 428, and nothing is written in either case.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from './stack.mjs';
import { adminClient, customersAandB, recordConflictBody } from './fixtures.mjs';

let stack;
let admin;
// alice and bob are members of customer A, carol of customer B only: see customersAandB.
let alice, bob, carol, customerA, customerB;

let sequence = 0;
async function createStorage(client, fields = {}) {
  sequence += 1;
  const res = await client.post('/api/storage/', {
    customer: customerA.id,
    name: `FS9500-${sequence}`,
    storage_type: 'FlashSystem',
    vendor: 'IBM',
    model: '9500',
    serial_number: `78E${1000 + sequence}`,
    capacity_bytes: 1099511627776,
    ...fields,
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body;
}

before(async () => {
  stack = await startStack();
  admin = await adminClient(stack);
  ({ customerA, customerB, alice, bob, carol } = await customersAandB(stack, admin, 'Storage'));
});

after(async () => {
  await stack?.stop();
});

test('create answers 201 with version 0 and the creator; GET sends the ETag', async () => {
  const created = await createStorage(alice, { attributes: { pools_count: 2 } });
  assert.equal(created.customer, customerA.id);
  assert.equal(created.version, 0);
  assert.equal(created.last_modified_by, 'alice');
  assert.match(created.last_modified_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);
  assert.deepEqual(created.attributes, { pools_count: 2 });
  assert.equal(created.location, null);

  const res = await bob.get(`/api/storage/${created.id}/`);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('etag'), '"0"');
  assert.deepEqual(res.body, created);
});

test('a PUT with a stale version is 409 with the seed body naming the first user; nothing written', async () => {
  const system = await createStorage(alice);
  const first = await alice.put(`/api/storage/${system.id}/`, { ...system, location: 'Room 1' });
  assert.equal(first.status, 200, JSON.stringify(first.body));
  assert.equal(first.body.version, 1);
  assert.equal(first.body.last_modified_by, 'alice');

  // bob still holds version 0.
  const stale = await bob.put(`/api/storage/${system.id}/`, { ...system, location: 'Room 2' });
  assert.equal(stale.status, 409);
  assert.deepEqual(stale.body, recordConflictBody({
    entity: 'storage system', by: 'alice', version: 1, at: first.body.last_modified_at,
  }));

  const now = await alice.get(`/api/storage/${system.id}/`);
  assert.equal(now.body.location, 'Room 1');
  assert.equal(now.body.version, 1);
  assert.equal(now.body.last_modified_by, 'alice');
});

test('a PATCH with a stale If-Match is 409; nothing written', async () => {
  const system = await createStorage(alice);
  const first = await alice.patch(`/api/storage/${system.id}/`, { notes: 'first' }, {
    headers: { 'If-Match': '"0"' },
  });
  assert.equal(first.status, 200, JSON.stringify(first.body));
  assert.equal(first.body.version, 1);
  assert.equal(first.body.notes, 'first');
  assert.equal(first.body.vendor, 'IBM', 'PATCH leaves fields it does not name');

  const stale = await bob.patch(`/api/storage/${system.id}/`, { notes: 'second' }, {
    headers: { 'If-Match': '"0"' },
  });
  assert.equal(stale.status, 409);
  assert.equal(stale.body.error, 'Conflict');
  assert.equal(stale.body.message, 'This storage system was modified by alice. Please reload and try again.');
  assert.equal(stale.body.current_version, 1);

  const now = await bob.get(`/api/storage/${system.id}/`);
  assert.equal(now.body.notes, 'first');
  assert.equal(now.body.version, 1);
});

test('a PUT without any version is 428 with the exact body; nothing written', async () => {
  const system = await createStorage(alice);
  const { version, ...withoutVersion } = system;
  assert.equal(version, 0);
  const res = await bob.put(`/api/storage/${system.id}/`, { ...withoutVersion, location: 'Nowhere' });
  assert.equal(res.status, 428);
  assert.deepEqual(res.body, {
    error: 'Precondition Required',
    message: 'Send the version you loaded (field version or header If-Match).',
  });
  const now = await bob.get(`/api/storage/${system.id}/`);
  assert.equal(now.body.location, null);
  assert.equal(now.body.version, 0);
});

test('two PUTs in a row with the returned versions both succeed; a client last_modified_* is ignored', async () => {
  let system = await createStorage(alice);
  for (const location of ['Hall A', 'Hall B']) {
    const res = await bob.put(`/api/storage/${system.id}/`, {
      ...system, location, last_modified_by: 'mallory', last_modified_at: '2000-01-01T00:00:00Z',
    });
    assert.equal(res.status, 200, JSON.stringify(res.body));
    assert.equal(res.body.version, system.version + 1);
    assert.equal(res.body.last_modified_by, 'bob');
    assert.notEqual(res.body.last_modified_at, '2000-01-01T00:00:00Z');
    system = res.body;
  }
  assert.equal(system.version, 2);
  assert.equal(system.location, 'Hall B');
});

test('concurrent saves with the same version: exactly one wins, the rest get 409', async () => {
  const system = await createStorage(alice);
  const clients = [alice, bob, alice, bob, alice, bob];
  const results = await Promise.all(clients.map((client, i) =>
    client.patch(`/api/storage/${system.id}/`, { notes: `writer ${i}`, version: 0 })));
  const statuses = results.map((r) => r.status).sort();
  assert.deepEqual(statuses, [200, 409, 409, 409, 409, 409]);
  const winner = results.find((r) => r.status === 200).body;
  const now = await alice.get(`/api/storage/${system.id}/`);
  assert.equal(now.body.version, 1);
  assert.equal(now.body.notes, winner.notes);
});

test('a save that changes nothing keeps version and last_modified_*', async () => {
  const system = await createStorage(alice);
  const res = await bob.put(`/api/storage/${system.id}/`, system);
  assert.equal(res.status, 200);
  assert.equal(res.body.version, 0);
  assert.equal(res.body.last_modified_by, 'alice');
  assert.equal(res.body.last_modified_at, system.last_modified_at);
});

test('PUT replaces the editable fields; PATCH null clears one', async () => {
  const system = await createStorage(alice, { location: 'Room 9', notes: 'keep me?' });
  const put = await alice.put(`/api/storage/${system.id}/`, {
    name: system.name, storage_type: 'DS8000', version: 0,
  });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  assert.equal(put.body.storage_type, 'DS8000');
  assert.equal(put.body.location, null);
  assert.equal(put.body.vendor, null);
  assert.equal(put.body.notes, '');
  assert.equal(put.body.customer, customerA.id);

  const patch = await alice.patch(`/api/storage/${system.id}/`, { model: 'A01', version: 1 });
  assert.equal(patch.body.model, 'A01');
  const cleared = await alice.patch(`/api/storage/${system.id}/`, { model: null, version: 2 });
  assert.equal(cleared.status, 200);
  assert.equal(cleared.body.model, null);
  assert.equal(cleared.body.version, 3);
});

test('validation: bad storage_type 400, duplicate name 409, version of the wrong type 400', async () => {
  const badType = await alice.post('/api/storage/', {
    customer: customerA.id, name: 'Bad', storage_type: 'NetApp',
  });
  assert.equal(badType.status, 400);
  assert.match(badType.body.error, /storage_type must be one of FlashSystem, DS8000, Switch, Data Domain, Unknown/);

  const system = await createStorage(alice);
  const duplicate = await bob.post('/api/storage/', {
    customer: customerA.id, name: system.name, storage_type: 'Unknown',
  });
  assert.equal(duplicate.status, 409);
  assert.equal(duplicate.body.error, `A storage system named "${system.name}" already exists for this customer.`);

  const other = await createStorage(alice);
  const rename = await bob.patch(`/api/storage/${other.id}/`, { name: system.name, version: 0 });
  assert.equal(rename.status, 409);
  assert.match(rename.body.error, /already exists/);

  const stringVersion = await bob.patch(`/api/storage/${other.id}/`, { notes: 'x', version: '0' });
  assert.equal(stringVersion.status, 400);
  assert.match(stringVersion.body.error, /version/);

  const nullVersion = await bob.patch(`/api/storage/${other.id}/`, { notes: 'x', version: null });
  assert.equal(nullVersion.status, 400);
  assert.match(nullVersion.body.error, /version/);

  const unchanged = await bob.get(`/api/storage/${other.id}/`);
  assert.equal(unchanged.body.version, 0);
});

test('DELETE needs the version: 428 without, 409 stale, 200 with it, then 404', async () => {
  const system = await createStorage(alice);
  const touched = await alice.patch(`/api/storage/${system.id}/`, { notes: 'v1', version: 0 });
  assert.equal(touched.body.version, 1);

  const missing = await bob.delete(`/api/storage/${system.id}/`);
  assert.equal(missing.status, 428);
  const stale = await bob.delete(`/api/storage/${system.id}/?version=0`);
  assert.equal(stale.status, 409);
  assert.equal(stale.body.current_version, 1);
  const ok = await bob.delete(`/api/storage/${system.id}/`, { headers: { 'If-Match': '"1"' } });
  assert.equal(ok.status, 200);
  assert.deepEqual(ok.body, { message: 'Storage system deleted successfully.' });
  assert.equal((await bob.get(`/api/storage/${system.id}/`)).status, 404);
});

test('lists are paginated and filtered by customer', async () => {
  const system = await createStorage(alice);
  const res = await bob.get(`/api/storage/?customer=${customerA.id}&page_size=2&ordering=-name`);
  assert.equal(res.status, 200);
  assert.equal(res.body.page_size, 2);
  assert.equal(res.body.current_page, 1);
  assert.ok(res.body.count >= 2);
  assert.equal(res.body.has_next, res.body.count > 2);
  assert.equal(res.body.has_previous, false);
  assert.ok(res.body.results.every((s) => s.customer === customerA.id));

  const search = await bob.get(`/api/storage/?search=${encodeURIComponent(system.serial_number)}`);
  assert.equal(search.body.count, 1);
  assert.equal(search.body.results[0].id, system.id);
});

// ---- imports ---------------------------------------------------------------------------------

function importPayload(storageId) {
  return {
    hosts: [
      { name: 'esx01', host_type: 'VMware', status: 'online', wwpns: ['10:00:00:90:FA:00:00:01', '10000090fa000002'] },
      { name: 'esx02', host_type: 'VMware', status: 'online', wwpns: ['10-00-00-90-fa-00-00-03'] },
      { name: 'aix01', host_type: 'AIX', wwpns: [] },
    ],
    volumes: [
      { name: 'vol_esx_01', volume_id: '0001', unique_id: `S${storageId}_0001`, capacity_bytes: 107374182400, pool_name: 'Pool0', thin_provisioned: true },
      { name: 'vol_esx_02', volume_id: '0002', unique_id: `S${storageId}_0002`, capacity_bytes: 107374182400, pool_name: 'Pool0', thin_provisioned: true },
    ],
  };
}

async function hostsOf(client, storageId) {
  const res = await client.get(`/api/storage/hosts/?storage_id=${storageId}&page_size=500`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return Object.fromEntries(res.body.results.map((h) => [h.name, h]));
}

async function volumesOf(client, storageId) {
  const res = await client.get(`/api/storage/volumes/?storage_id=${storageId}&page_size=500`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return Object.fromEntries(res.body.results.map((v) => [v.unique_id, v]));
}

test('importing the same payload twice: second run all unchanged, no version moves', async () => {
  const system = await createStorage(alice);
  const payload = importPayload(system.id);
  const first = await alice.post(`/api/storage/${system.id}/import/`, payload);
  assert.equal(first.status, 200, JSON.stringify(first.body));
  assert.deepEqual(first.body, {
    hosts: { created: 3, updated: 0, unchanged: 0 },
    volumes: { created: 2, updated: 0, unchanged: 0 },
  });
  const hosts = await hostsOf(alice, system.id);
  const volumes = await volumesOf(alice, system.id);
  assert.deepEqual(hosts.esx01.wwpns, ['10:00:00:90:fa:00:00:01', '10:00:00:90:fa:00:00:02']);
  assert.equal(hosts.esx01.customer, customerA.id);
  assert.equal(hosts.esx01.storage, system.id);
  assert.equal(hosts.esx01.version, 0);
  assert.equal(hosts.esx01.last_modified_by, 'alice');

  const second = await bob.post(`/api/storage/${system.id}/import/`, payload);
  assert.equal(second.status, 200);
  assert.deepEqual(second.body, {
    hosts: { created: 0, updated: 0, unchanged: 3 },
    volumes: { created: 0, updated: 0, unchanged: 2 },
  });
  assert.deepEqual(await hostsOf(alice, system.id), hosts);
  assert.deepEqual(await volumesOf(alice, system.id), volumes);
  // The storage system itself is not touched by an import.
  assert.equal((await alice.get(`/api/storage/${system.id}/`)).body.version, 0);
});

test('changing one host\'s WWPNs moves that host\'s version by exactly one and no other', async () => {
  const system = await createStorage(alice);
  const payload = importPayload(system.id);
  await alice.post(`/api/storage/${system.id}/import/`, payload);
  const before = await hostsOf(alice, system.id);
  const volumesBefore = await volumesOf(alice, system.id);

  // Same set in another order and spelling is no change; one WWPN swapped on esx02 is.
  payload.hosts[0].wwpns = ['10000090FA000002', '10-00-00-90-fa-00-00-01'];
  payload.hosts[1].wwpns = ['10:00:00:90:fa:00:00:04'];
  const res = await bob.post(`/api/storage/${system.id}/import/`, payload);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.deepEqual(res.body.hosts, { created: 0, updated: 1, unchanged: 2 });
  assert.deepEqual(res.body.volumes, { created: 0, updated: 0, unchanged: 2 });

  const after = await hostsOf(alice, system.id);
  assert.equal(after.esx02.version, before.esx02.version + 1);
  assert.equal(after.esx02.last_modified_by, 'bob');
  assert.deepEqual(after.esx02.wwpns, ['10:00:00:90:fa:00:00:04']);
  assert.deepEqual(after.esx01, before.esx01);
  assert.deepEqual(after.aix01, before.aix01);
  assert.deepEqual(await volumesOf(alice, system.id), volumesBefore);

  const one = await alice.get(`/api/storage/hosts/${after.esx02.id}/`);
  assert.equal(one.status, 200);
  assert.deepEqual(one.body, after.esx02);
});

test('two imports of the same payload at once create each row once', async () => {
  const system = await createStorage(alice);
  const payload = importPayload(system.id);
  const [a, b] = await Promise.all([
    alice.post(`/api/storage/${system.id}/import/`, payload),
    bob.post(`/api/storage/${system.id}/import/`, payload),
  ]);
  assert.equal(a.status, 200, JSON.stringify(a.body));
  assert.equal(b.status, 200, JSON.stringify(b.body));
  assert.equal(a.body.hosts.created + b.body.hosts.created, 3);
  assert.equal(a.body.hosts.unchanged + b.body.hosts.unchanged, 3);
  assert.equal(a.body.volumes.created + b.body.volumes.created, 2);
  const hosts = await hostsOf(alice, system.id);
  assert.deepEqual(Object.keys(hosts).sort(), ['aix01', 'esx01', 'esx02']);
  assert.ok(Object.values(hosts).every((h) => h.version === 0));
});

test('an import with a bad WWPN is 400 naming the host; nothing imported', async () => {
  const system = await createStorage(alice);
  const payload = importPayload(system.id);
  payload.hosts[1].wwpns = ['10:00:00:90:fa:00:00:zz'];
  const res = await alice.post(`/api/storage/${system.id}/import/`, payload);
  assert.equal(res.status, 400);
  assert.match(res.body.error, /host "esx02": invalid WWPN "10:00:00:90:fa:00:00:zz"/);
  assert.match(res.body.error, /nothing was imported/);
  assert.deepEqual(await hostsOf(alice, system.id), {});
  assert.deepEqual(await volumesOf(alice, system.id), {});
});

test('an import with two volumes of the same unique_id is 400; nothing imported', async () => {
  const system = await createStorage(alice);
  const payload = importPayload(system.id);
  payload.volumes[1].unique_id = payload.volumes[0].unique_id;
  const res = await alice.post(`/api/storage/${system.id}/import/`, payload);
  assert.equal(res.status, 400);
  assert.match(res.body.error, /unique_id "S\d+_0001" appears twice \(volumes\[0\] and volumes\[1\]\)/);
  assert.deepEqual(await hostsOf(alice, system.id), {});
  assert.deepEqual(await volumesOf(alice, system.id), {});
});

test('a user of another customer gets 404 for everything of customer A', async () => {
  const system = await createStorage(alice);
  await alice.post(`/api/storage/${system.id}/import/`, importPayload(system.id));
  const host = Object.values(await hostsOf(alice, system.id))[0];
  const volume = Object.values(await volumesOf(alice, system.id))[0];

  assert.equal((await carol.get(`/api/storage/${system.id}/`)).status, 404);
  assert.equal((await carol.put(`/api/storage/${system.id}/`, { ...system, notes: 'x' })).status, 404);
  assert.equal((await carol.patch(`/api/storage/${system.id}/`, { notes: 'x', version: 0 })).status, 404);
  assert.equal((await carol.delete(`/api/storage/${system.id}/?version=0`)).status, 404);
  assert.equal((await carol.post(`/api/storage/${system.id}/import/`, importPayload(system.id))).status, 404);
  assert.equal((await carol.get(`/api/storage/hosts/${host.id}/`)).status, 404);
  assert.equal((await carol.get(`/api/storage/volumes/${volume.id}/`)).status, 404);
  assert.equal((await carol.get(`/api/storage/hosts/?storage_id=${system.id}`)).status, 404);
  assert.equal((await carol.get(`/api/storage/volumes/?storage_id=${system.id}`)).status, 404);
  assert.equal((await carol.get(`/api/storage/?customer=${customerA.id}`)).status, 404);
  const own = await carol.get('/api/storage/');
  assert.equal(own.status, 200);
  assert.ok(own.body.results.every((s) => s.customer === customerB.id));
  const create = await carol.post('/api/storage/', { customer: customerA.id, name: 'Sneaky', storage_type: 'Unknown' });
  assert.equal(create.status, 404);

  const unchanged = await alice.get(`/api/storage/${system.id}/`);
  assert.equal(unchanged.body.version, 0);
});

test('two imports of the same volumes into storage systems of two customers at once: one 200, one 409, never 500', async () => {
  // Several hundred overlapping unique_ids, sent in opposite orders: written in payload order,
  // the two transactions lock the unique index entries crosswise and Postgres kills one of them
  // as a deadlock. Each round must end with one import complete and the other rejected whole.
  for (let round = 0; round < 3; round += 1) {
    const mine = await createStorage(alice);
    const theirs = (await carol.post('/api/storage/', {
      customer: customerB.id, name: `Race-${round}-${mine.id}`, storage_type: 'FlashSystem',
    })).body;
    assert.ok(theirs.id, 'storage system of customer B created');
    const volumes = Array.from({ length: 400 }, (_, i) => ({
      name: `vol_${String(i).padStart(4, '0')}`,
      volume_id: String(i),
      unique_id: `RACE_${mine.id}_${String(i).padStart(4, '0')}`,
      capacity_bytes: 1073741824,
    }));
    const [a, b] = await Promise.all([
      alice.post(`/api/storage/${mine.id}/import/`, { hosts: [], volumes }),
      carol.post(`/api/storage/${theirs.id}/import/`, { hosts: [], volumes: [...volumes].reverse() }),
    ]);
    const statuses = [a.status, b.status].sort();
    assert.deepEqual(statuses, [200, 409], `round ${round}: ${a.status} ${JSON.stringify(a.body)} / ${b.status} ${JSON.stringify(b.body)}`);
    const [winner, loser] = a.status === 200 ? [a, b] : [b, a];
    assert.deepEqual(winner.body.volumes, { created: 400, updated: 0, unchanged: 0 });
    assert.match(loser.body.error, /^Import rejected, nothing was imported: volume "vol_\d{4}": unique_id "RACE_\d+_\d{4}" already belongs to another storage system\.$/);
    const [winnerClient, winnerId, loserClient, loserId] =
      a.status === 200 ? [alice, mine.id, carol, theirs.id] : [carol, theirs.id, alice, mine.id];
    assert.equal(Object.keys(await volumesOf(winnerClient, winnerId)).length, 400);
    assert.deepEqual(await volumesOf(loserClient, loserId), {});
  }
});

test('a NUL character in any string is 400 naming the field; nothing stored or truncated', async () => {
  const nameNul = await alice.post('/api/storage/', {
    customer: customerA.id, name: 'S\u0000Z', storage_type: 'FlashSystem',
  });
  assert.equal(nameNul.status, 400, JSON.stringify(nameNul.body));
  assert.equal(nameNul.body.errors.name, 'name must not contain NUL characters.');
  const truncated = await alice.get(`/api/storage/?customer=${customerA.id}&search=S&page_size=500`);
  assert.ok(!truncated.body.results.some((s) => s.name === 'S'), 'no storage system named "S"');

  const attributesNul = await alice.post('/api/storage/', {
    customer: customerA.id, name: `Nul-${Date.now()}`, storage_type: 'FlashSystem',
    attributes: { pools: [{ name: 'Pool0', tier: 'ssd\u0000' }] },
  });
  assert.equal(attributesNul.status, 400, JSON.stringify(attributesNul.body));
  assert.equal(attributesNul.body.errors.attributes, 'attributes must not contain NUL characters.');

  const keyNul = await alice.post('/api/storage/', {
    customer: customerA.id, name: `Nul-${Date.now()}`, storage_type: 'FlashSystem',
    attributes: { 'bad\u0000key': 1 },
  });
  assert.equal(keyNul.status, 400, JSON.stringify(keyNul.body));
  assert.ok(keyNul.body.errors.attributes);

  const system = await createStorage(alice);
  const vendorNul = await alice.patch(`/api/storage/${system.id}/`, { vendor: 'I\u0000BM', version: 0 });
  assert.equal(vendorNul.status, 400, JSON.stringify(vendorNul.body));
  assert.equal(vendorNul.body.errors.vendor, 'vendor must not contain NUL characters.');
  const unchanged = await alice.get(`/api/storage/${system.id}/`);
  assert.equal(unchanged.body.vendor, 'IBM');
  assert.equal(unchanged.body.version, 0);

  const payload = importPayload(system.id);
  payload.hosts[0].notes = 'rack\u00004';
  payload.volumes[1].unique_id = `S${system.id}\u0000_0002`;
  const importNul = await alice.post(`/api/storage/${system.id}/import/`, payload);
  assert.equal(importNul.status, 400, JSON.stringify(importNul.body));
  assert.match(importNul.body.error, /^Import rejected, nothing was imported: host "esx01": notes must not contain NUL characters\./);
  assert.deepEqual(importNul.body.details, [
    'host "esx01": notes must not contain NUL characters',
    'volume "vol_esx_02": unique_id must not contain NUL characters',
  ]);
  assert.deepEqual(await hostsOf(alice, system.id), {});
  assert.deepEqual(await volumesOf(alice, system.id), {});

  const searchNul = await alice.get('/api/storage/volumes/?search=a%00b');
  assert.equal(searchNul.status, 400, JSON.stringify(searchNul.body));
});

test('the name limit counts characters, not bytes', async () => {
  const name = 'é'.repeat(128);
  const ok = await alice.post('/api/storage/', { customer: customerA.id, name, storage_type: 'Unknown' });
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
  assert.equal(ok.body.name, name);
  const tooLong = await alice.post('/api/storage/', { customer: customerA.id, name: `${name}x`, storage_type: 'Unknown' });
  assert.equal(tooLong.status, 400);
  assert.equal(tooLong.body.errors.name, 'name must be at most 128 characters.');
});
