// Three-way merge of the saves of one record (PUT/PATCH with `base_version` instead of `version`):
// fabrics, storage systems, projects and customers. alice and bob load a record at version 0;
// alice changes field A, bob field B, both from version 0: both apply, and the answer's `merge`
// says whose fields are whose; carol changes A to another value from version 0: 409 with the one
// conflict naming alice, nothing written. alice and carol are members of customer A, bob is a
// superuser (only superusers rename customers), eve a member of customer B only.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from './stack.mjs';
import { adminClient, newCustomer, newProject, newUser, ok, recordConflictBody, unique } from './fixtures.mjs';

let stack;
let admin;
let alice, bob, carol, eve;
let customerA, customerB;

before(async () => {
  stack = await startStack();
  admin = await adminClient(stack);
  customerA = await newCustomer(admin, unique('Records Customer A'));
  customerB = await newCustomer(admin, unique('Records Customer B'));
  alice = await newUser(stack, admin, { name: 'alice', customers: [customerA.id] });
  bob = await newUser(stack, admin, { name: 'bob', superuser: true });
  carol = await newUser(stack, admin, { name: 'carol', customers: [customerA.id] });
  eve = await newUser(stack, admin, { name: 'eve', customers: [customerB.id] });
});

after(async () => {
  await stack?.stop();
});

// Each kind: how to make one at version 0, where it is read and saved, the field alice and carol
// change (A) and the one bob changes (B), and the entity its conflicts name.
const kinds = [
  {
    kind: 'fabric',
    entity: 'fabric',
    create: async () => ok(alice.post('/api/san/fabrics/', {
      customer: customerA.id, name: unique('Fab'), zoneset_name: 'cfg_a', san_vendor: 'BR',
    }), 201),
    path: (id) => `/api/san/fabrics/${id}/`,
    save: (client, id, body) => client.patch(`/api/san/fabrics/${id}/`, body),
    // bob's PUT sends only what he changed: with base_version, the fields left out stay.
    bobSave: (client, id, body) => client.put(`/api/san/fabrics/${id}/`, body),
    a: 'notes',
    b: ['zoneset_name', 'cfg_b'],
  },
  {
    kind: 'storage system',
    entity: 'storage system',
    create: async () => ok(alice.post('/api/storage/', {
      customer: customerA.id, name: unique('FS'), storage_type: 'FlashSystem',
    }), 201),
    path: (id) => `/api/storage/${id}/`,
    save: (client, id, body) => client.patch(`/api/storage/${id}/`, body),
    bobSave: (client, id, body) => client.put(`/api/storage/${id}/`, body),
    a: 'notes',
    b: ['location', 'Rack 7'],
  },
  {
    kind: 'project',
    entity: 'project',
    create: async () => newProject(alice, customerA.id),
    path: (id) => `/api/core/projects/detail/${id}/`,
    save: (client, id, body) => client.put(`/api/core/projects/update/${id}/`, body),
    a: 'notes',
    b: ['name', unique('Renamed project')],
  },
  {
    kind: 'customer',
    entity: 'customer',
    create: async () => {
      const customer = await newCustomer(admin, unique('Merged customer'));
      for (const who of [alice, carol]) {
        await ok(admin.post(`/api/customers/${customer.id}/members/`, { username: who.user.username }), 201);
        await who.login(who.user.username, who.password);  // the session carries the new customer
      }
      return customer;
    },
    path: (id) => `/api/customers/${id}/`,
    save: (client, id, body) => client.put(`/api/customers/${id}/`, body),
    a: 'notes',
    b: ['name', unique('Renamed customer')],
  },
];

