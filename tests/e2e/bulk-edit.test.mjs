// Browser tests of editing many rows of the aliases and zones tables at once, in a project of
// 1,000 aliases and 500 zones seeded through the API: rows selected by click, shift-click (a
// range in the table's order), Ctrl-click and "select all" of the filtered rows; a field set on
// all selected and saved through the versioned batch save (exactly those records move by one
// version); a member added to and removed from the selected zones; zones marked for delete; a
// spreadsheet range pasted (a real ClipboardEvent) with new rows and a skipped column; fill-down;
// undo of a paste (nothing saved); and a bulk edit meeting another user's save (merged, or asked
// per field). Every wait is on the page's state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  answerConflict, call, closeCleanly, filterRows, newUserPage, screenshot, setContext, signIn, useBrowserStack, waitForCell, waitForText,
} from './helpers.mjs';

const env = useBrowserStack();
const HOSTS = 900;
const TARGETS = 100;
const ZONES = 500;
const scale = {};
let seeding = null;

const hex = (n) => n.toString(16).padStart(2, '0');
const hostWwpn = (n) => `10:00:00:10:9b:03:${hex(n >> 8)}:${hex(n & 255)}`;
const targetWwpn = (n) => `50:05:07:68:10:03:${hex(n >> 8)}:${hex(n & 255)}`;
const host = (n) => `bh${String(n).padStart(4, '0')}_hba`;
const target = (n) => `bt${String(n).padStart(3, '0')}_port`;
const zoneName = (n) => `bz${String(n).padStart(3, '0')}`;

/** All records of a project's list, page after page. */
async function listEvery(path) {
  const out = [];
  for (let page = 1; ; page += 1) {
    const body = await call(env.fx.admin.get(`${path}?page=${page}&page_size=500`), 200, `GET ${path}`);
    if (Array.isArray(body)) return body;
    out.push(...body.results);
    if (!body.has_next) return out;
  }
}

const aliasesNow = async () => new Map((await listEvery(`/api/san/aliases/project/${scale.project.id}/`)).map((a) => [a.name, a]));
const zonesNow = async () => new Map((await listEvery(`/api/san/zones/project/${scale.project.id}/`)).map((z) => [z.name, z]));

/** Host n and target n are in fabric n % 2; zone n joins host n and targets n % 100 and (n + 2) % 100 of its fabric. */
async function seedProject() {
  const { admin, customer, fabric, fabricB } = env.fx;
  scale.fabrics = [fabric, fabricB];
  scale.project = await call(admin.post('/api/core/projects/', { name: 'Bulk edits', customer: customer.id, notes: '' }), 201, 'project');
  const aliases = [];
  for (let n = 0; n < HOSTS; n += 1) {
    aliases.push({ fabric: scale.fabrics[n % 2].id, name: host(n), wwpn: hostWwpn(n), use: 'init', cisco_alias: 'device-alias', notes: `host ${n}` });
  }
  for (let n = 0; n < TARGETS; n += 1) {
    aliases.push({ fabric: scale.fabrics[n % 2].id, name: target(n), wwpn: targetWwpn(n), use: 'target', cisco_alias: 'fcalias', notes: 'array' });
  }
  scale.aliases = [];
  for (let at = 0; at < aliases.length; at += 500) {
    const saved = await call(admin.post('/api/san/aliases/save/', { project_id: scale.project.id, aliases: aliases.slice(at, at + 500) }), 200, 'aliases');
    scale.aliases.push(...saved.aliases);
  }
  const byName = new Map(scale.aliases.map((a) => [a.name, a]));
  const zones = [];
  for (let n = 0; n < ZONES; n += 1) {
    const members = [host(n), target(n % TARGETS), target((n + 2) % TARGETS)];
    zones.push({ fabric: scale.fabrics[n % 2].id, name: zoneName(n), zone_type: 'standard', notes: '', members: members.map((m) => ({ alias: byName.get(m).id })) });
  }
  scale.zones = (await call(admin.post('/api/san/zones/save/', { project_id: scale.project.id, zones }), 200, 'zones')).zones;
  scale.aliasId = (name) => byName.get(name).id;
}

