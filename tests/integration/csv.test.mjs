// CSV in and out of the aliases, zones and hosts tables, the way an engineer uses it: export what
// the list shows (its search and order, every page), edit the text, import it back. alice works
// for customer A; carol for customer B must reach none of it.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startStack } from './stack.mjs';
import { adminClient, customersAandB, newProject, ok, unique } from './fixtures.mjs';
import { parseCsv, toCsv } from './csv.mjs';

const ALIAS_HEADER = ['fabric', 'name', 'wwpns', 'use', 'cisco_alias', 'create', 'delete',
  'include_in_zoning', 'logged_in', 'host', 'storage', 'notes', 'version'];
const ZONE_HEADER = ['fabric', 'name', 'zone_type', 'members', 'create', 'delete', 'exists',
  'in_zoneset', 'notes', 'version'];
const HOST_HEADER = ['id', 'name', 'customer', 'storage', 'host_type', 'wwpns', 'status', 'notes',
  'version'];
const TRICKY_NOTES = 'rack 4, row "B"\nsecond line';

let stack;
let alice, carol, customerA;
let project;
let fabric;

let wwpnSequence = 0;
/** A fresh WWPN in canonical form. */
function nextWwpn() {
  wwpnSequence += 1;
  const hex = wwpnSequence.toString(16).padStart(6, '0');
  return `50:05:07:68:20:${hex.slice(0, 2)}:${hex.slice(2, 4)}:${hex.slice(4, 6)}`;
}

/** Every record of a project's list (as many pages as it takes), for `query`. */
async function listAll(kind, query) {
  const records = [];
  for (let page = 1; ; page += 1) {
    const body = await ok(alice.get(`/api/san/${kind}/project/${project.id}/?${query}&page=${page}&page_size=500`));
    records.push(...body.results);
    if (!body.has_next) return records;
  }
}

/** The CSV download of a list, checked as a download, parsed. */
async function exportCsv(path, filename, client = alice) {
  const res = await client.get(path);
  assert.equal(res.status, 200, res.text);
  assert.equal(res.headers.get('content-type'), 'text/csv; charset=utf-8');
  assert.equal(res.headers.get('content-disposition'), `attachment; filename="${filename}"`);
  return { text: res.text, rows: parseCsv(res.text) };
}

const importCsv = (kind, csv, { dryRun = false, client = alice, projectId = project.id } = {}) =>
  client.post(`/api/san/${kind}/import/`, { project_id: projectId, csv, ...(dryRun ? { dry_run: true } : {}) });

before(async () => {
  stack = await startStack();
  const admin = await adminClient(stack);
  ({ customerA, alice, carol } = await customersAandB(stack, admin, 'CSV'));
  project = await newProject(alice, customerA.id);
  fabric = await ok(alice.post('/api/san/fabrics/', {
    customer: customerA.id, name: 'CsvFab', zoneset_name: 'cfg_csv', san_vendor: 'BR',
  }), 201);
});

after(async () => {
  await stack?.stop();
});

test('aliases export: every page of the search, in the list order, under the fixed header', async () => {
  // More than one page of the download (500), among aliases the search leaves out.
  const tag = unique('bulk').replace('-', '');
  const items = [];
  for (let i = 0; i < 520; i += 1) {
    items.push({ fabric: fabric.id, name: `${tag}_${String(i).padStart(3, '0')}`, wwpn: nextWwpn(), use: 'init' });
  }
  items.push({ fabric: fabric.id, name: unique('other').replace('-', '_'), wwpn: nextWwpn() });
  await ok(alice.post('/api/san/aliases/save/', { project_id: project.id, aliases: items }));

  const query = `search=${tag}&ordering=-name`;
  const listed = await listAll('aliases', query);
  assert.equal(listed.length, 520);
  const { rows } = await exportCsv(`/api/san/aliases/project/${project.id}/?${query}&format=csv`, 'aliases.csv');
  assert.deepEqual(rows[0], ALIAS_HEADER);
  assert.deepEqual(rows.slice(1).map((row) => row[1]), listed.map((alias) => alias.name));
  const first = listed[0];
  assert.deepEqual(rows[1], ['CsvFab', first.name, first.wwpns.join(';'), 'init', first.cisco_alias,
    'false', 'false', 'false', 'false', '', '', '', String(first.version)]);
  // page and page_size of the query do not cut the download short.
  const paged = await exportCsv(`/api/san/aliases/project/${project.id}/?${query}&page=2&page_size=5&format=csv`, 'aliases.csv');
  assert.equal(paged.rows.length, 521);
});

