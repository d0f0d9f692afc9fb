// Three-way merge of saves sent with `base_version` (the version the client loaded) and only the
// fields it changed: disjoint edits merge, the same field changed on both sides is a 409 listing
// base, theirs and mine, members merge as sets, batches stay all or nothing, and the lost-update
// hammer loses nothing. alice, bob and carol work for customer A; eve for customer B.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from './stack.mjs';
import { Client } from './client.mjs';
import { adminClient, newCustomer, newProject, newUser, ok, unique } from './fixtures.mjs';

let stack;
let admin;
let alice, bob, carol, eve;
let customerA, customerB;
let project;
let fabric;
let aliases;

const saveZones = (client, zones) =>
  client.post('/api/san/zones/save/', { project_id: project.id, zones });

async function zoneNow(id) {
  const listed = await ok(alice.get(`/api/san/zones/project/${project.id}/?page_size=500`));
  return listed.results.find((zone) => zone.id === id);
}

const ids = (members) => members.map((member) => member.alias).sort((x, y) => x - y);

before(async () => {
  stack = await startStack();
  admin = await adminClient(stack);
  customerA = await newCustomer(admin, unique('Merge Customer A'));
  customerB = await newCustomer(admin, unique('Merge Customer B'));
  alice = await newUser(stack, admin, { name: 'alice', customers: [customerA.id] });
  bob = await newUser(stack, admin, { name: 'bob', customers: [customerA.id] });
  carol = await newUser(stack, admin, { name: 'carol', customers: [customerA.id] });
  eve = await newUser(stack, admin, { name: 'eve', customers: [customerB.id] });
  project = await newProject(alice, customerA.id, 'Merge project');
  fabric = await ok(alice.post('/api/san/fabrics/', {
    customer: customerA.id, name: 'FabM', zoneset_name: 'cfg_fabm', san_vendor: 'BR',
  }), 201);
  const hex = (i) => i.toString(16).padStart(2, '0');
  aliases = (await ok(alice.post('/api/san/aliases/save/', {
    project_id: project.id,
    aliases: Array.from({ length: 12 }, (_, i) => ({
      fabric: fabric.id, name: `host${i}`, wwpn: `10:00:00:90:fa:00:09:${hex(i)}`, use: 'init',
    })),
  }))).aliases;
});

after(async () => {
  await stack?.stop();
});

/** A zone at version 3 with members a and b and notes "". */
async function zoneAtV3() {
  const [a, b] = aliases;
  const zone = (await ok(saveZones(alice, [{ fabric: fabric.id, name: unique('z'), members: [{ alias: a.id }] }]))).zones[0];
  await ok(saveZones(alice, [{ id: zone.id, notes: 'draft', version: 0 }]));
  await ok(saveZones(alice, [{ id: zone.id, notes: '', version: 1 }]));
  const v3 = (await ok(saveZones(alice, [{ id: zone.id, members: [{ alias: a.id }, { alias: b.id }], version: 2 }]))).zones[0];
  assert.equal(v3.version, 3);
  return v3;
}

test('alice edits notes, bob adds a member, both from v3: merged; carol\'s notes from v3: one conflict', async () => {
  const [a, b, c] = aliases;
  const zone = await zoneAtV3();

  const byAlice = await ok(saveZones(alice, [{ id: zone.id, notes: 'x', base_version: 3 }]));
  assert.equal(byAlice.zones[0].version, 4);
  assert.deepEqual(byAlice.merges, [{ id: zone.id, merged: false, mine: ['notes'], theirs: [] }]);
  const v4 = byAlice.zones[0];

  const byBob = await ok(saveZones(bob, [{
    id: zone.id, members: [{ alias: a.id }, { alias: b.id }, { alias: c.id }], base_version: 3,
  }]));
  const v5 = byBob.zones[0];
  assert.equal(v5.version, 5);
  assert.equal(v5.notes, 'x');
  assert.deepEqual(ids(v5.members), [a.id, b.id, c.id]);
  assert.deepEqual(byBob.merges, [{
    id: zone.id, merged: true, mine: ['members'],
    theirs: [{ field: 'notes', changed_by: 'alice', changed_at: v4.last_modified_at }],
  }]);

  const byCarol = await carol.post('/api/san/zones/save/', {
    project_id: project.id, zones: [{ id: zone.id, notes: 'y', base_version: 3 }],
  });
  assert.equal(byCarol.status, 409, JSON.stringify(byCarol.body));
  assert.deepEqual(byCarol.body, {
    error: 'Someone else changed the same fields since you loaded them; nothing was saved.',
    conflicts: [{
      field: 'notes', base: '', theirs: 'x', mine: 'y', changed_by: 'alice',
      changed_at: v4.last_modified_at, id: zone.id,
    }],
  });
  const now = await zoneNow(zone.id);
  assert.deepEqual([now.version, now.notes], [5, 'x']);

  // The history tells the same story.
  const history = await ok(alice.get(`/api/san/zones/${zone.id}/history/?page_size=2`));
  assert.deepEqual(history.results.map((entry) => [entry.version, entry.by, Object.keys(entry.changes)]),
    [[5, 'bob', ['members']], [4, 'alice', ['notes']]]);
});