async function openPage(hash) {
  seeding ??= seedProject();
  await seeding;
  await setContext(env.fx.clients.alice, env.fx.customer.id, scale.project.id);
  const page = await newUserPage(env.browser);
  await signIn(page, env.stack.url, env.fx.people.alice, { hash });
  return page;
}

const rowOf = (page, entity, name) => page.locator(`[data-testid="${entity}-row"][data-name="${name}"]`);
const shownNames = (page, entity) => page.locator(`[data-testid="${entity}-row"]`).evaluateAll((rows) => rows.map((r) => r.dataset.name));
const selectedNames = (page, entity) => page.locator(`[data-testid="${entity}-row"][data-selected="true"]`)
  .evaluateAll((rows) => rows.map((r) => r.dataset.name).sort());

/** Filters the table by `text`, sorted by name, and waits for `count` rows. */
async function narrow(page, entity, plural, text, count) {
  if ((await page.getByRole('columnheader', { name: /Name/ }).getAttribute('aria-sort')) !== 'ascending') await page.getByTestId('sort-name').click();
  await filterRows(page, text);
  await waitForText(page.getByTestId('row-count'), `${count} of`);
}

/** Pastes `text` as a spreadsheet's clipboard would, on the focused element (a cell of the table). */
async function pasteOnFocused(page, text) {
  return page.evaluate((tsv) => {
    const data = new DataTransfer();
    data.setData('text/plain', tsv);
    const target = document.activeElement;
    target.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    return { tag: target.tagName, field: target.dataset.field ?? null };
  }, text);
}

/** Puts the table's focus on `field`'s cell of the row: opened by a click, closed by Escape, then a cell step. */
async function focusCell(page, row, field) {
  await row.getByTestId(`cell-${field}`).click();
  await page.locator('tr[data-editing="true"]').waitFor();
  await page.keyboard.press('Escape');
  await page.waitForFunction(() => document.activeElement?.dataset.testid?.endsWith('-row'));
  // From the row, Right then Left (Left then Right in the last column) lands on the cell it was closed on.
  const last = await row.getByTestId(`cell-${field}`).evaluate((td) => !td.nextElementSibling?.dataset.field);
  await page.keyboard.press(last ? 'ArrowLeft' : 'ArrowRight');
  await page.keyboard.press(last ? 'ArrowRight' : 'ArrowLeft');
  await page.waitForFunction((f) => document.activeElement?.dataset.field === f, field);
}

