// Browser tests of the aliases and zones tables with a few hundred rows: only the rows in view are
// in the DOM; sorting, per-column and global filters (WWPNs in any separator form, members, fabric
// names) find the right rows; a row edited in place is saved through the versioned bulk save; the
// member picker finds an alias by WWPN; unsaved rows survive a reload and an ended session and are
// offered back, and leaving with unsaved rows asks first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  call, cellValue, closeCleanly, filterRows, listAll, newUserPage, screenshot, setContext, signIn, signInAgain, useBrowserStack, waitForCell, waitForText,
} from './helpers.mjs';

const env = useBrowserStack();
const HOSTS = 260; // per fabric there are HOSTS / 2 host ports and TARGETS / 2 array ports
const TARGETS = 40;
const ZONES = 200;
const scale = {};
let seeding = null;

const hex = (n) => n.toString(16).padStart(2, '0');
const hostWwpn = (n) => `10:00:00:10:9b:01:${hex(n >> 8)}:${hex(n & 255)}`;
const targetWwpn = (n) => `50:05:07:68:10:02:${hex(n >> 8)}:${hex(n & 255)}`;
const pad = (n) => String(n).padStart(3, '0');

/** A project of its own with the aliases and zones above, made once for the file's tests. */
async function seedScaleProject() {
  const { admin, customer, fabric, fabricB } = env.fx;
  scale.project = await call(admin.post('/api/core/projects/', { name: 'Scale test', customer: customer.id, notes: '' }), 201, 'project');
  const fabrics = [fabric, fabricB];
  const aliases = [];
  for (let n = 0; n < HOSTS; n += 1) {
    aliases.push({ fabric: fabrics[n % 2].id, name: `h${pad(n)}_hba`, wwpn: hostWwpn(n), use: 'init', cisco_alias: 'device-alias', notes: `host ${n}` });
  }
  for (let n = 0; n < TARGETS; n += 1) {
    aliases.push({ fabric: fabrics[n % 2].id, name: `t${pad(n)}_port`, wwpn: targetWwpn(n), use: 'target', cisco_alias: 'fcalias', notes: 'array' });
  }
  const saved = await call(admin.post('/api/san/aliases/save/', { project_id: scale.project.id, aliases }), 200, 'aliases');
  scale.aliases = saved.aliases;
  const byName = new Map(saved.aliases.map((a) => [a.name, a]));
  // Zone n joins host n and the targets n % TARGETS and (n + 2) % TARGETS, all of fabric n % 2;
  // hosts ZONES.. HOSTS-1 are in no zone.
  const zones = [];
  for (let n = 0; n < ZONES; n += 1) {
    const members = [`h${pad(n)}_hba`, `t${pad(n % TARGETS)}_port`, `t${pad((n + 2) % TARGETS)}_port`];
    zones.push({ fabric: fabrics[n % 2].id, name: `z${pad(n)}`, zone_type: 'standard', notes: '', members: members.map((m) => ({ alias: byName.get(m).id })) });
  }
  scale.zones = (await call(admin.post('/api/san/zones/save/', { project_id: scale.project.id, zones }), 200, 'zones')).zones;
}

async function openPage(hash) {
  seeding ??= seedScaleProject();
  await seeding;
  await setContext(env.fx.clients.alice, env.fx.customer.id, scale.project.id);
  const page = await newUserPage(env.browser);
  await signIn(page, env.stack.url, env.fx.people.alice, { hash });
  return page;
}

const rowsOf = (page, entity) => page.locator(`[data-testid="${entity}-row"]`);
const names = async (page, entity) => rowsOf(page, entity).evaluateAll((rows) => rows.map((r) => r.dataset.name));

test('a table of hundreds of rows draws only the rows in view and scrolls to the rest', async () => {
  const page = await openPage('#/aliases');
  await waitForText(page.getByTestId('row-count'), `${HOSTS + TARGETS} aliases`);
  const drawn = await rowsOf(page, 'alias').count();
  assert.ok(drawn > 5 && drawn < 80, `rows in the DOM: ${drawn} of ${HOSTS + TARGETS}`);
  assert.equal(await rowsOf(page, 'alias').locator('input').count(), 0, 'rows read as text until opened');

  // The last row (by the list's order, by name) is drawn once scrolled to.
  const last = page.locator('[data-testid="alias-row"][data-name="t039_port"]');
  assert.equal(await last.count(), 0);
  await page.locator('.table-wrap.scroll').evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await last.waitFor();
  assert.ok(await rowsOf(page, 'alias').count() < 80);
  await closeCleanly(page);
});

