// Each user's columns per web UI table (GET/PUT/DELETE /api/core/user-config/table-columns/):
// stored in identity, read back in order with their widths, one user's never another's, bad
// documents refused with every bad field named and nothing written, and nothing without sign-in.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from './stack.mjs';
import { Client } from './client.mjs';
import { adminClient, newUser } from './fixtures.mjs';

const URL = '/api/core/user-config/table-columns/';

let stack;
let admin;

before(async () => {
  stack = await startStack({ services: ['identity'] });
  admin = await adminClient(stack);
});
after(async () => { await stack?.stop(); });

test('a table\'s columns round-trip in order with their widths, and a reset forgets them', async () => {
  const alice = await newUser(stack, admin);
  assert.deepEqual((await alice.get(URL)).body, { tables: [] });

  const hosts = [{ key: 'name', width: 240 }, { key: 'wwpns' }, { key: 'storage', width: 120 }];
  const put = await alice.put(`${URL}hosts/`, { columns: hosts });
  assert.equal(put.status, 200, JSON.stringify(put.body));
  assert.deepEqual(put.body, { table: 'hosts', columns: [{ key: 'name', width: 240 }, { key: 'wwpns', width: null }, { key: 'storage', width: 120 }] });
  const zones = await alice.put(`${URL}zones/`, { columns: [{ key: 'notes', width: 300 }, { key: 'name', width: 90 }] });
  assert.equal(zones.status, 200, JSON.stringify(zones.body));

  // Replacing a table's document replaces it whole.
  const again = await alice.put(`${URL}hosts/`, { columns: [{ key: 'status', width: 80 }, { key: 'name', width: 200 }] });
  assert.equal(again.status, 200, JSON.stringify(again.body));
  assert.deepEqual((await alice.get(URL)).body, {
    tables: [
      { table: 'hosts', columns: [{ key: 'status', width: 80 }, { key: 'name', width: 200 }] },
      { table: 'zones', columns: [{ key: 'notes', width: 300 }, { key: 'name', width: 90 }] },
    ],
  });

  const reset = await alice.delete(`${URL}hosts/`);
  assert.equal(reset.status, 200, JSON.stringify(reset.body));
  assert.deepEqual((await alice.get(URL)).body, {
    tables: [{ table: 'zones', columns: [{ key: 'notes', width: 300 }, { key: 'name', width: 90 }] }],
  });

  // The seed's user-config body keeps its shape.
  const config = await alice.get('/api/core/user-config/');
  assert.equal(config.status, 200);
  assert.deepEqual(Object.keys(config.body).sort(), ['active_customer', 'active_project']);
});

test('one user never sees or changes another\'s columns', async () => {
  const alice = await newUser(stack, admin);
  const bob = await newUser(stack, admin);
  await alice.put(`${URL}fabrics/`, { columns: [{ key: 'name', width: 150 }, { key: 'vsan' }] });
  assert.deepEqual((await bob.get(URL)).body, { tables: [] });

  await bob.put(`${URL}fabrics/`, { columns: [{ key: 'notes', width: 500 }] });
  await bob.delete(`${URL}storage/`);
  assert.deepEqual((await alice.get(URL)).body, {
    tables: [{ table: 'fabrics', columns: [{ key: 'name', width: 150 }, { key: 'vsan', width: null }] }],
  });
  assert.deepEqual((await bob.get(URL)).body, {
    tables: [{ table: 'fabrics', columns: [{ key: 'notes', width: 500 }] }],
  });
  // Bob's reset of the table alice has too leaves hers.
  await bob.delete(`${URL}fabrics/`);
  assert.equal((await alice.get(URL)).body.tables.length, 1);
});

test('a bad document is a 400 naming each bad field, and nothing is written', async () => {
  const carol = await newUser(stack, admin);
  const stored = [{ key: 'name', width: 180 }];
  await carol.put(`${URL}volumes/`, { columns: stored });
  const before = (await carol.get(URL)).body;

  const cases = [
    [`${URL}volumez/`, { columns: stored }, ['table']],
    [`${URL}volumes/`, { columns: [] }, ['columns']],
    [`${URL}volumes/`, { columns: Array.from({ length: 41 }, (_, i) => ({ key: `c${i}` })) }, ['columns']],
    [`${URL}volumes/`, { columns: [{ key: 'name', width: 39 }, { key: 'Pool' }, { key: 'name' }, { key: '', width: 2001 }] },
      ['columns[0].width', 'columns[1].key', 'columns[2].key', 'columns[3].key', 'columns[3].width']],
    [`${URL}volumes/`, { columns: [{ key: 'x'.repeat(65) }] }, ['columns[0].key']],
  ];
  for (const [path, body, fields] of cases) {
    const res = await carol.put(path, body);
    assert.equal(res.status, 400, `${path} ${JSON.stringify(res.body)}`);
    assert.equal(typeof res.body.error, 'string');
    assert.deepEqual(Object.keys(res.body.errors), fields, JSON.stringify(res.body));
    assert.equal(res.body.error, res.body.errors[fields[0]]);
  }
  // A body that is not the document at all.
  const wrongType = await carol.put(`${URL}volumes/`, { columns: [{ key: 'name', width: 'wide' }] });
  assert.equal(wrongType.status, 400, JSON.stringify(wrongType.body));
  const unknownTable = await carol.delete(`${URL}nothing/`);
  assert.equal(unknownTable.status, 400, JSON.stringify(unknownTable.body));
  assert.deepEqual(Object.keys(unknownTable.body.errors), ['table']);

  assert.deepEqual((await carol.get(URL)).body, before);
});

test('without a sign-in the columns are a 401', async () => {
  const anonymous = new Client(stack.url);
  assert.equal((await anonymous.get(URL)).status, 401);
  assert.equal((await anonymous.put(`${URL}hosts/`, { columns: [{ key: 'name' }] })).status, 401);
  assert.equal((await anonymous.delete(`${URL}hosts/`)).status, 401);
});