test('shift-click selects a range of the filtered rows, a field set on all of them saves exactly those records', async () => {
  const page = await openPage('#/aliases');
  await waitForText(page.getByTestId('row-count'), `${HOSTS + TARGETS} aliases`);
  // Only the rows in view are drawn, and the page stays small.
  assert.ok(await page.locator('[data-testid="alias-row"]').count() < 80);
  assert.ok(await page.evaluate(() => document.getElementsByTagName('*').length) < 3000);

  // "Select all" takes the rows the filter shows, and says how many; Escape clears.
  await narrow(page, 'alias', 'aliases', 'bh01', 100);
  assert.equal(await page.getByTestId('select-all').getAttribute('aria-label'), 'Select the 100 aliases the filters show');
  await page.getByTestId('select-all').click();
  await waitForText(page.getByTestId('selected-count'), '100 selected');
  assert.ok(await page.evaluate(() => document.getElementsByTagName('*').length) < 3000, 'selection lives in data, not in the DOM');
  await page.keyboard.press('Escape');
  await page.getByTestId('bulk-bar').waitFor({ state: 'detached' });

  await narrow(page, 'alias', 'aliases', 'bh010', 10);
  await rowOf(page, 'alias', host(101)).getByTestId('select-row').click();
  await rowOf(page, 'alias', host(105)).getByTestId('select-row').click({ modifiers: ['Shift'] });
  await waitForText(page.getByTestId('selected-count'), '5 selected');
  assert.deepEqual(await selectedNames(page, 'alias'), [101, 102, 103, 104, 105].map(host));
  // Ctrl-click on a row's cell adds it without opening it.
  await rowOf(page, 'alias', host(108)).getByTestId('cell-name').click({ modifiers: ['Control'] });
  await waitForText(page.getByTestId('selected-count'), '6 selected');
  assert.equal(await rowOf(page, 'alias', host(108)).getAttribute('data-editing'), 'false');

  // The selection survives sorting and another filter (the hidden ones are counted).
  await page.getByTestId('sort-name').click();
  await waitForText(page.locator('[data-testid="alias-row"]').first().getByTestId('cell-name'), host(109));
  assert.equal((await selectedNames(page, 'alias')).length, 6);
  await page.getByTestId('filter').fill('bh0101');
  await waitForText(page.getByTestId('selected-hidden'), '5 not shown by the filter');
  await page.getByTestId('filter').fill('bh010');
  await waitForText(page.getByTestId('row-count'), '10 of');

  await page.getByTestId('bulk-field').selectOption('notes');
  await page.getByTestId('bulk-value').fill('rack 7, row B');
  await page.getByTestId('bulk-apply').click();
  await waitForText(page.getByTestId('unsaved-count'), '6 unsaved aliases');
  await waitForText(page.getByTestId('bulk-notice-text'), 'Set Notes to "rack 7, row B" on 6 aliases.');
  await waitForCell(rowOf(page, 'alias', host(103)), 'notes', 'rack 7, row B');
  await screenshot(page, 'aliases-bulk-bar.png');

  // One row's bulk edit undone on its own.
  await rowOf(page, 'alias', host(108)).getByTestId('revert-row').click();
  await waitForText(page.getByTestId('unsaved-count'), '5 unsaved aliases');

  const before = await aliasesNow();
  await page.getByTestId('save').click();
  await waitForText(page.getByTestId('page-message'), 'Saved 5 aliases');
  const after = await aliasesNow();
  const changed = [101, 102, 103, 104, 105].map(host);
  for (const [name, alias] of after) {
    const was = before.get(name);
    if (changed.includes(name)) {
      assert.deepEqual([alias.version, alias.notes, alias.last_modified_by], [was.version + 1, 'rack 7, row B', 'alice'], name);
    } else {
      assert.equal(alias.version, was.version, `${name} did not move`);
    }
  }
  assert.equal(after.size, HOSTS + TARGETS);
  await closeCleanly(page);
});