test('notes with a comma, quotes and a line break are quoted and come back unchanged', async () => {
  const name = unique('notes').replace('-', '_');
  const [saved] = (await ok(alice.post('/api/san/aliases/save/', {
    project_id: project.id,
    aliases: [{ fabric: fabric.id, name, wwpns: [nextWwpn(), nextWwpn()], notes: TRICKY_NOTES }],
  }))).aliases;
  const { text, rows } = await exportCsv(`/api/san/aliases/project/${project.id}/?search=${name}&format=csv`, 'aliases.csv');
  assert.ok(text.includes('"rack 4, row ""B""\nsecond line"'), text);
  assert.ok(text.endsWith('\r\n'));
  assert.equal(rows[1][11], TRICKY_NOTES);
  assert.equal(rows[1][2], saved.wwpns.join(';'));

  const result = await ok(importCsv('aliases', text));
  assert.deepEqual([result.created, result.updated, result.unchanged], [0, 0, 1]);
  const [after] = await listAll('aliases', `search=${name}`);
  assert.equal(after.notes, TRICKY_NOTES);
  assert.equal(after.version, saved.version);
});

test('export then import: everything unchanged, no version moves', async () => {
  const aliases = await listAll('aliases', 'ordering=name');
  const alias = aliases[0];
  const member = aliases[1];
  await ok(alice.post('/api/san/zones/save/', {
    project_id: project.id,
    zones: [{
      fabric: fabric.id, name: unique('zone').replace('-', '_'), notes: 'a, b',
      members: [{ alias: alias.id }, { alias: member.id, role: 'target' }],
    }],
  }));
  const zonesBefore = await listAll('zones', 'ordering=name');

  const aliasCsv = await exportCsv(`/api/san/aliases/project/${project.id}/?format=csv`, 'aliases.csv');
  const zoneCsv = await exportCsv(`/api/san/zones/project/${project.id}/?ordering=name&format=csv`, 'zones.csv');
  assert.deepEqual(zoneCsv.rows[0], ZONE_HEADER);
  const zoneRow = zoneCsv.rows.find((row) => row[1] === zonesBefore[0].name);
  assert.equal(zoneRow[3], [alias.name, `${member.name}:target`].sort().join(';'));

  const aliasResult = await ok(importCsv('aliases', aliasCsv.text));
  assert.deepEqual([aliasResult.created, aliasResult.updated, aliasResult.unchanged],
    [0, 0, aliasCsv.rows.length - 1]);
  const zoneResult = await ok(importCsv('zones', zoneCsv.text));
  assert.deepEqual([zoneResult.created, zoneResult.updated, zoneResult.unchanged],
    [0, 0, zoneCsv.rows.length - 1]);

  assert.deepEqual((await listAll('aliases', 'ordering=name')).map((a) => [a.id, a.version]),
    aliases.map((a) => [a.id, a.version]));
  assert.deepEqual(await listAll('zones', 'ordering=name'), zonesBefore);
});

