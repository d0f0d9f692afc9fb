// GET /api/events/: live changes as Server-Sent Events. alice and bob of customer A watch each
// other's zone saves; eve, of customer B only, must receive none of them. A stream that drops
// resumes with Last-Event-ID, also across a restart of the gateway, with exactly what it missed.
//
// No waiting on clocks: absence is shown by order. Each service's feed is delivered in commit
// order, so once a later save (a "marker") has arrived on a stream, an earlier one that has not
// arrived never will.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from './stack.mjs';
import { adminClient, customersAandB, newProject, newUser, unique } from './fixtures.mjs';
import { openEvents } from './event_stream.mjs';

let stack;
let admin;
let alice, bob, eve, customerA, customerB;
let project, fabric, eveProject, eveFabric;

const saveZones = (client, projectId, zones) =>
  client.post('/api/san/zones/save/', { project_id: projectId, zones });

async function savedZone(client, projectId, zone) {
  const res = await saveZones(client, projectId, [zone]);
  assert.equal(res.status, 200, JSON.stringify(res.body));
  return res.body.zones[0];
}

const changeOf = (zone) => (e) => e.event === 'change' && e.data.entity === 'zone' &&
  e.data.id === zone.id && e.data.version === zone.version;
const zoneChanges = (stream, id) =>
  stream.events.filter((e) => e.event === 'change' && e.data.entity === 'zone' && e.data.id === id);

async function live(client, options) {
  const stream = await openEvents(stack.url, client, options);
  assert.equal(stream.status, 200, JSON.stringify(stream.body));
  await stream.next((e) => e.event === 'ready');
  return stream;
}

before(async () => {
  // Heartbeats (and the session checks that go with them) twice a second instead of every 15 s.
  stack = await startStack({ env: { SANPLANE_EVENTS_HEARTBEAT_MS: '500' } });
  admin = await adminClient(stack);
  ({ customerA, customerB, alice, bob } = await customersAandB(stack, admin, 'Live'));
  eve = await newUser(stack, admin, { name: 'eve', customers: [customerB.id] });
  project = await newProject(alice, customerA.id, 'Live project');
  eveProject = await newProject(eve, customerB.id, 'Eve project');
  const created = await alice.post('/api/san/fabrics/', {
    customer: customerA.id, name: 'FabL', zoneset_name: 'cfg_fabl', san_vendor: 'BR',
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  fabric = created.body;
  const eves = await eve.post('/api/san/fabrics/', {
    customer: customerB.id, name: 'FabE', zoneset_name: 'cfg_fabe', san_vendor: 'BR',
  });
  assert.equal(eves.status, 201, JSON.stringify(eves.body));
  eveFabric = eves.body;
});

after(async () => {
  await stack?.stop();
});

test('a stream needs a session, and a Last-Event-ID of its own shape', async () => {
  const anonymous = await fetch(stack.url + '/api/events/');
  assert.equal(anonymous.status, 401);
  const bad = await openEvents(stack.url, alice, { lastEventId: 'yesterday' });
  assert.equal(bad.status, 400);
  assert.match(bad.body.message ?? JSON.stringify(bad.body), /Last-Event-ID/);
});

test("bob's zone save reaches alice once, after its commit, with the new version; eve gets nothing", async () => {
  const aliceEvents = await live(alice);
  const bobEvents = await live(bob);
  const eveEvents = await live(eve);
  assert.equal(aliceEvents.headers.get('content-type'), 'text/event-stream; charset=utf-8');

  const created = await savedZone(bob, project.id, { fabric: fabric.id, name: unique('z') });
  const seen = await aliceEvents.next(changeOf(created));
  assert.deepEqual(seen.data, {
    entity: 'zone', id: created.id, version: created.version, action: 'create', by: bob.user.username,
    at: created.last_modified_at, customer: customerA.id, project: project.id, projects: [project.id],
  });
  // After the commit: what the event announces is already what anyone reads.
  const listed = await alice.get(`/api/san/zones/project/${project.id}/?search=${encodeURIComponent(created.name)}`);
  assert.equal(listed.status, 200);
  assert.equal(listed.body.results.find((z) => z.id === created.id)?.version, created.version);
  await bobEvents.next(changeOf(created));

  const updated = await savedZone(bob, project.id, { id: created.id, notes: 'bob was here', version: created.version });
  assert.equal(updated.version, created.version + 1);
  const update = await aliceEvents.next(changeOf(updated));
  assert.equal(update.data.action, 'update');

  // eve's own save comes later in the same feed: once she has it, she has had her chance at bob's.
  const marker = await savedZone(eve, eveProject.id, { fabric: eveFabric.id, name: unique('eve') });
  await eveEvents.next(changeOf(marker));
  const eveChanges = eveEvents.events.filter((e) => e.event === 'change');
  assert.ok(eveChanges.length > 0 && eveChanges.every((e) => e.data.customer === customerB.id),
    JSON.stringify(eveChanges));
  // alice never sees eve's save, and bob's two arrived exactly once each, in order.
  const aliceMarker = await savedZone(alice, project.id, { fabric: fabric.id, name: unique('marker') });
  await aliceEvents.next(changeOf(aliceMarker));
  assert.deepEqual(zoneChanges(aliceEvents, created.id).map((e) => e.data.version),
    [created.version, updated.version]);
  assert.ok(aliceEvents.events.every((e) => e.event !== 'change' || e.data.customer === customerA.id));
  // Every event id is new and grows.
  const ids = aliceEvents.events.map((e) => e.id);
  assert.equal(new Set(ids).size, ids.length);
  for (const stream of [aliceEvents, bobEvents, eveEvents]) stream.close();
});

test('a failed batch sends nothing', async () => {
  const aliceEvents = await live(alice);
  const zone = await savedZone(bob, project.id, { fabric: fabric.id, name: unique('z') });
  await aliceEvents.next(changeOf(zone));
  // Two zones, one of them stale: the batch fails whole.
  const failed = await saveZones(bob, project.id, [
    { fabric: fabric.id, name: unique('never') },
    { id: zone.id, notes: 'stale', version: zone.version + 5 },
  ]);
  assert.equal(failed.status, 409, JSON.stringify(failed.body));
  const marker = await savedZone(bob, project.id, { fabric: fabric.id, name: unique('marker') });
  await aliceEvents.next(changeOf(marker));
  const after = aliceEvents.events.slice(aliceEvents.events.findIndex(changeOf(zone)) + 1)
    .filter((e) => e.event === 'change');
  assert.deepEqual(after.map((e) => [e.data.id, e.data.version]), [[marker.id, marker.version]]);
  aliceEvents.close();
});

test('sign-ins and script generations are audit entries, not changes: no change event', async () => {
  const aliceEvents = await live(alice);
  // A failed sign-in of bob's (an audit entry in identity's feed) and a script generation (in
  // SAN's), each followed by a record change in the same feed: once that has arrived, the audit
  // entry never will.
  const refused = await fetch(stack.url + '/api/auth/login/', {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: bob.user.username, password: 'not the password' }),
  });
  assert.equal(refused.status, 401);
  const identityMarker = await newProject(alice, customerA.id, unique('marker'));
  await aliceEvents.next((e) => e.event === 'change' && e.data.entity === 'project' && e.data.id === identityMarker.id);
  const scripts = await alice.get(`/api/san/scripts/fabric/${fabric.id}/?kind=create`);
  assert.equal(scripts.status, 200, JSON.stringify(scripts.body));
  const sanMarker = await savedZone(alice, project.id, { fabric: fabric.id, name: unique('marker') });
  await aliceEvents.next(changeOf(sanMarker));
  // Both are in the audit feed all the same.
  const audit = await alice.get(`/api/audit/?customer=${customerA.id}&page_size=50`);
  assert.equal(audit.status, 200, JSON.stringify(audit.body));
  const kinds = audit.body.results.map((entry) => `${entry.entity} ${entry.action}`);
  assert.ok(kinds.includes('user sign_in_failed') && kinds.includes('scripts generate'), kinds.join());
  const audited = aliceEvents.events.filter((e) => e.event === 'change' && ['user', 'scripts'].includes(e.data.entity));
  assert.deepEqual(audited, []);
  aliceEvents.close();
});