test('a member added to the selected zones and another removed; zones marked for delete go on save', async () => {
  const page = await openPage('#/zones');
  await waitForText(page.getByTestId('row-count'), `${ZONES} zones`);
  await narrow(page, 'zone', 'zones', 'bz00', 10);
  await rowOf(page, 'zone', zoneName(0)).getByTestId('select-row').click();
  await rowOf(page, 'zone', zoneName(2)).getByTestId('select-row').click({ modifiers: ['Control'] });
  await rowOf(page, 'zone', zoneName(4)).getByTestId('cell-notes').click({ modifiers: ['Control'] });
  await rowOf(page, 'zone', zoneName(5)).getByTestId('select-row').click();
  await waitForText(page.getByTestId('selected-count'), '4 selected');

  // bh0600 (fabric A, in no zone) goes into the three fabric-A zones; bz005 is in fabric B.
  const add = page.getByTestId('bulk-add-picker');
  await add.getByTestId('bulk-member-add').click();
  await add.getByTestId('member-search').fill('bh0600');
  await waitForText(add.getByTestId('member-found'), '1 found');
  await screenshot(page, 'zones-bulk-add-member.png');
  await add.getByTestId('member-search').press('Enter');
  await waitForText(page.getByTestId('bulk-notice-text'), 'Added bh0600_hba to 3 zones. 1 in another fabric left alone.');
  await add.getByTestId('member-search').press('Escape');
  // bt002 is in bz000 and bz002 (and not in bz004, bz005).
  const remove = page.getByTestId('bulk-remove-picker');
  await remove.getByTestId('bulk-member-remove').click();
  await remove.getByTestId('member-search').fill('bt002');
  await remove.locator('[data-testid="member-option"]', { hasText: target(2) }).click();
  await waitForText(page.getByTestId('bulk-notice-text'), `Removed ${target(2)} from 2 zones. 2 did not hold it.`);
  await remove.getByTestId('member-done').click();
  await waitForText(page.getByTestId('unsaved-count'), '3 unsaved zones');
  await waitForText(rowOf(page, 'zone', zoneName(4)).getByTestId('cell-members'), 'bh0600_hba');

  const before = await zonesNow();
  await page.getByTestId('save').click();
  await waitForText(page.getByTestId('page-message'), 'Saved 3 zones');
  let after = await zonesNow();
  const membersOf = (name) => after.get(name).members.map((m) => m.alias).sort((a, b) => a - b);
  const ids = (...names) => names.map(scale.aliasId).sort((a, b) => a - b);
  assert.deepEqual(membersOf(zoneName(0)), ids(host(0), target(0), host(600)));
  assert.deepEqual(membersOf(zoneName(2)), ids(host(2), target(4), host(600)));
  assert.deepEqual(membersOf(zoneName(4)), ids(host(4), target(4), target(6), host(600)));
  for (const [name, zone] of after) {
    const moved = [0, 2, 4].map(zoneName).includes(name);
    assert.equal(zone.version, before.get(name).version + (moved ? 1 : 0), name);
  }

  // Escape clears the selection; two zones marked for delete are deleted by the save.
  await page.keyboard.press('Escape');
  await page.getByTestId('bulk-bar').waitFor({ state: 'detached' });
  await rowOf(page, 'zone', zoneName(7)).getByTestId('select-row').click();
  await rowOf(page, 'zone', zoneName(9)).getByTestId('select-row').click();
  await page.getByTestId('bulk-delete').click();
  await waitForText(page.getByTestId('unsaved-count'), '2 unsaved zones');
  assert.match(await rowOf(page, 'zone', zoneName(9)).getAttribute('class'), /deleted/);
  await page.getByTestId('save').click();
  await waitForText(page.getByTestId('page-message'), 'Deleted 2');
  await waitForText(page.getByTestId('row-count'), `8 of ${ZONES - 2} zones`);
  after = await zonesNow();
  assert.equal(after.size, ZONES - 2);
  assert.ok(!after.has(zoneName(7)) && !after.has(zoneName(9)));
  assert.equal(await page.getByTestId('bulk-bar').count(), 0, 'deleted rows leave the selection');
  await closeCleanly(page);
});

