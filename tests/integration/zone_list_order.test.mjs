// A project's zone list, page by page, in every ordering it offers and with a search: the page the
// API answers is the slice of the whole list sorted by that key (ties by id), and the count is
// every zone that matches, whatever the page.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from './stack.mjs';
import { adminClient, newCustomer, newProject } from './fixtures.mjs';

let stack;
let admin;
let project;
let zones; // as the API answers them, in creation order

before(async () => {
  stack = await startStack();
  admin = await adminClient(stack);
  const customer = await newCustomer(admin);
  project = await newProject(admin, customer.id);
  const fabrics = [];
  for (const name of ['FAB_B', 'FAB_A']) {
    fabrics.push((await admin.post('/api/san/fabrics/', { customer: customer.id, name, zoneset_name: 'zs', san_vendor: 'BR' })).body);
  }
  const alias = (await admin.post('/api/san/aliases/save/', {
    project_id: project.id, aliases: [{ fabric: fabrics[0].id, name: 'host_needle', wwpn: '10:00:00:00:c9:aa:bb:01' }],
  })).body.aliases[0];
  // Names, notes, types and flags that sort differently from creation order, with ties.
  const specs = [
    ['z_delta', 'beta', 'standard', true, false, true, 0],
    ['z_alpha', 'alpha', 'smart', false, true, false, 1],
    ['z_charlie', 'beta', 'standard', false, false, true, 0],
    ['z_bravo', '', 'smart', true, true, false, 1],
    ['z_echo', 'gamma', 'standard', true, false, false, 0],
  ];
  const saved = await admin.post('/api/san/zones/save/', {
    project_id: project.id,
    zones: specs.map(([name, notes, zone_type, create, del, exists, fabric]) => ({
      fabric: fabrics[fabric].id, name, notes, zone_type, create, delete: del, exists,
      members: name === 'z_charlie' ? [{ alias: alias.id }] : [],
    })),
  });
  assert.equal(saved.status, 200, JSON.stringify(saved.body));
  // Versions and modification times apart from ids: edit two zones again, one after the other.
  for (const zone of [saved.body.zones[3], saved.body.zones[0]]) {
    assert.equal((await admin.post('/api/san/zones/save/', { project_id: project.id, zones: [{ id: zone.id, version: zone.version, notes: `${zone.notes}!` }] })).status, 200);
  }
  zones = (await admin.get(`/api/san/zones/project/${project.id}/?page_size=500`)).body.results;
  assert.equal(zones.length, specs.length);
});

after(() => stack?.stop());

const KEYS = {
  id: (z) => z.id, fabric: (z) => z.fabric, version: (z) => z.version, name: (z) => z.name,
  zone_type: (z) => z.zone_type, notes: (z) => z.notes, create: (z) => z.create, delete: (z) => z.delete,
  exists: (z) => z.exists, last_modified_at: (z) => z.last_modified_at,
};

function expectedOrder(list, ordering) {
  const descending = ordering.startsWith('-');
  const key = KEYS[ordering.replace(/^-/, '')];
  const compare = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  return [...list].sort((a, b) => (descending ? -1 : 1) * compare(key(a), key(b)) || a.id - b.id).map((z) => z.id);
}

test('every ordering pages through the zones sorted by its key, ties by id', async () => {
  for (const ordering of Object.keys(KEYS).flatMap((k) => [k, `-${k}`])) {
    const ids = [];
    for (let page = 1; page <= 3; page += 1) {
      const res = await admin.get(`/api/san/zones/project/${project.id}/?page_size=2&page=${page}&ordering=${ordering}`);
      assert.equal(res.status, 200, `${ordering} page ${page}: ${JSON.stringify(res.body)}`);
      assert.equal(res.body.count, zones.length, `${ordering}: count of every zone`);
      ids.push(...res.body.results.map((z) => z.id));
    }
    assert.deepEqual(ids, expectedOrder(zones, ordering), `ordering=${ordering}`);
  }
});

test('a search pages and counts only the zones it matches, members included', async () => {
  const res = await admin.get(`/api/san/zones/project/${project.id}/?search=needle&page_size=1`);
  assert.equal(res.status, 200);
  assert.equal(res.body.count, 1);
  assert.deepEqual(res.body.results.map((z) => z.name), ['z_charlie']);
  const beta = await admin.get(`/api/san/zones/project/${project.id}/?search=BETA&ordering=-name&page_size=1&page=2`);
  assert.equal(beta.body.count, 2, 'both zones noted beta');
  assert.deepEqual(beta.body.results.map((z) => z.name), ['z_charlie']);
  const results = beta.body.results[0];
  assert.deepEqual(results.members.map((m) => m.alias), [zones.find((z) => z.name === 'z_charlie').members[0].alias]);
});