/** Drops alice's stream, lets bob save three times while `between` runs, resumes from her last id. */
async function resumeAcross(between) {
  const first = await live(alice);
  const zone = await savedZone(bob, project.id, { fabric: fabric.id, name: unique('z') });
  await first.next(changeOf(zone));
  const lastId = first.lastId();
  first.close();

  const saves = await between(async () => {
    const saved = [];
    let current = zone;
    for (const note of ['one', 'two', 'three']) {
      current = await savedZone(bob, project.id, { id: zone.id, notes: note, version: current.version });
      saved.push(current);
    }
    return saved;
  });

  const resumed = await live(alice, { lastEventId: lastId });
  // Saves still being numbered when alice came back follow the catch-up live: either way each
  // arrives once, in order, and nothing else of that zone.
  await resumed.next(changeOf(saves[2]));
  const marker = await savedZone(alice, project.id, { fabric: fabric.id, name: unique('marker') });
  await resumed.next(changeOf(marker));
  assert.deepEqual(zoneChanges(resumed, zone.id).map((e) => [e.data.id, e.data.version, e.data.by]),
    saves.map((z) => [z.id, z.version, bob.user.username]));
  // What came before `ready` was catch-up: changes only.
  const beforeReady = resumed.events.slice(0, resumed.events.findIndex((e) => e.event === 'ready'));
  assert.ok(beforeReady.every((e) => e.event === 'change'), JSON.stringify(beforeReady));
  resumed.close();
}

test('a dropped stream resumes with Last-Event-ID: exactly the three saves it missed, in order', async () => {
  await resumeAcross((saveThree) => saveThree());
});

test('the same across a restart of the gateway: the resume comes from the services', async () => {
  await resumeAcross(async (saveThree) => {
    const saved = await saveThree();
    // The new gateway process has never seen these saves: only the services' feeds hold them.
    await stack.stopService('gateway');
    await stack.startService('gateway');
    return saved;
  });
});

test('heartbeat comments keep an idle stream alive; signing out ends it at the next check', async () => {
  const carol = await newUser(stack, admin, { customers: [customerA.id] });
  const stream = await live(carol);
  await stream.heartbeat();
  await stream.heartbeat();
  assert.ok(!stream.ended);
  assert.equal((await carol.post('/api/auth/logout/')).status, 200);
  await stream.whenEnded();
  assert.ok(stream.ended);
});