test('a spreadsheet range pasted on a cell fills rows down the table order, adds new rows and skips what is not editable', async () => {
  const page = await openPage('#/aliases');
  await narrow(page, 'alias', 'aliases', 'bh020', 10);
  const row208 = rowOf(page, 'alias', host(208));
  await focusCell(page, row208, 'fabric');
  // Fabric, name, WWPNs, use, Cisco alias, create, delete, zoning, notes, and one more cell that lands on Version.
  const tsv = [
    ['FAB_A', host(208), hostWwpn(208), 'both', 'fcalias', 'yes', 'no', 'yes', 'pasted one', '99'],
    ['FAB_B', host(209), `${hostWwpn(209)} 10:00:00:10:9b:03:ff:09`, 'target', 'fcalias', 'no', 'no', 'yes', 'pasted two'],
    ['FAB_A', 'bulk_new1', '10:00:00:10:9b:ee:00:01', 'init', 'device-alias', 'yes', 'no', 'yes', 'new one'],
    ['FAB_B', 'bulk_new2', '10:00:00:10:9b:ee:00:02', '', 'wwpn', 'no', 'no', 'no', 'new two'],
  ].map((line) => line.join('\t')).join('\r\n') + '\r\n';
  assert.deepEqual(await pasteOnFocused(page, tsv), { tag: 'TD', field: 'fabric' });
  await waitForText(page.getByTestId('bulk-notice-text'), 'Pasted 36 cells into 2 aliases and added 2 new aliases. Skipped 1 cell of Version (not editable).');
  await waitForText(page.getByTestId('unsaved-count'), '4 unsaved aliases');
  // New rows show on top, in the order pasted.
  assert.deepEqual((await shownNames(page, 'alias')).slice(0, 2), ['bulk_new1', 'bulk_new2']);
  await waitForCell(row208, 'use', 'both');

  const before = await aliasesNow();
  await page.keyboard.press('Control+s');
  await waitForText(page.getByTestId('page-message'), 'Saved 4 aliases');
  const after = await aliasesNow();
  const a208 = after.get(host(208));
  assert.deepEqual([a208.version, a208.use, a208.cisco_alias, a208.create, a208.include_in_zoning, a208.notes],
    [before.get(host(208)).version + 1, 'both', 'fcalias', true, true, 'pasted one']);
  const a209 = after.get(host(209));
  assert.deepEqual([a209.version, a209.use, a209.wwpns, a209.notes],
    [before.get(host(209)).version + 1, 'target', [hostWwpn(209), '10:00:00:10:9b:03:ff:09'], 'pasted two']);
  const n1 = after.get('bulk_new1');
  const n2 = after.get('bulk_new2');
  assert.deepEqual([n1.fabric, n1.wwpns, n1.use, n1.create, n1.notes], [env.fx.fabric.id, ['10:00:00:10:9b:ee:00:01'], 'init', true, 'new one']);
  assert.deepEqual([n2.fabric, n2.use, n2.cisco_alias, n2.notes], [env.fx.fabricB.id, null, 'wwpn', 'new two']);
  assert.equal(after.get(host(207)).version, before.get(host(207)).version);
  await closeCleanly(page);
});

test('zones take pasted members as ;-separated alias names, and a bad one is marked on its cell', async () => {
  const page = await openPage('#/zones');
  await narrow(page, 'zone', 'zones', 'bz01', 10);
  const row18 = rowOf(page, 'zone', zoneName(18));
  await focusCell(page, row18, 'members');
  await pasteOnFocused(page, `${host(618)};${target(4)}:target\n${host(619)};nobody_here\n`);
  await waitForText(page.getByTestId('bulk-notice-text'), '1 value could not be used: marked on its cell.');
  const row19 = rowOf(page, 'zone', zoneName(19));
  await waitForText(row19.getByTestId('cell-members').getByTestId('field-error'), 'No alias "nobody_here" in FAB_B.');
  assert.equal(await row19.getByTestId('cell-members').getAttribute('data-invalid'), 'true');
  // A marked value is never dropped silently: the save refuses until it is corrected or undone.
  await page.getByTestId('save').click();
  await waitForText(page.getByTestId('page-error'), '1 pasted value could not be used');
  await focusCell(page, row19, 'members');
  await pasteOnFocused(page, `${host(619)};${target(1)}`);
  await waitForText(page.getByTestId('bulk-notice-text'), 'Pasted 1 cell into 1 zone.');
  await page.getByTestId('save').click();
  await waitForText(page.getByTestId('page-message'), 'Saved 2 zones');
  const after = await zonesNow();
  const byAlias = (members) => [...members].map((m) => ({ alias: m.alias, role: m.role ?? null })).sort((a, b) => a.alias - b.alias);
  assert.deepEqual(byAlias(after.get(zoneName(18)).members),
    byAlias([{ alias: scale.aliasId(host(618)), role: null }, { alias: scale.aliasId(target(4)), role: 'target' }]));
  assert.deepEqual(byAlias(after.get(zoneName(19)).members).map((m) => m.alias), [host(619), target(1)].map(scale.aliasId).sort((a, b) => a - b));
  await closeCleanly(page);
});