test('members merge as sets: one removes, another edits a different member; the same member\'s role conflicts', async () => {
  const [a, b] = aliases;
  const zone = await zoneAtV3();
  const removed = await ok(saveZones(alice, [{ id: zone.id, members: [{ alias: b.id }], base_version: 3 }]));
  assert.deepEqual(ids(removed.zones[0].members), [b.id]);
  const edited = await ok(saveZones(bob, [{
    id: zone.id, members: [{ alias: a.id }, { alias: b.id, role: 'target' }], base_version: 3,
  }]));
  assert.deepEqual(edited.zones[0].members, [{ alias: b.id, role: 'target' }]);
  assert.equal(edited.merges[0].merged, true);

  const v5 = edited.zones[0].version;
  await ok(saveZones(alice, [{ id: zone.id, members: [{ alias: b.id, role: 'both' }], base_version: v5 }]));
  const clash = await saveZones(bob, [{ id: zone.id, members: [{ alias: b.id, role: 'init' }], base_version: v5 }]);
  assert.equal(clash.status, 409, JSON.stringify(clash.body));
  assert.deepEqual(clash.body.conflicts.map(({ field, base, theirs, mine, changed_by }) => ({ field, base, theirs, mine, changed_by })), [{
    field: 'members', base: { alias: b.id, role: 'target' }, theirs: { alias: b.id, role: 'both' },
    mine: { alias: b.id, role: 'init' }, changed_by: 'alice',
  }]);
});

test('a batch merges per item and stays all or nothing; a stale version save keeps its seed answer', async () => {
  const first = await zoneAtV3();
  const second = await zoneAtV3();
  await ok(saveZones(alice, [{ id: second.id, notes: 'taken', base_version: 3 }]));
  const batch = await saveZones(bob, [
    { id: first.id, notes: 'fine', base_version: 3 },
    { id: second.id, notes: 'clash', base_version: 3 },
  ]);
  assert.equal(batch.status, 409, JSON.stringify(batch.body));
  assert.deepEqual(batch.body.conflicts.map((conflict) => [conflict.id, conflict.field]), [[second.id, 'notes']]);
  assert.equal((await zoneNow(first.id)).version, 3, 'nothing of the batch was written');

  const both = await ok(saveZones(bob, [
    { id: first.id, notes: 'fine', base_version: 3 },
    { id: second.id, name: unique('renamed'), base_version: 3 },
  ]));
  assert.deepEqual(both.zones.map((zone) => zone.version), [4, 5]);
  assert.equal(both.zones[1].notes, 'taken');
  assert.deepEqual(both.merges.map((merge) => merge.merged), [false, true]);

  // An ordinary version save of the same stale kind keeps the seed's batch answer.
  const stale = await saveZones(bob, [{ id: first.id, notes: 'old', version: 3 }]);
  assert.equal(stale.status, 409);
  assert.equal(stale.body.error, 'Some zones could not be saved.');
  assert.equal(stale.body.conflicts, undefined);

  // A base version that was never there is a 400 naming it; another customer's record tells eve nothing.
  const made = await saveZones(bob, [{ id: first.id, notes: 'z', base_version: 99 }]);
  assert.equal(made.status, 400, JSON.stringify(made.body));
  assert.ok(made.body.errors.base_version, JSON.stringify(made.body));
  // Both version and base_version on one item: which one was meant is unknown, so nothing is saved.
  const twice = await saveZones(bob, [{ id: first.id, notes: 'both', version: 4, base_version: 3 }]);
  assert.equal(twice.status, 400, JSON.stringify(twice.body));
  assert.match(twice.body.errors.base_version, /not both/);
  assert.equal((await zoneNow(first.id)).notes, 'fine', 'nothing of it was written');
  const evesProject = await newProject(eve, customerB.id);
  const snoop = await eve.post('/api/san/zones/save/', {
    project_id: evesProject.id, zones: [{ id: first.id, notes: 'y', base_version: 3 }],
  });
  assert.equal(snoop.status, 409, JSON.stringify(snoop.body));
  assert.equal(snoop.body.conflicts, undefined, JSON.stringify(snoop.body));
  assert.ok(!JSON.stringify(snoop.body).includes('fine'), JSON.stringify(snoop.body));
});