test('sorting by a header, shift-click for a second column, and per-column and global filters', async () => {
  const page = await openPage('#/aliases');
  await waitForText(page.getByTestId('row-count'), `${HOSTS + TARGETS} aliases`);

  await page.getByTestId('sort-name').click();
  await waitForText(rowsOf(page, 'alias').first().getByTestId('cell-name'), 'h000_hba');
  await page.getByTestId('sort-name').click();
  await waitForText(rowsOf(page, 'alias').first().getByTestId('cell-name'), 't039_port');
  assert.equal(await page.getByRole('columnheader', { name: /Name/ }).getAttribute('aria-sort'), 'descending');

  // Use ascending (init before target), then name descending within each use.
  await page.getByTestId('sort-use').click();
  await page.getByTestId('sort-name').click({ modifiers: ['Shift'] });
  await page.getByTestId('sort-name').click({ modifiers: ['Shift'] });
  await waitForText(rowsOf(page, 'alias').first().getByTestId('cell-name'), `h${pad(HOSTS - 1)}_hba`);
  assert.deepEqual((await names(page, 'alias')).slice(0, 3), [HOSTS - 1, HOSTS - 2, HOSTS - 3].map((n) => `h${pad(n)}_hba`));

  // A WWPN typed with dashes in upper case, and one without separators, find the one alias.
  await filterRows(page, '10-00-00-10-9B-01-00-2A');
  await waitForText(page.getByTestId('row-count'), `1 of ${HOSTS + TARGETS} aliases`);
  assert.deepEqual(await names(page, 'alias'), ['h042_hba']);
  await filterRows(page, '5005076810020007');
  await waitForText(page.getByTestId('row-count'), `1 of ${HOSTS + TARGETS}`);
  assert.deepEqual(await names(page, 'alias'), ['t007_port']);

  // Typed key by key without waiting, the box shows every key and the table ends on the last text.
  await page.getByTestId('filter').fill('');
  await page.getByTestId('filter').pressSequentially('h04');
  await page.keyboard.press('Backspace');
  await page.keyboard.type('12_hba');
  assert.equal(await page.getByTestId('filter').inputValue(), 'h012_hba');
  await page.waitForFunction(() => document.querySelector('table[data-filter]')?.dataset.filter === 'h012_hba');
  await waitForText(page.getByTestId('row-count'), `1 of ${HOSTS + TARGETS}`);
  assert.deepEqual(await names(page, 'alias'), ['h012_hba']);
  // A link with another filter, followed while the page is open, replaces what was typed.
  await page.evaluate(() => { window.location.hash = '#/aliases?q=h042_hba'; });
  await waitForText(page.getByTestId('filter'), 'h042_hba', { value: true });
  await page.waitForFunction(() => document.querySelector('table[data-filter]')?.dataset.filter === 'h042_hba');
  assert.deepEqual(await names(page, 'alias'), ['h042_hba']);

  // A fabric's name in the global filter, and a column filter on top of it.
  await filterRows(page, 'FAB_B');
  await waitForText(page.getByTestId('row-count'), `${(HOSTS + TARGETS) / 2} of`);
  await page.getByTestId('column-filter-use').selectOption('target');
  await waitForText(page.getByTestId('row-count'), `${TARGETS / 2} of`);
  assert.ok((await names(page, 'alias')).every((n) => /^t\d+_port$/.test(n) && Number(n.slice(1, 4)) % 2 === 1));
  await page.getByTestId('column-filter-name').fill('t01');
  await waitForText(page.getByTestId('row-count'), `5 of`);
  await screenshot(page, 'aliases-sorted-filtered.png');
  assert.deepEqual((await names(page, 'alias')).sort(), ['t011_port', 't013_port', 't015_port', 't017_port', 't019_port']);
  await closeCleanly(page);
});

test('the zones filter matches members by name and by WWPN in any form', async () => {
  const page = await openPage('#/zones');
  await waitForText(page.getByTestId('row-count'), `${ZONES} zones`);
  // Target t005 is in zones 5, 45, 85, … and 3, 43, 83, … (n % 40 === 5 or (n + 2) % 40 === 5).
  const holding = scale.zones.filter((_, n) => n % TARGETS === 5 || (n + 2) % TARGETS === 5).map((z) => z.name).sort();
  await filterRows(page, 't005_port');
  await waitForText(page.getByTestId('row-count'), `${holding.length} of ${ZONES}`);
  assert.deepEqual((await names(page, 'zone')).sort(), holding);
  await filterRows(page, targetWwpn(5).replaceAll(':', '-'));
  await waitForText(page.getByTestId('row-count'), `${holding.length} of ${ZONES}`);
  assert.deepEqual((await names(page, 'zone')).sort(), holding);
  await page.getByTestId('column-filter-members').fill(hostWwpn(45).replaceAll(':', '').toUpperCase());
  await waitForText(page.getByTestId('row-count'), `1 of ${ZONES}`);
  assert.deepEqual(await names(page, 'zone'), ['z045']);
  await closeCleanly(page);
});

