// The audit feed beyond record changes: sign-ins, refused sign-ins, script generations and imports,
// filtered like every entry, readable by the members of the customer (the superuser: all), and
// exported as CSV. alice and bob work for customer A; eve for customer B.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from './stack.mjs';
import { Client } from './client.mjs';
import { adminClient, newCustomer, newProject, newUser, ok, unique } from './fixtures.mjs';
import { parseCsv } from './csv.mjs';

let stack;
let admin;
let alice, bob, eve;
let customerA, customerB;
let project;
let fabric;
let zone;

before(async () => {
  stack = await startStack();
  admin = await adminClient(stack);
  customerA = await newCustomer(admin, unique('Audit Customer A'));
  customerB = await newCustomer(admin, unique('Audit Customer B'));
  alice = await newUser(stack, admin, { name: 'alice', customers: [customerA.id] });
  eve = await newUser(stack, admin, { name: 'eve', customers: [customerB.id] });
  // bob mistypes his password once, then signs in.
  bob = await newUser(stack, admin, { name: 'bob', customers: [customerA.id] });
  const mistyped = await new Client(stack.url).post('/api/auth/login/', { username: 'bob', password: 'wrong' });
  assert.equal(mistyped.status, 401);
  await bob.login('bob', bob.password);

  project = await newProject(alice, customerA.id, 'Audit project');
  fabric = await ok(alice.post('/api/san/fabrics/', {
    customer: customerA.id, name: 'FabAu', zoneset_name: 'cfg_au', san_vendor: 'BR',
  }), 201);
  zone = (await ok(alice.post('/api/san/zones/save/', {
    project_id: project.id, zones: [{ fabric: fabric.id, name: unique('z') }],
  }))).zones[0];
  await ok(bob.post('/api/san/zones/save/', {
    project_id: project.id, zones: [{ id: zone.id, notes: 'by bob, "quoted", with commas', version: 0 }],
  }));
});

after(async () => {
  await stack?.stop();
});

test('filtered by user=bob: only bob\'s entries, his sign-ins among them; eve sees none of it', async () => {
  const feed = await ok(alice.get(`/api/audit/?user=bob&page_size=500`));
  assert.ok(feed.results.length >= 4, JSON.stringify(feed));
  assert.ok(feed.results.every((entry) => entry.by === 'bob' && entry.customer === customerA.id), JSON.stringify(feed));
  const kinds = feed.results.map((entry) => `${entry.entity} ${entry.action}`);
  assert.ok(kinds.includes('zone update'), kinds.join());
  assert.ok(kinds.includes('user sign_in'), kinds.join());
  assert.ok(kinds.includes('user sign_in_failed'), kinds.join());
  const signIn = feed.results.find((entry) => entry.action === 'sign_in');
  assert.equal(signIn.id, bob.user.id);
  assert.deepEqual(Object.keys(signIn.changes), ['client_address']);
  // Only sign-ins under entity=user.
  const signIns = await ok(alice.get(`/api/audit/?user=bob&entity=user`));
  assert.ok(signIns.results.every((entry) => entry.entity === 'user'));

  // eve: nothing of customer A, under any filter; her customer's feed is hers.
  const evesBob = await ok(eve.get('/api/audit/?user=bob&page_size=500'));
  assert.deepEqual(evesBob.results, []);
  const evesAll = await ok(eve.get('/api/audit/?page_size=500'));
  assert.ok(evesAll.results.every((entry) => entry.customer === customerB.id), JSON.stringify(evesAll));
  assert.ok(evesAll.results.some((entry) => entry.entity === 'user' && entry.by === 'eve'));
  assert.equal((await eve.get(`/api/san/zones/${zone.id}/history/`)).status, 404);
  // The superuser sees everyone's.
  const all = await ok(admin.get('/api/audit/?entity=user&page_size=500'));
  assert.ok(all.results.some((entry) => entry.by === 'eve'));
  assert.ok(all.results.some((entry) => entry.by === 'bob'));
});

test('script generations and imports are in the feed', async () => {
  await ok(alice.get(`/api/san/scripts/fabric/${fabric.id}/?kind=create`));
  const scripts = await ok(alice.get(`/api/audit/?customer=${customerA.id}&entity=scripts`));
  assert.deepEqual(scripts.results.map((entry) => [entry.id, entry.by, entry.action, entry.changes]),
    [[fabric.id, 'alice', 'generate', { kind: [null, 'create'] }]]);
  assert.equal((await ok(eve.get('/api/audit/?entity=scripts'))).count, 0);

  const system = await ok(alice.post('/api/storage/', {
    customer: customerA.id, name: unique('FS'), storage_type: 'FlashSystem',
  }), 201);
  await ok(bob.post(`/api/storage/${system.id}/import/`, {
    hosts: [{ name: 'esx09', wwpns: ['10000090FAA10009'] }], volumes: [],
  }));
  const imported = await ok(alice.get(`/api/audit/?customer=${customerA.id}&entity=host&user=bob`));
  assert.deepEqual(imported.results.map((entry) => [entry.action, entry.by]), [['import', 'bob']]);
});