test('bad lines: each listed by its line number, nothing written', async () => {
  const aliasesBefore = await listAll('aliases', 'ordering=id');
  const zonesBefore = await listAll('zones', 'ordering=id');
  const [existing] = aliasesBefore;
  const goodName = unique('good').replace('-', '_');
  const csv = toCsv([
    ALIAS_HEADER,
    ['CsvFab', goodName, nextWwpn(), 'init', '', 'true', 'false', 'true', 'false', '', '', 'fine', ''],
    ['CsvFab', 'bad_wwpn', '50:05:07:68:zz', '', '', '', '', '', '', '', '', '', ''],
    ['CsvFab', existing.name, existing.wwpns.join(';'), '', '', '', '', '', '', '', '', 'changed', String(existing.version)],
    ['NoSuchFabric', 'lost', nextWwpn(), '', '', 'maybe', '', '', '', '', '', '', ''],
  ]);
  const res = await importCsv('aliases', csv);
  assert.equal(res.status, 400, JSON.stringify(res.body));
  assert.equal(res.body.error, 'Some lines could not be imported; nothing was saved.');
  assert.deepEqual(res.body.details.map((d) => [d.line, d.alias, Object.keys(d.errors).sort()]),
    [[3, 'bad_wwpn', ['wwpns']], [5, 'lost', ['create', 'fabric']]]);
  assert.equal(res.body.details[1].errors.fabric, "Fabric 'NoSuchFabric' does not exist.");
  // The dry run finds the same; neither wrote anything.
  assert.deepEqual((await importCsv('aliases', csv, { dryRun: true })).body, res.body);
  assert.deepEqual(await listAll('aliases', 'ordering=id'), aliasesBefore);

  const zoneCsv = toCsv([
    ['fabric', 'name', 'members', 'zone_type'],
    ['CsvFab', unique('z').replace('-', '_'), existing.name, 'standard'],
    ['CsvFab', 'z_unknown', `${existing.name};ghost_alias`, 'standard'],
    ['CsvFab', 'z_type', existing.name, 'fancy'],
  ]);
  const zones = await importCsv('zones', zoneCsv);
  assert.equal(zones.status, 400, JSON.stringify(zones.body));
  assert.deepEqual(zones.body.details.map((d) => [d.line, d.zone, Object.keys(d.errors)]),
    [[3, 'z_unknown', ['members']], [4, 'z_type', ['zone_type']]]);
  assert.equal(zones.body.details[0].errors.members, "No alias named ghost_alias in fabric 'CsvFab'.");
  assert.deepEqual(await listAll('zones', 'ordering=id'), zonesBefore);

  // A text that is not CSV, or names an unknown column, is refused as a whole.
  const broken = await importCsv('aliases', 'fabric,name\nCsvFab,"open');
  assert.equal(broken.status, 400);
  assert.equal(broken.body.error, 'Not valid CSV. Line 2: a quoted field is never closed.');
  const unknownColumn = await importCsv('aliases', 'fabric,name,colour\r\nCsvFab,x,red\r\n');
  assert.equal(unknownColumn.status, 400);
  assert.match(unknownColumn.body.error, /^Line 1: unknown column 'colour'/);
});

test('a good import creates and updates (dry run first), and the list shows it', async () => {
  const [existing] = await listAll('aliases', 'ordering=id');
  const newName = unique('new').replace('-', '_');
  const newWwpn = nextWwpn();
  const csv = toCsv([
    ALIAS_HEADER,
    ['CsvFab', newName, newWwpn, 'target', 'device-alias', 'true', 'false', 'true', 'false', '', '', 'from CSV', ''],
    ['CsvFab', existing.name, existing.wwpns.join(';'), 'both', existing.cisco_alias, 'false', 'false',
      'true', 'false', '', '', 'updated by CSV', String(existing.version)],
  ]);
  const preview = await ok(importCsv('aliases', csv, { dryRun: true }));
  assert.deepEqual([preview.created, preview.updated, preview.unchanged, preview.dry_run], [1, 1, 0, true]);
  const byQuery = await ok(alice.post('/api/san/aliases/import/?dry_run=1', { project_id: project.id, csv }));
  assert.deepEqual(byQuery, preview);
  assert.equal((await listAll('aliases', `search=${newName}`)).length, 0, 'the dry runs wrote nothing');

  const applied = await ok(importCsv('aliases', csv));
  assert.deepEqual([applied.created, applied.updated, applied.unchanged, applied.dry_run], [1, 1, 0, false]);
  const [created] = await listAll('aliases', `search=${newName}`);
  assert.deepEqual([created.wwpn, created.use, created.create, created.include_in_zoning, created.notes],
    [newWwpn, 'target', true, true, 'from CSV']);
  const updated = (await listAll('aliases', 'ordering=id')).find((a) => a.id === existing.id);
  assert.deepEqual([updated.use, updated.notes, updated.version], ['both', 'updated by CSV', existing.version + 1]);

  // The same text again: the created alias exists now, and its line carries no version; the
  // updated line is stale. A conflict, naming both lines; nothing written.
  const again = await importCsv('aliases', csv);
  assert.equal(again.status, 409, JSON.stringify(again.body));
  assert.deepEqual(again.body.details.map((d) => [d.line, d.alias]), [[2, newName], [3, existing.name]]);
  assert.match(again.body.details[0].errors.version, /version is required/);
  assert.equal(again.body.details[1].errors.current_version, existing.version + 1);

  // A zone made from the CSV, its members by name with a role.
  const zoneName = unique('zone').replace('-', '_');
  const zoneResult = await ok(importCsv('zones', toCsv([
    ['fabric', 'name', 'zone_type', 'members'],
    ['CsvFab', zoneName, 'standard', `${newName};${existing.name}:init`],
  ])));
  assert.deepEqual([zoneResult.created, zoneResult.updated, zoneResult.unchanged], [1, 0, 0]);
  const [zone] = await listAll('zones', `search=${zoneName}`);
  assert.deepEqual(new Set(zone.members.map((m) => `${m.alias}:${m.role}`)),
    new Set([`${created.id}:null`, `${existing.id}:init`]));
});