for (const spec of kinds) {
  test(`${spec.kind}: disjoint fields from one version merge; the same field is one conflict naming alice`, async () => {
    const made = await spec.create();
    const loaded = await ok(alice.get(spec.path(made.id)));
    assert.equal(loaded.version, 0);
    const bobSave = spec.bobSave ?? spec.save;
    const [fieldB, valueB] = spec.b;

    const byAlice = await ok(spec.save(alice, made.id, { [spec.a]: 'alice: checked', base_version: 0 }));
    assert.equal(byAlice.version, 1);
    assert.deepEqual(byAlice.merge, { id: made.id, merged: false, mine: [spec.a], theirs: [] });

    const byBob = await ok(bobSave(bob, made.id, { [fieldB]: valueB, base_version: 0 }));
    assert.equal(byBob.version, 2);
    assert.equal(byBob.merge.merged, true);
    assert.deepEqual(byBob.merge.mine, [fieldB]);
    assert.deepEqual(byBob.merge.theirs, [{ field: spec.a, changed_by: 'alice', changed_at: byAlice.last_modified_at }]);
    const both = await ok(alice.get(spec.path(made.id)));
    assert.deepEqual([both[spec.a], both[fieldB], both.version], ['alice: checked', valueB, 2]);
    assert.equal(both.merge, undefined, 'a read carries no merge report');

    const clash = await spec.save(carol, made.id, { [spec.a]: 'carol: not checked', base_version: 0 });
    assert.equal(clash.status, 409, JSON.stringify(clash.body));
    assert.deepEqual(clash.body, {
      error: 'Someone else changed the same fields since you loaded them; nothing was saved.',
      conflicts: [{
        field: spec.a, base: made[spec.a], theirs: 'alice: checked', mine: 'carol: not checked',
        changed_by: 'alice', changed_at: byAlice.last_modified_at, id: made.id,
      }],
    });
    const after = await ok(alice.get(spec.path(made.id)));
    assert.deepEqual([after[spec.a], after.version], ['alice: checked', 2], 'nothing was written');

    // Another customer's record: eve is told it does not exist, merged or not.
    const snoop = await spec.save(eve, made.id, { [spec.a]: 'eve', base_version: 0 });
    assert.equal(snoop.status, 404, JSON.stringify(snoop.body));
    assert.equal((await spec.save(eve, made.id, { [spec.a]: 'eve', version: 2 })).status, 404);

    // A stale `version` save keeps the seed's 409, byte for byte.
    const stale = await spec.save(carol, made.id, { [spec.a]: 'carol', version: 0 });
    assert.equal(stale.status, 409);
    assert.equal(stale.text, JSON.stringify(recordConflictBody({
      entity: spec.entity, by: 'bob', version: 2, at: after.last_modified_at,
    })));
    // And a current one answers the record as before: no merge report.
    const plain = await spec.save(carol, made.id, { [spec.a]: 'carol: v2', version: 2 });
    assert.equal(plain.status, 200, JSON.stringify(plain.body));
    assert.ok(!('merge' in plain.body), plain.text);
    assert.equal(plain.body.version, 3);
  });
}

test('base_version beside version, or not in the history, is a 400 naming base_version; nothing written', async () => {
  const fabric = await kinds[0].create();
  const both = await alice.patch(`/api/san/fabrics/${fabric.id}/`, { notes: 'x', version: 0, base_version: 0 });
  assert.equal(both.status, 400, JSON.stringify(both.body));
  assert.ok(both.body.errors.base_version, JSON.stringify(both.body));
  const ifMatch = await alice.patch(`/api/san/fabrics/${fabric.id}/`, { notes: 'x', base_version: 0 },
    { headers: { 'If-Match': '"0"' } });
  assert.equal(ifMatch.status, 400, JSON.stringify(ifMatch.body));
  const ahead = await alice.patch(`/api/san/fabrics/${fabric.id}/`, { notes: 'x', base_version: 7 });
  assert.equal(ahead.status, 400, JSON.stringify(ahead.body));
  assert.match(ahead.body.errors.base_version, /not in this record's history/);
  const project = await newProject(alice, customerA.id);
  const projectAhead = await alice.put(`/api/core/projects/update/${project.id}/`, { notes: 'x', base_version: 3 });
  assert.equal(projectAhead.status, 400, JSON.stringify(projectAhead.body));
  assert.ok(projectAhead.body.errors.base_version);
  assert.equal((await ok(alice.get(`/api/san/fabrics/${fabric.id}/`))).version, 0);
  assert.equal((await ok(alice.get(`/api/core/projects/detail/${project.id}/`))).version, 0);
});

test('a save from an old version that changes nothing others changed keeps theirs, also in a storage system\'s attributes', async () => {
  const system = await kinds[1].create();
  await ok(alice.patch(`/api/storage/${system.id}/`, { attributes: { rack: 'R1' }, version: 0 }));
  const merged = await ok(bob.patch(`/api/storage/${system.id}/`, { serial_number: 'SN-42', base_version: 0 }));
  assert.deepEqual([merged.attributes, merged.serial_number, merged.version], [{ rack: 'R1' }, 'SN-42', 2]);
  assert.deepEqual(merged.merge.theirs.map((field) => field.field), ['attributes']);
  const clash = await carol.patch(`/api/storage/${system.id}/`, { attributes: { rack: 'R9' }, base_version: 0 });
  assert.equal(clash.status, 409, JSON.stringify(clash.body));
  assert.deepEqual(clash.body.conflicts.map((c) => [c.field, c.base, c.theirs, c.mine]),
    [['attributes', {}, { rack: 'R1' }, { rack: 'R9' }]]);
});