test('CSV export: the same query as RFC 4180 text with a fixed header', async () => {
  const query = `customer=${customerA.id}&user=bob&page_size=500`;
  const json = await ok(alice.get(`/api/audit/?${query}`));
  const res = await alice.get(`/api/audit/?${query}&format=csv`);
  assert.equal(res.status, 200, res.text);
  assert.match(res.headers.get('content-type'), /^text\/csv/);
  assert.match(res.headers.get('content-disposition'), /attachment; filename="audit\.csv"/);
  const rows = parseCsv(res.text);
  assert.deepEqual(rows[0], ['at', 'entity', 'id', 'customer', 'version', 'action', 'by', 'from_version', 'changes']);
  assert.equal(rows.length - 1, json.results.length);
  rows.slice(1).forEach((row, i) => {
    const entry = json.results[i];
    assert.deepEqual(row.slice(0, 8), [entry.at, entry.entity, String(entry.id), String(entry.customer),
      String(entry.version), entry.action, entry.by ?? '', entry.from_version === null ? '' : String(entry.from_version)]);
    assert.deepEqual(JSON.parse(row[8]), entry.changes);
  });
  // The notes' quotes, escaped in the JSON of `changes`, are doubled in the CSV field around it.
  assert.ok(res.text.includes('\\""quoted\\""'), 'quotes inside a field are doubled');

  const evesCsv = parseCsv((await eve.get(`/api/audit/?user=bob&format=csv`)).text);
  assert.deepEqual(evesCsv.slice(1), []);
  const bad = await alice.get('/api/audit/?format=xml');
  assert.equal(bad.status, 400, JSON.stringify(bad.body));
  assert.ok(bad.body.errors.format);
});

test('CSV export of the whole feed: every page, newest first, with notes quoted as RFC 4180 says', async () => {
  // 520 hosts imported at once: 520 entries, more than the 500 of the largest page.
  const system = await ok(alice.post('/api/storage/', {
    customer: customerA.id, name: unique('FS'), storage_type: 'FlashSystem',
  }), 201);
  const hex = (i) => i.toString(16).toUpperCase().padStart(6, '0');
  await ok(bob.post(`/api/storage/${system.id}/import/`, {
    hosts: Array.from({ length: 520 }, (_, i) => ({ name: `bulk${i}`, wwpns: [`10000090FB${hex(i)}`] })),
    volumes: [],
  }));
  const notes = 'bob: port 2, "fast"\nsecond line';
  await ok(bob.post('/api/san/zones/save/', {
    project_id: project.id, zones: [{ id: zone.id, notes, version: 1 }],
  }));

  const query = `customer=${customerA.id}&user=bob`;
  const pages = [];
  for (let page = 1; ; page += 1) {
    const json = await ok(alice.get(`/api/audit/?${query}&page=${page}&page_size=500`));
    pages.push(...json.results);
    if (!json.has_next) break;
  }
  assert.ok(pages.length > 520, `${pages.length} entries`);

  // page and page_size are the export's own: the CSV holds every entry, in the feed's order.
  const res = await alice.get(`/api/audit/?${query}&page=2&page_size=10&format=csv`);
  assert.equal(res.status, 200, res.text);
  assert.ok(res.text.startsWith('at,entity,id,customer,version,action,by,from_version,changes\r\n'));
  const rows = parseCsv(res.text).slice(1);
  assert.equal(rows.length, pages.length);
  assert.deepEqual(rows.map((row) => [row[1], row[2], row[4], row[5]]),
    pages.map((entry) => [entry.entity, String(entry.id), String(entry.version), entry.action]));
  const hostImports = rows.filter((row) => row[1] === 'host' && row[5] === 'import').length;
  assert.ok(hostImports >= 520, `${hostImports} host imports`);

  // The newest entry is the zone's notes: its `changes` field is quoted (a comma and quotes),
  // the quotes doubled; the line break stays escaped in the JSON text.
  assert.deepEqual([rows[0][1], rows[0][2]], ['zone', String(zone.id)]);
  assert.deepEqual(JSON.parse(rows[0][8]).notes[1], notes);
  assert.ok(res.text.includes('"{""notes"":[""by bob, \\""quoted\\"", with commas"",""bob: port 2, \\""fast\\""\\nsecond line""]}"'),
    res.text.slice(0, 600));
});