test('hosts export: the storage filter and search, every page, as CSV', async () => {
  const system = await ok(alice.post('/api/storage/', {
    customer: customerA.id, name: unique('FS'), storage_type: 'FlashSystem',
  }), 201);
  await ok(alice.post(`/api/storage/${system.id}/import/`, {
    hosts: [
      { name: 'esx-b', wwpns: ['10000090FAB00002'], notes: 'two, "quoted"' },
      { name: 'esx-a', wwpns: ['10000090FAA00001', '10000090FAA00011'] },
      { name: 'db-1', wwpns: ['10000090FAD00001'] },
    ],
    volumes: [],
  }));
  const query = `storage_id=${system.id}&search=esx&ordering=-name`;
  const listed = (await ok(alice.get(`/api/storage/hosts/?${query}`))).results;
  assert.deepEqual(listed.map((h) => h.name), ['esx-b', 'esx-a']);
  const { rows } = await exportCsv(`/api/storage/hosts/?${query}&format=csv`, 'hosts.csv');
  assert.deepEqual(rows, [HOST_HEADER, ...listed.map((h) => [String(h.id), h.name, String(customerA.id),
    String(system.id), h.host_type ?? '', h.wwpns.join(';'), h.status ?? '', h.notes, String(h.version)])]);
  // Another customer's storage system does not exist for carol; her own customer's hosts: none.
  assert.equal((await carol.get(`/api/storage/hosts/?storage_id=${system.id}&format=csv`)).status, 404);
  const carolsView = await exportCsv('/api/storage/hosts/?format=csv', 'hosts.csv', carol);
  assert.deepEqual(carolsView.rows, [HOST_HEADER]);
});

test("another customer's user: 404 for the export and the import, nothing written", async () => {
  const before = await listAll('aliases', 'ordering=id');
  assert.equal((await carol.get(`/api/san/aliases/project/${project.id}/?format=csv`)).status, 404);
  assert.equal((await carol.get(`/api/san/zones/project/${project.id}/?format=csv`)).status, 404);
  const csv = toCsv([['fabric', 'name', 'wwpns'], ['CsvFab', 'carols', nextWwpn()]]);
  assert.equal((await importCsv('aliases', csv, { client: carol })).status, 404);
  assert.equal((await importCsv('zones', toCsv([['fabric', 'name'], ['CsvFab', 'z']]), { client: carol })).status, 404);
  assert.deepEqual(await listAll('aliases', 'ordering=id'), before);
  const badFormat = await alice.get(`/api/san/aliases/project/${project.id}/?format=xml`);
  assert.equal(badFormat.status, 400);
  assert.ok(badFormat.body.errors.format);
});