test('aliases merge too: notes by one, WWPNs by another', async () => {
  const [alias] = (await ok(alice.post('/api/san/aliases/save/', {
    project_id: project.id,
    aliases: [{ fabric: fabric.id, name: unique('esx'), wwpns: ['10:00:00:90:fa:00:0a:01'], use: 'init' }],
  }))).aliases;
  await ok(alice.post('/api/san/aliases/save/', {
    project_id: project.id, aliases: [{ id: alias.id, notes: 'rack 3', base_version: 0 }],
  }));
  const merged = await ok(bob.post('/api/san/aliases/save/', {
    project_id: project.id,
    aliases: [{ id: alias.id, wwpns: ['10:00:00:90:fa:00:0a:01', '10:00:00:90:fa:00:0a:02'], base_version: 0 }],
  }));
  assert.deepEqual([merged.aliases[0].notes, merged.aliases[0].wwpns, merged.aliases[0].version],
    ['rack 3', ['10:00:00:90:fa:00:0a:01', '10:00:00:90:fa:00:0a:02'], 2]);
  assert.equal(merged.merges[0].merged, true);
});

/** Eight signed-in clients, alice's and bob's sessions alternating. */
async function eightClients() {
  const clients = [];
  for (let i = 0; i < 8; i += 1) {
    const client = new Client(stack.url);
    const who = i % 2 === 0 ? alice : bob;
    await client.login(who.user.username, who.password);
    clients.push(client);
  }
  return clients;
}

test('the lost-update hammer with base_version saves on disjoint fields: 0 lost, 0 conflicts', async () => {
  const zone = (await ok(saveZones(alice, [{ fabric: fabric.id, name: unique('z-hammer') }]))).zones[0];
  const clients = await eightClients();
  const rounds = 20;
  let saves = 0;
  let conflicts = 0;
  // Client c toggles its own member (alias c) in and out: disjoint from every other client.
  await Promise.all(clients.map(async (client, c) => {
    const mine = aliases[c].id;
    for (let r = 0; r < rounds; r += 1) {
      const list = await ok(client.get(`/api/san/zones/project/${project.id}/?search=${encodeURIComponent(zone.name)}`));
      const loaded = list.results.find((z) => z.id === zone.id);
      const has = loaded.members.some((member) => member.alias === mine);
      const members = has ? loaded.members.filter((member) => member.alias !== mine)
        : [...loaded.members, { alias: mine }];
      const res = await saveZones(client, [{ id: zone.id, members, base_version: loaded.version }]);
      if (res.status === 409) conflicts += 1;
      assert.equal(res.status, 200, JSON.stringify(res.body));
      saves += 1;
    }
  }));
  const final = await zoneNow(zone.id);
  assert.equal(conflicts, 0);
  assert.equal(saves, 8 * rounds);
  assert.equal(final.version, saves, 'one version per save: none lost');
  // An even number of toggles each: every member is out again.
  assert.deepEqual(final.members, []);
});

test('the lost-update hammer with base_version saves on the same field: 0 lost updates', async () => {
  const zone = (await ok(saveZones(alice, [{ fabric: fabric.id, name: unique('z-same'), notes: '' }]))).zones[0];
  const clients = await eightClients();
  const acknowledged = [];
  let conflicts = 0;
  await Promise.all(clients.map(async (client, c) => {
    for (let r = 0; r < 15; r += 1) {
      const token = `t${c}_${r}`;
      for (;;) {
        const list = await ok(client.get(`/api/san/zones/project/${project.id}/?search=${encodeURIComponent(zone.name)}`));
        const loaded = list.results.find((z) => z.id === zone.id);
        const res = await saveZones(client, [{ id: zone.id, notes: `${loaded.notes} ${token}`, base_version: loaded.version }]);
        if (res.status === 200) {
          acknowledged.push(token);
          break;
        }
        assert.equal(res.status, 409, JSON.stringify(res.body));
        assert.equal(res.body.conflicts[0].field, 'notes');
        conflicts += 1;
      }
    }
  }));
  const final = await zoneNow(zone.id);
  assert.equal(final.version, acknowledged.length, 'one version per acknowledged save');
  const tokens = final.notes.trim().split(' ');
  assert.equal(tokens.length, acknowledged.length);
  for (const token of acknowledged) assert.ok(tokens.includes(token), `lost ${token}`);
  assert.ok(conflicts > 0, 'the clients really raced');
});