test('Ctrl+D fills the focused column down the selected rows', async () => {
  const page = await openPage('#/aliases');
  await narrow(page, 'alias', 'aliases', 'bh030', 10);
  await rowOf(page, 'alias', host(300)).getByTestId('select-row').click();
  await rowOf(page, 'alias', host(303)).getByTestId('select-row').click({ modifiers: ['Shift'] });
  await waitForText(page.getByTestId('selected-count'), '4 selected');
  const first = rowOf(page, 'alias', host(300));
  await first.getByTestId('cell-notes').click();
  await first.getByTestId('field-notes').fill('blade chassis 3');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+d');
  await waitForText(page.getByTestId('bulk-notice-text'), `Filled Notes down from ${host(300)} into 3 aliases.`);
  for (const n of [301, 302, 303]) await waitForCell(rowOf(page, 'alias', host(n)), 'notes', 'blade chassis 3');
  assert.equal(await cellText(rowOf(page, 'alias', host(304)), 'notes'), 'host 304');
  await page.getByTestId('save').click();
  await waitForText(page.getByTestId('page-message'), 'Saved 4 aliases');
  const after = await aliasesNow();
  assert.deepEqual([300, 301, 302, 303, 304].map((n) => after.get(host(n)).notes),
    ['blade chassis 3', 'blade chassis 3', 'blade chassis 3', 'blade chassis 3', 'host 304']);
  await closeCleanly(page);
});

const cellText = async (row, field) => ((await row.getByTestId(`cell-${field}`).textContent()) ?? '').trim();

test('undo of a paste puts the values back and removes the rows it added; nothing is saved', async () => {
  const page = await openPage('#/aliases');
  await narrow(page, 'alias', 'aliases', 'bh040', 10);
  const row408 = rowOf(page, 'alias', host(408));
  const row409 = rowOf(page, 'alias', host(409));
  const before = await aliasesNow();

  // Ctrl+Z outside a text field undoes the paste.
  await focusCell(page, row408, 'notes');
  await pasteOnFocused(page, 'one\ntwo\nthree\n');
  await waitForText(page.getByTestId('unsaved-count'), '3 unsaved aliases');
  await waitForCell(row409, 'notes', 'two');
  await page.keyboard.press('Control+z');
  await waitForText(page.getByTestId('bulk-notice-text'), 'Undone: Pasted 3 cells');
  assert.equal(await page.getByTestId('unsaved-count').count(), 0);
  assert.equal(await cellText(row408, 'notes'), 'host 408');
  assert.equal(await cellText(row409, 'notes'), 'host 409');
  await waitForText(page.getByTestId('row-count'), /^10 of \d+ aliases$/);

  // The notice's Undo does the same, also for a value that could not be used.
  await focusCell(page, row409, 'use');
  await pasteOnFocused(page, 'nonsense\tfcalias\ntarget');
  await waitForText(page.getByTestId('unsaved-count'), '2 unsaved aliases');
  await waitForText(row409.getByTestId('cell-use').getByTestId('field-error'), '"nonsense" is not a use here');
  await page.getByTestId('bulk-undo').click();
  await waitForText(page.getByTestId('bulk-notice-text'), 'Undone:');
  assert.equal(await page.getByTestId('unsaved-count').count(), 0);
  assert.equal(await row409.getByTestId('cell-use').getByTestId('field-error').count(), 0);
  assert.equal(await cellText(row409, 'use'), 'init');
  assert.equal(await page.getByTestId('save').isDisabled(), true);

  // Typing a paste into a text field stays a text paste.
  await page.getByTestId('filter').focus();
  await pasteOnFocused(page, 'a\tb');
  assert.equal(await page.getByTestId('unsaved-count').count(), 0);
  const after = await aliasesNow();
  for (const [name, alias] of after) assert.equal(alias.version, before.get(name).version, name);
  await closeCleanly(page);
});