test('a row edited in place is saved with its version; Enter closes it and Ctrl+S saves', async () => {
  const page = await openPage('#/zones');
  const zone = scale.zones.find((z) => z.name === 'z120');
  await filterRows(page, 'z120');
  const row = page.locator('[data-testid="zone-row"][data-name="z120"]');
  await row.getByTestId('cell-notes').click();
  assert.equal(await row.getAttribute('data-editing'), 'true');
  await page.keyboard.type('moved to port 3');
  await page.keyboard.press('Enter');
  await waitForText(page.getByTestId('unsaved-count'), '1 unsaved zone');
  assert.equal(await row.getAttribute('data-editing'), 'false');
  assert.equal(await cellValue(row, 'notes'), 'moved to port 3');
  assert.equal(await row.evaluate((el) => document.activeElement === el), true, 'focus is back on the row');

  // Escape undoes what was typed since the row was opened.
  await page.keyboard.press('Enter');
  await page.keyboard.press('Tab');
  await page.keyboard.type('zz');
  await page.keyboard.press('Escape');
  assert.equal(await cellValue(row, 'name'), 'z120');

  await page.keyboard.press('Control+s');
  await waitForText(page.getByTestId('page-message'), 'Saved 1 zone');
  await waitForText(row.getByTestId('version'), String(zone.version + 1));
  assert.equal(await page.getByTestId('unsaved-count').count(), 0);
  const stored = (await listAll(env.fx.admin, `/api/san/zones/project/${scale.project.id}/`)).find((z) => z.id === zone.id);
  assert.equal(stored.notes, 'moved to port 3');
  assert.equal(stored.name, 'z120');
  assert.equal(stored.version, zone.version + 1);
  assert.equal(stored.last_modified_by, 'alice');
  await closeCleanly(page);
});

test('the member picker finds an alias by WWPN and can hide aliases already zoned', async () => {
  const page = await openPage('#/zones');
  const zone = scale.zones.find((z) => z.name === 'z010');
  const unzoned = scale.aliases.find((a) => a.name === `h${pad(ZONES + 10)}_hba`); // same fabric as z010
  await filterRows(page, 'z010');
  const row = page.locator('[data-testid="zone-row"][data-name="z010"]');
  await row.getByTestId('edit-row').click();
  await row.getByTestId('member-add').click();

  // h011 (fabric B) is not offered for a fabric-A zone; h012 is, and is zoned already.
  await row.getByTestId('member-search').fill('h012');
  await row.locator('[data-testid="member-option"]', { hasText: 'h012_hba' }).waitFor();
  assert.match(await row.getByTestId('member-option').first().textContent(), /init.*in 1 zone/);
  await row.getByTestId('member-hide-zoned').check();
  await waitForText(row.getByTestId('member-found'), 'No alias matches');
  await row.getByTestId('member-search').fill('h011');
  await waitForText(row.getByTestId('member-found'), 'No alias matches');

  await row.getByTestId('member-search').fill(unzoned.wwpn.replaceAll(':', '-').toUpperCase());
  await waitForText(row.getByTestId('member-found'), '1 found');
  assert.match(await row.getByTestId('member-option').textContent(), /not zoned/);
  await screenshot(page, 'zones-member-picker.png');
  await row.getByTestId('member-search').press('Enter');
  await waitForText(row.getByTestId('cell-members'), unzoned.name);
  await row.getByTestId('member-search').press('Escape');
  await page.getByTestId('save').click();
  await waitForText(row.getByTestId('version'), String(zone.version + 1));
  const stored = (await listAll(env.fx.admin, `/api/san/zones/project/${scale.project.id}/`)).find((z) => z.id === zone.id);
  assert.deepEqual(stored.members.map((m) => m.alias).sort(), [...zone.members.map((m) => m.alias), unzoned.id].sort());
  await closeCleanly(page);
});

