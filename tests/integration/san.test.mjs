// Fabrics, aliases and zones over the REST API, the way engineers use them: two users of one
// customer (alice, bob) edit the same zones and aliases; a user of another customer (carol) must
// see none of it. Versions follow DESIGN.md §3: one compare-and-set per update, a stale or
// version-less save is refused with the seed's bodies, and a refused batch writes nothing at all.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from './stack.mjs';
import { adminClient, customersAandB, newProject, newUser, recordConflictBody, unique } from './fixtures.mjs';
import { Client } from './client.mjs';

let stack;
let admin;
// alice and bob are members of customer A, carol of customer B only: see customersAandB.
let alice, bob, carol, customerA, customerB;
let project; // of customer A
let projectB; // of customer B
let fabric; // of customer A
let otherFabric; // of customer A

// ---- helpers ------------------------------------------------------------------------------------

let wwpnSequence = 0;
/** A fresh WWPN in canonical form. */
function nextWwpn() {
  wwpnSequence += 1;
  const hex = wwpnSequence.toString(16).padStart(6, '0');
  return `50:05:07:68:10:${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}`;
}

const saveAliases = (client, aliases, projectId = project.id) =>
  client.post('/api/san/aliases/save/', { project_id: projectId, aliases });
const saveZones = (client, zones, projectId = project.id) =>
  client.post('/api/san/zones/save/', { project_id: projectId, zones });