test("a bulk edit of a row another user saved meanwhile merges, and asks for the field both changed", async () => {
  const page = await openPage('#/aliases');
  await narrow(page, 'alias', 'aliases', 'bh050', 10);
  await rowOf(page, 'alias', host(500)).getByTestId('select-row').click();
  await rowOf(page, 'alias', host(503)).getByTestId('select-row').click({ modifiers: ['Shift'] });
  await waitForText(page.getByTestId('selected-count'), '4 selected');
  // A selected row bob saves meanwhile takes his record live and stays selected.
  const early = (await aliasesNow()).get(host(503));
  await call(env.fx.clients.bob.post('/api/san/aliases/save/', {
    project_id: scale.project.id, aliases: [{ id: early.id, base_version: early.version, notes: 'bob: live' }],
  }), 200, 'bob saves a selected row');
  await waitForCell(rowOf(page, 'alias', host(503)), 'notes', 'bob: live');
  assert.equal(await rowOf(page, 'alias', host(503)).getAttribute('data-selected'), 'true');
  await waitForText(page.getByTestId('selected-count'), '4 selected');
  await page.getByTestId('bulk-field').selectOption('use');
  await page.getByTestId('bulk-value').selectOption('both');
  await page.getByTestId('bulk-apply').click();
  await waitForText(page.getByTestId('unsaved-count'), '4 unsaved aliases');

  // Bob saves the notes of bh0500 (another field): alice's save merges.
  const loaded = await aliasesNow();
  const a500 = loaded.get(host(500));
  await call(env.fx.clients.bob.post('/api/san/aliases/save/', {
    project_id: scale.project.id, aliases: [{ id: a500.id, base_version: a500.version, notes: 'bob: moved' }],
  }), 200, 'bob saves');
  await waitForText(page.locator(`[data-testid="row-note"][data-id="${a500.id}"]`), 'bob saved a newer version');
  await page.getByTestId('save').click();
  await waitForText(page.getByTestId('page-message'), "Saved 4 aliases, merged with others' changes to 1 alias");
  let now = await aliasesNow();
  assert.deepEqual([now.get(host(500)).version, now.get(host(500)).use, now.get(host(500)).notes], [a500.version + 2, 'both', 'bob: moved']);
  for (const n of [501, 502, 503]) assert.equal(now.get(host(n)).version, loaded.get(host(n)).version + 1);

  // Bob changes the notes of bh0501 while alice's bulk notes wait: the dialog asks; alice keeps hers.
  await page.getByTestId('bulk-field').selectOption('notes');
  await page.getByTestId('bulk-value').fill('alice: decommission');
  await page.getByTestId('bulk-apply').click();
  await waitForText(page.getByTestId('unsaved-count'), '4 unsaved aliases');
  const a501 = now.get(host(501));
  await call(env.fx.clients.bob.post('/api/san/aliases/save/', {
    project_id: scale.project.id, aliases: [{ id: a501.id, base_version: a501.version, notes: 'bob: keep it' }],
  }), 200, 'bob saves again');
  await page.getByTestId('save').click();
  const dialog = page.getByTestId('conflict-dialog');
  await dialog.waitFor();
  assert.equal(await dialog.getByTestId('field-conflict').count(), 1);
  assert.equal(await dialog.getByTestId('field-theirs').textContent(), 'bob: keep it');
  assert.equal(await dialog.getByTestId('field-mine').textContent(), 'alice: decommission');
  now = await aliasesNow();
  assert.equal(now.get(host(502)).notes, 'host 502', 'nothing saved while the dialog asks');
  await answerConflict(dialog, 'conflict-keep-mine');
  await waitForText(page.getByTestId('page-message'), 'Saved 4 aliases');
  now = await aliasesNow();
  for (const n of [500, 501, 502, 503]) assert.equal(now.get(host(n)).notes, 'alice: decommission', host(n));
  assert.equal(now.get(host(501)).version, a501.version + 2);
  await closeCleanly(page);
});