test('unsaved rows survive a reload and are offered back; leaving with them asks first', async () => {
  const page = await openPage('#/aliases');
  const alias = scale.aliases.find((a) => a.name === 'h100_hba');
  await filterRows(page, 'h100_hba');
  const row = page.locator('[data-testid="alias-row"][data-name="h100_hba"]');
  await row.getByTestId('cell-notes').click();
  await row.getByTestId('field-notes').fill('kept across a reload');
  await waitForText(page.getByTestId('unsaved-count'), '1 unsaved alias');

  // Another page asks; staying keeps the page and the edit.
  const dialogs = [];
  page.on('dialog', (dialog) => {
    dialogs.push({ type: dialog.type(), message: dialog.message() });
    // Every question about leaving is answered "stay"; a reload's own question, "leave".
    if (dialog.type() === 'confirm') dialog.dismiss();
    else dialog.accept();
  });
  // The question reaches the test as an event that may come after the click has returned.
  const question = page.waitForEvent('dialog');
  await page.getByTestId('nav-fabrics').click();
  await question;
  await waitForText(page.getByTestId('unsaved-count'), '1 unsaved alias');
  assert.equal(dialogs[0]?.type, 'confirm');
  assert.match(dialogs[0].message, /1 unsaved alias in Scale test/);
  assert.equal(await cellValue(row, 'notes'), 'kept across a reload');
  assert.match(page.url(), /#\/aliases/);

  // The project picker asks too; staying shows the active project again.
  const secondQuestion = page.waitForEvent('dialog');
  await page.getByTestId('project-picker').selectOption(String(env.fx.project.id));
  await secondQuestion;
  await page.waitForFunction((id) => document.querySelector('[data-testid="project-picker"]').value === id, String(scale.project.id));
  assert.deepEqual(dialogs.map((d) => d.type), ['confirm', 'confirm']);
  assert.equal(await cellValue(row, 'notes'), 'kept across a reload');

  // The edit is in the browser's storage before the reload (written shortly after typing).
  await page.waitForFunction(() => Object.keys(localStorage).some((k) => k.startsWith('sanplane.unsaved.v1:')
    && localStorage.getItem(k).includes('kept across a reload')));
  await page.reload();
  await page.getByTestId('drafts-offer').waitFor();
  assert.match(await page.getByTestId('drafts-offer').textContent(), /1 unsaved alias from your last visit/);
  await page.getByTestId('drafts-restore').click();
  await waitForText(page.getByTestId('unsaved-count'), '1 unsaved alias');
  await filterRows(page, 'h100_hba');
  await waitForCell(row, 'notes', 'kept across a reload');
  await page.getByTestId('save').click();
  await waitForText(page.getByTestId('page-message'), 'Saved 1 alias');
  const stored = (await listAll(env.fx.admin, `/api/san/aliases/project/${scale.project.id}/`)).find((a) => a.id === alias.id);
  assert.equal(stored.notes, 'kept across a reload');
  assert.equal(stored.version, alias.version + 1);

  // Saved: nothing is kept any more, and leaving asks nothing.
  const asked = dialogs.length;
  await page.getByTestId('nav-fabrics').click();
  await page.getByTestId('fabrics-table').waitFor();
  assert.equal(dialogs.length, asked);
  await page.getByTestId('nav-aliases').click();
  await page.getByTestId('aliases-table').waitFor();
  assert.equal(await page.getByTestId('drafts-offer').count(), 0);
  await closeCleanly(page);
});

test('an unsaved row outlives an ended session and is offered back after signing in again', async () => {
  const page = await openPage('#/zones');
  await filterRows(page, 'z150');
  const row = page.locator('[data-testid="zone-row"][data-name="z150"]');
  await row.getByTestId('cell-notes').click();
  await row.getByTestId('field-notes').fill('typed before the session ended');
  await page.waitForFunction(() => Object.keys(localStorage).some((k) => k.startsWith('sanplane.unsaved.v1:')
    && localStorage.getItem(k).includes('typed before the session ended')));

  // The next heartbeat (every 500 ms here) meets the 401 and the page returns to sign-in.
  await page.context().clearCookies();
  await signInAgain(page, env.fx.people.alice);
  await page.getByTestId('drafts-offer').waitFor();
  await page.getByTestId('drafts-restore').click();
  await filterRows(page, 'z150');
  await waitForCell(row, 'notes', 'typed before the session ended');
  await waitForText(page.getByTestId('unsaved-count'), '1 unsaved zone');
  await page.getByTestId('discard').click();
  await waitForText(page.getByTestId('row-count'), `1 of ${ZONES}`);
  assert.equal(await page.getByTestId('unsaved-count').count(), 0);
  await closeCleanly(page);
});
