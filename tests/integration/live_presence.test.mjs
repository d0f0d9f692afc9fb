// Presence on GET /api/events/: joins, leaves and context changes of the users the caller may see
// (the rule of active-users), and record presence: POST /api/core/editing/ (renewed like the
// heartbeat, lapsing after the editing window), its end, GET /api/core/editing/ and `editing`
// events. Short windows (2 s) let leaves and lapses happen during the test; nothing waits on a
// clock: each check awaits the event, and absence is shown by order (every stream is handed the
// same presence changes in the same order, so once a later one arrived, an earlier one that did
// not never will).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from './stack.mjs';
import { adminClient, customersAandB, newProject, newUser, unique } from './fixtures.mjs';
import { openEvents } from './event_stream.mjs';

let stack;
let admin, alice, bob, eve, customerA, customerB, project, zone;

async function live(client) {
  const stream = await openEvents(stack.url, client);
  assert.equal(stream.status, 200, JSON.stringify(stream.body));
  await stream.next((e) => e.event === 'ready');
  return stream;
}

const presenceOf = (user, action) => (e) =>
  e.event === 'presence' && e.data.user.id === user.user.id && e.data.action === action;
const editingOf = (user, action, record) => (e) => e.event === 'editing' &&
  e.data.user.id === user.user.id && e.data.action === action && e.data.id === record.id;

before(async () => {
  stack = await startStack({
    env: { SANPLANE_PRESENCE_WINDOW_SECONDS: '2', SANPLANE_EDITING_WINDOW_SECONDS: '2' },
  });
  admin = await adminClient(stack);
  ({ customerA, customerB, alice, bob } = await customersAandB(stack, admin, 'Presence'));
  eve = await newUser(stack, admin, { name: 'eve', customers: [customerB.id] });
  for (const [user, customer] of [[alice, customerA], [bob, customerA], [eve, customerB]]) {
    const res = await user.put('/api/core/user-config/', { active_customer_id: customer.id, active_project_id: null });
    assert.equal(res.status, 200, JSON.stringify(res.body));
  }
  project = await newProject(alice, customerA.id, 'Presence project');
  const fabric = await alice.post('/api/san/fabrics/', {
    customer: customerA.id, name: 'FabP', zoneset_name: 'cfg_fabp', san_vendor: 'BR',
  });
  assert.equal(fabric.status, 201, JSON.stringify(fabric.body));
  const saved = await alice.post('/api/san/zones/save/', {
    project_id: project.id, zones: [{ fabric: fabric.body.id, name: unique('z') }],
  });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  zone = saved.body.zones[0];
});

after(async () => {
  await stack?.stop();
});

test('joins, context changes and leaves reach who may see them; eve, of another customer, stays unseen', async () => {
  const aliceEvents = await live(alice);
  const adminEvents = await live(admin);

  assert.equal((await bob.post('/api/core/heartbeat/')).status, 200);
  const joined = await aliceEvents.next(presenceOf(bob, 'join'));
  assert.deepEqual(joined.data.active_customer, { id: customerA.id, name: customerA.name });
  assert.match(joined.id, /^\d+\.\d+\.\d+\.p\d+$/);

  assert.equal((await eve.post('/api/core/heartbeat/')).status, 200);
  await adminEvents.next(presenceOf(eve, 'join'));
  // Later than eve's join for every stream: bob moves into the project.
  const moved = await bob.put('/api/core/user-config/', { active_customer_id: customerA.id, active_project_id: project.id });
  assert.equal(moved.status, 200, JSON.stringify(moved.body));
  assert.equal((await bob.post('/api/core/heartbeat/')).status, 200);
  const context = await aliceEvents.next(presenceOf(bob, 'context'));
  assert.equal(context.data.active_project.id, project.id);
  assert.ok(!aliceEvents.events.some((e) => e.event === 'presence' && e.data.user.id === eve.user.id));

  // bob stops sending heartbeats: he leaves once the window has passed.
  const left = await aliceEvents.next(presenceOf(bob, 'leave'));
  assert.equal(left.data.active_customer.id, customerA.id);
  aliceEvents.close();
  adminEvents.close();
});