async function listAll(client, kind, projectId = project.id) {
  const res = await client.get(`/api/san/${kind}/project/${projectId}/?page_size=500`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.results;
}

async function zoneById(client, id) {
  return (await listAll(client, 'zones')).find((z) => z.id === id);
}

async function aliasById(client, id) {
  return (await listAll(client, 'aliases')).find((a) => a.id === id);
}

/** Creates aliases in `fabricId` (default: fabric) and returns their records. */
async function createAliases(client, count, fabricId = fabric.id) {
  const items = [];
  for (let i = 0; i < count; i += 1) {
    items.push({ fabric: fabricId, name: unique('alias'), wwpn: nextWwpn(), use: 'init' });
  }
  const res = await saveAliases(client, items);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.aliases;
}

async function createZone(client, fields = {}) {
  const res = await saveZones(client, [{ fabric: fabric.id, name: unique('zone'), ...fields }]);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.zones[0];
}

/** "2025-10-23T12:30:00.123456Z" -> "2025-10-23 12:30:00" (the conflict message's form). */
const humanUtc = (rfc3339) => rfc3339.replace('T', ' ').replace(/(\.\d+)?Z$/, '');

const members = (...aliases) => aliases.map((a) => ({ alias: a.id }));

/** The seed's 409 body for a batch of `plural` whose one `kind` item lost to a save by `by`. */
const batchConflictBody = ({ kind, plural, name, by, version, at }) => ({
  error: `Some ${plural} could not be saved.`,
  details: [{
    [kind]: name,
    errors: {
      version: `Conflict: This ${kind} was modified by ${by} at ${humanUtc(at)}. Please refresh and try again.`,
      current_version: version,
      last_modified_by: by,
      last_modified_at: at,
    },
  }],
});

// ---- setup --------------------------------------------------------------------------------------

before(async () => {
  stack = await startStack();
  admin = await adminClient(stack);
  ({ customerA, customerB, alice, bob, carol } = await customersAandB(stack, admin, 'SAN'));
  project = await newProject(alice, customerA.id, 'Refresh 2026');
  projectB = await newProject(carol, customerB.id, 'Other customer project');

  const created = await alice.post('/api/san/fabrics/', {
    customer: customerA.id, name: 'FabA', zoneset_name: 'cfg_faba', san_vendor: 'BR',
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  fabric = created.body;
  const second = await alice.post('/api/san/fabrics/', {
    customer: customerA.id, name: 'FabB', zoneset_name: 'cfg_fabb', san_vendor: 'CI', vsan: 20,
  });
  assert.equal(second.status, 201, JSON.stringify(second.body));
  otherFabric = second.body;
});

after(async () => {
  await stack?.stop();
});

// ---- fabrics ------------------------------------------------------------------------------------

test('fabrics: create, ETag, compare-and-set update, 409/428, no-op, delete', async () => {
  assert.equal(fabric.customer, customerA.id);
  assert.equal(fabric.version, 0);
  assert.equal(fabric.last_modified_by, 'alice');
  assert.equal(fabric.vsan, null);
  assert.equal(fabric.domain_id, null);
  assert.equal(fabric.exists, false);
  assert.match(fabric.last_modified_at, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/);

  const made = await alice.post('/api/san/fabrics/', {
    customer: customerA.id, name: unique('fab'), zoneset_name: 'vsan30_zs', san_vendor: 'CI', vsan: 30,
  });
  assert.equal(made.status, 201, JSON.stringify(made.body));
  const id = made.body.id;

  const got = await bob.get(`/api/san/fabrics/${id}/`);
  assert.equal(got.status, 200);
  assert.equal(got.headers.get('etag'), '"0"');
  assert.deepEqual(got.body, made.body);

  const patched = await alice.patch(`/api/san/fabrics/${id}/`, { notes: 'core', version: 0 });
  assert.equal(patched.status, 200, JSON.stringify(patched.body));
  assert.equal(patched.body.version, 1);
  assert.equal(patched.body.notes, 'core');
  assert.equal(patched.body.vsan, 30); // PATCH keeps what it does not name

  const stale = await bob.patch(`/api/san/fabrics/${id}/`, { notes: 'edge', version: 0 });
  assert.equal(stale.status, 409);
  assert.deepEqual(stale.body, recordConflictBody({
    entity: 'fabric', by: 'alice', version: 1, at: patched.body.last_modified_at,
  }));

  const missing = await bob.patch(`/api/san/fabrics/${id}/`, { notes: 'edge' });
  assert.equal(missing.status, 428);

  // If-Match carries the version too; a save that changes nothing keeps version and stamp.
  const noop = await bob.patch(`/api/san/fabrics/${id}/`, { notes: 'core' }, { headers: { 'If-Match': '"1"' } });
  assert.equal(noop.status, 200, JSON.stringify(noop.body));
  assert.equal(noop.body.version, 1);
  assert.equal(noop.body.last_modified_by, 'alice');
  assert.equal(noop.body.last_modified_at, patched.body.last_modified_at);

  // PUT replaces: what it leaves out takes its default.
  const put = await bob.put(`/api/san/fabrics/${id}/`, { name: made.body.name, zoneset_name: 'zs2', version: 1 });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  assert.equal(put.body.version, 2);
  assert.equal(put.body.vsan, null);
  assert.equal(put.body.san_vendor, 'BR');
  assert.equal(put.body.last_modified_by, 'bob');

  // A client may PUT back the whole record it loaded; read-only fields are ignored.
  const echo = await alice.put(`/api/san/fabrics/${id}/`, { ...put.body, notes: 'echo' });
  assert.equal(echo.status, 200, JSON.stringify(echo.body));
  assert.equal(echo.body.version, 3);
  assert.equal(echo.body.last_modified_by, 'alice');

  const duplicate = await alice.post('/api/san/fabrics/', { customer: customerA.id, name: 'FabA', zoneset_name: 'x' });
  assert.equal(duplicate.status, 409);

  assert.equal((await carol.get(`/api/san/fabrics/${id}/`)).status, 404);
  const carolList = await carol.get('/api/san/fabrics/');
  assert.equal(carolList.status, 200);
  assert.equal(carolList.body.results.some((f) => f.customer === customerA.id), false);
  const aliceList = await alice.get(`/api/san/fabrics/?customer_id=${customerA.id}`);
  assert.equal(aliceList.status, 200);
  assert.ok(aliceList.body.results.some((f) => f.id === id));

  assert.equal((await alice.delete(`/api/san/fabrics/delete/${id}/`)).status, 428);
  const staleDelete = await alice.delete(`/api/san/fabrics/delete/${id}/?version=2`);
  assert.equal(staleDelete.status, 409);
  assert.equal(staleDelete.body.current_version, 3);
  assert.equal((await carol.delete(`/api/san/fabrics/delete/${id}/?version=3`)).status, 404);
  const deleted = await alice.delete(`/api/san/fabrics/delete/${id}/?version=3`);
  assert.equal(deleted.status, 200);
  assert.deepEqual(deleted.body, { message: 'Fabric deleted successfully.' });
  assert.equal((await alice.get(`/api/san/fabrics/${id}/`)).status, 404);
});

// ---- aliases ------------------------------------------------------------------------------------

test('aliases: created at version 0, WWPN stored lower-case with colons, listed per project', async () => {
  const name = unique('host1_hba');
  const res = await saveAliases(alice, [{ fabric: fabric.id, name, wwpn: '10-00-00-90-FA-A1-00-01', use: 'init' }]);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.equal(res.body.message, 'Aliases saved successfully!');
  const [alias] = res.body.aliases;
  assert.equal(alias.wwpn, '10:00:00:90:fa:a1:00:01');
  assert.equal(alias.version, 0);
  assert.equal(alias.last_modified_by, 'alice');
  assert.equal(alias.cisco_alias, 'device-alias');
  assert.deepEqual(alias.projects, [project.id]);
  assert.equal(alias.host, null);
  assert.equal(alias.storage, null);

  const list = await bob.get(`/api/san/aliases/project/${project.id}/?search=10000090faa10001`);
  assert.equal(list.status, 200);
  assert.equal(list.body.count, 1);
  assert.deepEqual(list.body.results, [alias]);
  for (const key of ['count', 'num_pages', 'current_page', 'page_size', 'has_next', 'has_previous']) {
    assert.ok(key in list.body, key);
  }
});

test('aliases: the seed two-user conflict names the first user; nothing of the second save is written', async () => {
  const [alias] = await createAliases(alice, 1);
  // Both loaded version 0.
  const first = await saveAliases(alice, [{ id: alias.id, version: 0, notes: 'alice was here' }]);
  assert.equal(first.status, 200, JSON.stringify(first.body));
  const saved = first.body.aliases[0];
  assert.equal(saved.version, 1);

  const second = await saveAliases(bob, [{ id: alias.id, version: 0, notes: 'bob was here', use: 'target' }]);
  assert.equal(second.status, 409);
  assert.deepEqual(second.body, batchConflictBody({
    kind: 'alias', plural: 'aliases', name: alias.name, by: 'alice', version: 1, at: saved.last_modified_at,
  }));
  assert.deepEqual(await aliasById(alice, alias.id), saved);
});

// ---- zones: the concurrency contract ------------------------------------------------------------

test('zones: the seed two-user conflict names the first user; nothing of the second save is written', async () => {
  const [a1, a2, a3] = await createAliases(alice, 3);
  const zone = await createZone(alice, { members: members(a1, a2) });
  assert.equal(zone.version, 0);
  assert.deepEqual(zone.members.map((m) => m.alias).sort(), [a1.id, a2.id].sort());

  // Window 1 (alice) and window 2 (bob) both load version 0; alice saves first.
  const first = await saveZones(alice, [{ id: zone.id, name: zone.name, version: 0, notes: 'by alice' }]);
  assert.equal(first.status, 200, JSON.stringify(first.body));
  assert.equal(first.body.message, 'Zones saved successfully!');
  const saved = first.body.zones[0];
  assert.equal(saved.version, 1);
  assert.equal(saved.last_modified_by, 'alice');

  const second = await saveZones(bob, [{
    id: zone.id, name: zone.name, version: 0, notes: 'by bob', members: members(a1, a2, a3),
  }]);
  assert.equal(second.status, 409);
  assert.deepEqual(second.body, batchConflictBody({
    kind: 'zone', plural: 'zones', name: zone.name, by: 'alice', version: 1, at: saved.last_modified_at,
  }));
  // Neither bob's notes nor his member change were written.
  assert.deepEqual(await zoneById(bob, zone.id), saved);
});

test('zones: an update without version is refused per item and writes nothing', async () => {
  const zone = await createZone(alice);
  const fresh = unique('zone');
  const res = await saveZones(bob, [
    { fabric: fabric.id, name: fresh },
    { id: zone.id, notes: 'no version' },
  ]);
  assert.equal(res.status, 400);
  assert.deepEqual(res.body, {
    error: 'Some zones could not be saved.',
    details: [{ zone: zone.name, errors: { version: 'The current version is required to update a zone.' } }],
  });
  assert.deepEqual(await zoneById(alice, zone.id), zone);
  assert.equal((await listAll(alice, 'zones')).some((z) => z.name === fresh), false);

  // The same holds for an explicit null.
  const nulled = await saveZones(bob, [{ id: zone.id, notes: 'null version', version: null }]);
  assert.equal(nulled.status, 400);
  assert.deepEqual(nulled.body.details[0].errors, { version: 'The current version is required to update a zone.' });
});

test('zones: a batch of three whose second is stale writes nothing, and the details name it', async () => {
  const z1 = await createZone(alice);
  const z2 = await createZone(alice);
  const z3 = await createZone(alice);
  const moved = await saveZones(bob, [{ id: z2.id, version: 0, notes: 'bob moved it' }]);
  assert.equal(moved.status, 200);
  const z2now = moved.body.zones[0];

  const res = await saveZones(alice, [
    { id: z1.id, version: 0, notes: 'one' },
    { id: z2.id, version: 0, notes: 'two' },
    { id: z3.id, version: 0, notes: 'three' },
  ]);
  assert.equal(res.status, 409);
  assert.equal(res.body.error, 'Some zones could not be saved.');
  assert.equal(res.body.details.length, 1);
  assert.equal(res.body.details[0].zone, z2.name);
  assert.equal(res.body.details[0].errors.current_version, 1);
  assert.equal(res.body.details[0].errors.last_modified_by, 'bob');

  assert.deepEqual(await zoneById(alice, z1.id), z1);
  assert.deepEqual(await zoneById(alice, z2.id), z2now);
  assert.deepEqual(await zoneById(alice, z3.id), z3);
});

test('zones: a save that changes nothing keeps version and last_modified_*', async () => {
  const [a1, a2] = await createAliases(alice, 2);
  const zone = await createZone(alice, { members: members(a1, a2), notes: 'same', zone_type: 'smart' });
  const res = await saveZones(bob, [{
    id: zone.id, version: 0, name: zone.name, notes: 'same', zone_type: 'smart', fabric: fabric.id,
    members: members(a2, a1), // same set, other order
    last_modified_by: 'mallory', // ignored: the server sets it
  }]);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.deepEqual(res.body.zones[0], zone);
  assert.deepEqual(await zoneById(alice, zone.id), zone);
});

test('zones: a members-only change bumps the version', async () => {
  const [a1, a2, a3] = await createAliases(alice, 3);
  const zone = await createZone(alice, { members: members(a1, a2) });
  const res = await saveZones(bob, [{ id: zone.id, version: 0, members: members(a1, a3) }]);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  const saved = res.body.zones[0];
  assert.equal(saved.version, 1);
  assert.equal(saved.last_modified_by, 'bob');
  assert.deepEqual(saved.members.map((m) => m.alias).sort(), [a1.id, a3.id].sort());
  assert.equal(saved.notes, zone.notes);

  // An empty list clears the set (and is a change); an absent one leaves it alone.
  const cleared = await saveZones(alice, [{ id: zone.id, version: 1, members: [] }]);
  assert.equal(cleared.status, 200);
  assert.deepEqual(cleared.body.zones[0].members, []);
  assert.equal(cleared.body.zones[0].version, 2);
  const untouched = await saveZones(alice, [{ id: zone.id, version: 2, notes: 'n' }]);
  assert.deepEqual(untouched.body.zones[0].members, []);
  assert.equal(untouched.body.zones[0].version, 3);
});

test('zones: deleting an alias moves the version of the zones it leaves', async () => {
  const [a1, a2] = await createAliases(alice, 2);
  const zone = await createZone(alice, { members: members(a1, a2) });
  assert.equal((await alice.delete(`/api/san/aliases/delete/${a1.id}/`)).status, 428);
  assert.equal((await alice.delete(`/api/san/aliases/delete/${a1.id}/?version=3`)).status, 409);
  const res = await bob.delete(`/api/san/aliases/delete/${a1.id}/?version=0`);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.deepEqual(res.body, { message: 'Alias deleted successfully.' });
  const after = await zoneById(alice, zone.id);
  assert.equal(after.version, 1);
  assert.equal(after.last_modified_by, 'bob');
  assert.deepEqual(after.members, [{ alias: a2.id, role: null }]);
});

test('zones: delete needs the version (428), refuses a stale one (409) and answers the seed message', async () => {
  const zone = await createZone(alice);
  const bumped = await saveZones(bob, [{ id: zone.id, version: 0, notes: 'x' }]);
  assert.equal(bumped.status, 200);
  assert.equal((await alice.delete(`/api/san/zones/delete/${zone.id}/`)).status, 428);
  const stale = await alice.delete(`/api/san/zones/delete/${zone.id}/?version=0`);
  assert.equal(stale.status, 409);
  assert.equal(stale.body.current_version, 1);
  assert.equal(stale.body.last_modified_by, 'bob');
  assert.equal((await carol.delete(`/api/san/zones/delete/${zone.id}/?version=1`)).status, 404);
  const res = await alice.delete(`/api/san/zones/delete/${zone.id}/`, { headers: { 'If-Match': '"1"' } });
  assert.equal(res.status, 200, JSON.stringify(res.body));
  assert.deepEqual(res.body, { message: 'Zone deleted successfully.' });

  // A later save of the deleted zone is a conflict of its own kind.
  const gone = await saveZones(bob, [{ id: zone.id, version: 1, notes: 'late' }]);
  assert.equal(gone.status, 409);
  assert.deepEqual(gone.body.details, [{
    zone: 'Unknown',
    errors: { id: 'This zone no longer exists (it was deleted by another user). Please refresh.' },
  }]);
});

test('zones: no lost update — 8 clients x 50 read-modify-write rounds on one zone', async () => {
  const zone = await createZone(alice, { notes: '' });
  const clients = [];
  for (let i = 0; i < 8; i += 1) {
    const client = new Client(stack.url);
    const who = i % 2 === 0 ? alice : bob;
    await client.login(who.user.username, who.password);
    clients.push(client);
  }
  const acknowledged = [];
  let conflicts = 0;

  async function round(client, token) {
    for (;;) {
      const list = await client.get(`/api/san/zones/project/${project.id}/?search=${encodeURIComponent(zone.name)}`);
      assert.equal(list.status, 200);
      const current = list.body.results.find((z) => z.id === zone.id);
      const res = await saveZones(client, [{ id: zone.id, version: current.version, notes: `${current.notes} ${token}` }]);
      if (res.status === 200) {
        acknowledged.push(token);
        return;
      }
      assert.equal(res.status, 409, JSON.stringify(res.body));
      assert.ok(res.body.details[0].errors.current_version > current.version);
      conflicts += 1;
    }
  }

  await Promise.all(clients.map(async (client, c) => {
    for (let r = 0; r < 50; r += 1) await round(client, `t${c}_${r}`);
  }));

  const final = await zoneById(alice, zone.id);
  assert.equal(acknowledged.length, 400);
  assert.equal(final.version, acknowledged.length, 'one version per successful save');
  const tokens = final.notes.trim().split(' ');
  assert.equal(tokens.length, acknowledged.length);
  for (const token of acknowledged) assert.ok(tokens.includes(token), `lost ${token}`);
  assert.ok(conflicts > 0, 'the clients really raced');
});

// ---- bad input ----------------------------------------------------------------------------------

test('aliases: bad WWPNs are 400 per item and nothing is written', async () => {
  const before = (await listAll(alice, 'aliases')).length;
  const good = unique('good');
  for (const wwpn of ['50:05:07:68:10:00:00:0', '50050768100000011', '50:05:07:68:10:00:00:0g', '50:05-07:68:10:00:00:01']) {
    const res = await saveAliases(alice, [
      { fabric: fabric.id, name: good, wwpn: nextWwpn() },
      { fabric: fabric.id, name: 'bad_wwpn', wwpn },
    ]);
    assert.equal(res.status, 400, wwpn);
    assert.equal(res.body.error, 'Some aliases could not be saved.');
    assert.equal(res.body.details.length, 1);
    assert.equal(res.body.details[0].alias, 'bad_wwpn');
    assert.deepEqual(Object.keys(res.body.details[0].errors), ['wwpn']);
  }
  assert.equal((await listAll(alice, 'aliases')).length, before);
});

test('aliases: a batch of a thousand invalid items is 400 listing every one of them', async () => {
  const before = (await listAll(alice, 'aliases')).length;
  const items = Array.from({ length: 1000 }, (_, i) => ({
    fabric: fabric.id, name: `bad_${i}_${'x'.repeat(40)}`, wwpn: `not-a-wwpn-${i}`,
  }));
  const res = await saveAliases(alice, items);
  assert.equal(res.status, 400, JSON.stringify(res.body).slice(0, 300));
  assert.equal(res.body.error, 'Some aliases could not be saved.');
  assert.deepEqual(res.body.details.map((d) => d.alias), items.map((item) => item.name));
  for (const detail of res.body.details) assert.deepEqual(Object.keys(detail.errors), ['wwpn']);
  assert.equal((await listAll(alice, 'aliases')).length, before);
});

test('aliases: a duplicate name or WWPN in one fabric is 400 naming the field; nothing written', async () => {
  const [existing] = await createAliases(alice, 1);
  const before = (await listAll(alice, 'aliases')).length;

  const inBatch = await saveAliases(alice, [
    { fabric: fabric.id, name: 'dup_name', wwpn: nextWwpn() },
    { fabric: fabric.id, name: 'dup_name', wwpn: nextWwpn() },
  ]);
  assert.equal(inBatch.status, 400);
  assert.deepEqual(inBatch.body.details, [
    { alias: 'dup_name', errors: { name: 'An alias named dup_name already exists in this fabric.' } },
  ]);

  const againstDb = await saveAliases(alice, [
    { fabric: fabric.id, name: unique('fresh'), wwpn: existing.wwpn.toUpperCase() },
    { fabric: fabric.id, name: existing.name, wwpn: nextWwpn() },
  ]);
  assert.equal(againstDb.status, 400);
  assert.deepEqual(againstDb.body.details.map((d) => d.errors), [
    { wwpn: `WWPN ${existing.wwpn} is already used by alias ${existing.name} in this fabric.` },
    { name: `An alias named ${existing.name} already exists in this fabric.` },
  ]);

  // Another fabric may reuse both.
  const elsewhere = await saveAliases(alice, [{ fabric: otherFabric.id, name: existing.name, wwpn: existing.wwpn }]);
  assert.equal(elsewhere.status, 200, JSON.stringify(elsewhere.body));
  assert.equal((await listAll(alice, 'aliases')).length, before + 1);
});

test('zones: a member from another fabric and an unknown fabric are 400; nothing written', async () => {
  const [mine] = await createAliases(alice, 1);
  const [foreign] = await createAliases(alice, 1, otherFabric.id);
  const before = (await listAll(alice, 'zones')).length;
  const res = await saveZones(alice, [
    { fabric: fabric.id, name: unique('zone'), members: members(mine) },
    { fabric: fabric.id, name: 'z_cross', members: members(mine, foreign) },
    { fabric: 999999, name: 'z_nofabric' },
    { fabric: fabric.id, name: 'z_noalias', members: [{ alias: 999999 }] },
  ]);
  assert.equal(res.status, 400);
  assert.deepEqual(res.body.details, [
    { zone: 'z_cross', errors: { members: `Alias ${foreign.name} belongs to another fabric.` } },
    { zone: 'z_nofabric', errors: { fabric: 'Fabric 999999 does not exist.' } },
    { zone: 'z_noalias', errors: { members: 'Alias 999999 does not exist.' } },
  ]);
  assert.equal((await listAll(alice, 'zones')).length, before);
});

test('a version sent as a string is a 400 and nothing is written', async () => {
  const zone = await createZone(alice);
  const res = await saveZones(alice, [{ id: zone.id, version: '0', notes: 'string version' }]);
  assert.equal(res.status, 400, JSON.stringify(res.body));
  assert.deepEqual(await zoneById(alice, zone.id), zone);

  const [alias] = await createAliases(alice, 1);
  const aliasRes = await saveAliases(alice, [{ id: alias.id, version: '5', notes: 'string version' }]);
  assert.equal(aliasRes.status, 400);
  assert.deepEqual(await aliasById(alice, alias.id), alias);
});

// ---- access -------------------------------------------------------------------------------------

test('a user of customer B can neither list nor save customer A\'s aliases and zones (404)', async () => {
  const [alias] = await createAliases(alice, 1);
  const zone = await createZone(alice);
  for (const kind of ['aliases', 'zones']) {
    const list = await carol.get(`/api/san/${kind}/project/${project.id}/`);
    assert.equal(list.status, 404, kind);
  }
  assert.equal((await saveAliases(carol, [{ id: alias.id, version: 0, notes: 'carol' }])).status, 404);
  assert.equal((await saveZones(carol, [{ id: zone.id, version: 0, notes: 'carol' }])).status, 404);
  assert.equal((await saveZones(carol, [{ fabric: fabric.id, name: 'z_carol' }])).status, 404);

  // Through her own project, A's records do not exist for her.
  const viaOwn = await saveZones(carol, [{ fabric: fabric.id, name: 'z_carol' }], projectB.id);
  assert.equal(viaOwn.status, 400);
  assert.deepEqual(viaOwn.body.details[0].errors, { fabric: `Fabric ${fabric.id} does not exist.` });
  const updateViaOwn = await saveZones(carol, [{ id: zone.id, version: 0, notes: 'carol' }], projectB.id);
  assert.equal(updateViaOwn.status, 409);
  assert.deepEqual(updateViaOwn.body.details[0].errors, {
    id: 'This zone no longer exists (it was deleted by another user). Please refresh.',
  });

  assert.deepEqual(await zoneById(alice, zone.id), zone);
  assert.deepEqual(await aliasById(alice, alias.id), alias);
  assert.equal((await carol.delete(`/api/san/aliases/delete/${alias.id}/?version=0`)).status, 404);
});

test('a create naming another customer\'s fabric is told only that the fabric does not exist', async () => {
  // Customer A's records that customer B must learn nothing about.
  const wwpn = nextWwpn();
  const secret = await saveAliases(alice, [{ fabric: fabric.id, name: 'SECRET_DB_HOST_p1', wwpn }]);
  assert.equal(secret.status, 200, JSON.stringify(secret.body));
  await createZone(alice, { name: 'SECRET_ZONE' });
  const mallory = await newUser(stack, admin, { name: 'mallory', customers: [customerB.id] });
  const noFabric = { fabric: `Fabric ${fabric.id} does not exist.` };

  const aliases = await saveAliases(mallory, [
    { fabric: fabric.id, name: 'x', wwpn: wwpn.replaceAll(':', '') },
    { fabric: fabric.id, name: 'SECRET_DB_HOST_p1', wwpn: nextWwpn() },
    { fabric: fabric.id, name: 'SECRET_DB_HOST_p1', wwpn },
  ], projectB.id);
  assert.equal(aliases.status, 400, JSON.stringify(aliases.body));
  assert.deepEqual(aliases.body.details, [
    { alias: 'x', errors: noFabric },
    { alias: 'SECRET_DB_HOST_p1', errors: noFabric },
    { alias: 'SECRET_DB_HOST_p1', errors: noFabric },
  ]);

  const zones = await saveZones(mallory, [
    { fabric: fabric.id, name: 'SECRET_ZONE' },
    { fabric: fabric.id, name: 'SECRET_ZONE' },
  ], projectB.id);
  assert.equal(zones.status, 400, JSON.stringify(zones.body));
  assert.deepEqual(zones.body.details, [
    { zone: 'SECRET_ZONE', errors: noFabric },
    { zone: 'SECRET_ZONE', errors: noFabric },
  ]);

  for (const kind of ['aliases', 'zones']) {
    assert.deepEqual(await listAll(mallory, kind, projectB.id), [], kind);
  }
});

// ---- hosts (checked with the storage service) ---------------------------------------------------

test('aliases: the host must be a host of the customer; storage down means nothing is saved', async (t) => {
  const system = await alice.post('/api/storage/', { customer: customerA.id, name: unique('FS'), storage_type: 'FlashSystem' });
  if (system.status !== 201) {
    t.skip(`storage routes not available (${system.status})`);
    return;
  }
  const imported = await alice.post(`/api/storage/${system.body.id}/import/`, {
    hosts: [{ name: 'esx01', wwpns: ['10:00:00:90:fa:b1:00:01'] }],
  });
  assert.equal(imported.status, 200, JSON.stringify(imported.body));
  const hosts = await alice.get(`/api/storage/hosts/?storage_id=${system.body.id}`);
  const host = hosts.body.results[0];

  const ok = await saveAliases(alice, [{ fabric: fabric.id, name: unique('esx01_hba0'), wwpn: nextWwpn(), use: 'init', host: host.id }]);
  assert.equal(ok.status, 200, JSON.stringify(ok.body));
  assert.equal(ok.body.aliases[0].host, host.id);

  const bad = await saveAliases(alice, [{ fabric: fabric.id, name: 'no_such_host', wwpn: nextWwpn(), host: 999999 }]);
  assert.equal(bad.status, 400);
  assert.deepEqual(bad.body.details, [{ alias: 'no_such_host', errors: { host: 'Host 999999 does not exist for this customer.' } }]);

  const before = (await listAll(alice, 'aliases')).length;
  await stack.withServiceDown('storage', async () => {
    const down = await saveAliases(alice, [
      { fabric: fabric.id, name: unique('plain'), wwpn: nextWwpn() },
      { fabric: fabric.id, name: unique('with_host'), wwpn: nextWwpn(), host: host.id },
    ]);
    assert.equal(down.status, 503);
    assert.deepEqual(down.body, { error: 'The storage service is unavailable; nothing was saved.' });
    assert.equal((await listAll(alice, 'aliases')).length, before);
    // Saves that do not touch a host do not need the storage service.
    const unrelated = await saveAliases(alice, [{ id: ok.body.aliases[0].id, version: 0, notes: 'fine' }]);
    assert.equal(unrelated.status, 200, JSON.stringify(unrelated.body));
  });
});

// ---- metrics ------------------------------------------------------------------------------------

test('every conflict is counted per entity in sanplane_version_conflicts_total', async () => {
  const text = await stack.scrape('sanplane-san');
  for (const entity of ['zone', 'alias', 'fabric']) {
    const m = text.match(new RegExp(`^sanplane_version_conflicts_total\\{[^}]*entity="${entity}"[^}]*\\} (\\d+(\\.\\d+)?)`, 'm'));
    assert.ok(m, `no conflict counter for ${entity}`);
    assert.ok(Number(m[1]) > 0, entity);
  }
});