test('record presence: bob opens a zone, alice sees it live and listed, then it ends or lapses', async () => {
  const aliceEvents = await live(alice);
  const path = `/api/core/editing/?entity=zone&id=${zone.id}`;

  const opened = await bob.post('/api/core/editing/', { entity: 'zone', id: zone.id });
  assert.equal(opened.status, 200, JSON.stringify(opened.body));
  assert.equal(opened.body.success, true);
  const open = await aliceEvents.next(editingOf(bob, 'open', zone));
  assert.deepEqual({ entity: open.data.entity, customer: open.data.customer, user: open.data.user.username },
    { entity: 'zone', customer: customerA.id, user: bob.user.username });
  const listed = await alice.get(path);
  assert.equal(listed.status, 200, JSON.stringify(listed.body));
  assert.deepEqual(listed.body.editors.map((e) => e.user.username), [bob.user.username]);

  // eve may neither learn nor claim anything about customer A's zone.
  assert.equal((await eve.get(path)).status, 404);
  assert.equal((await eve.post('/api/core/editing/', { entity: 'zone', id: zone.id })).status, 404);
  assert.equal((await bob.post('/api/core/editing/', { entity: 'planet', id: zone.id })).status, 400);
  assert.equal((await bob.post('/api/core/editing/', { entity: 'zone', id: 0 })).status, 400);

  assert.equal((await bob.delete(path)).status, 200);
  await aliceEvents.next(editingOf(bob, 'close', zone));
  assert.deepEqual((await alice.get(path)).body.editors, []);

  // Opened again and not renewed: it lapses after the editing window.
  assert.equal((await bob.post('/api/core/editing/', { entity: 'zone', id: zone.id })).status, 200);
  const reopened = await aliceEvents.next((e) => editingOf(bob, 'open', zone)(e) && e !== open);
  const lapsed = await aliceEvents.next((e) => editingOf(bob, 'close', zone)(e) &&
    aliceEvents.events.indexOf(e) > aliceEvents.events.indexOf(reopened));
  assert.equal(lapsed.data.entity, 'zone');
  assert.ok(!aliceEvents.events.some((e) => e.event === 'editing' && e.data.customer !== customerA.id));
  aliceEvents.close();
});

test('record presence of a table\'s rows: who has which open, in one call, only for who may see them', async () => {
  const saved = await alice.post('/api/san/zones/save/', {
    project_id: project.id, zones: [{ fabric: zone.fabric, name: unique('z') }, { fabric: zone.fabric, name: unique('z') }],
  });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  const [second, third] = saved.body.zones;
  for (const record of [zone, third]) {
    assert.equal((await bob.post('/api/core/editing/', { entity: 'zone', id: record.id })).status, 200);
  }
  // Asked in this order, twice for one, and for a record that does not exist.
  const path = `/api/core/editing/records/?entity=zone&ids=${third.id},${zone.id},${second.id},999999999,${third.id}`;
  const listed = await alice.get(path);
  assert.equal(listed.status, 200, JSON.stringify(listed.body));
  assert.deepEqual(listed.body.records.map((r) => [r.id, r.editors.map((e) => e.user.username)]),
    [[third.id, [bob.user.username]], [zone.id, [bob.user.username]]]);
  assert.ok(listed.body.records.every((r) => r.editors.every((e) => typeof e.expires === 'string')));

  // eve, of another customer, learns nothing: the same answer as for records nobody has open.
  const hidden = await eve.get(path);
  assert.equal(hidden.status, 200, JSON.stringify(hidden.body));
  assert.deepEqual(hidden.body.records, []);

  for (const bad of ['', '1,,2', '1,x', '0', '-4', Array.from({ length: 201 }, (_, i) => i + 1).join(',')]) {
    const res = await alice.get(`/api/core/editing/records/?entity=zone&ids=${bad}`);
    assert.equal(res.status, 400, `ids=${bad}: ${JSON.stringify(res.body)}`);
    assert.ok(res.body.errors?.ids, JSON.stringify(res.body));
  }
  const planet = await alice.get(`/api/core/editing/records/?entity=planet&ids=${zone.id}`);
  assert.equal(planet.status, 400, JSON.stringify(planet.body));
  assert.ok(planet.body.errors?.entity, JSON.stringify(planet.body));

  for (const record of [zone, third]) {
    assert.equal((await bob.delete(`/api/core/editing/?entity=zone&id=${record.id}`)).status, 200);
  }
  assert.deepEqual((await alice.get(path)).body.records, []);
});
