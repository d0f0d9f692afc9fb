// Browser tests of the tables of records saved one at a time and of the read-only lists
// (components/record-table.js) and of each user's columns (components/column-prefs.js): a hosts
// table of 2,000 hosts draws only a window of rows and scrolls to its last host; a fabric's and
// a customer's field edited in place are saved as that field alone (Escape undoes, Ctrl+S saves,
// the keys move between cells and rows); two users' edits of one storage system merge, and the
// same field asks per field; a hidden column and a resized one stay so after a reload and in a
// second browser of the same user, and not for another user; a project renamed in place; the
// zones table keeps a hidden column; a fabric's unsaved edit outlives a reload and an ended
// sign-in, is offered back and saved onto another user's change.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  call, closeCleanly, newUserPage, screenshot, setContext, signIn, signInAgain, useBrowserStack, waitForText,
} from './helpers.mjs';

const env = useBrowserStack();

const HOST_COUNT = 2000;
const without = (record, ...fields) => Object.fromEntries(Object.entries(record).filter(([k]) => !fields.includes(k)));
const STAMP = ['version', 'last_modified_by', 'last_modified_at'];

/** `person` on `hash` in a browser of their own, in the fixture's customer and project. */
async function pageOf(person, hash) {
  await setContext(env.fx.clients[person.username], env.fx.customer.id, env.fx.project.id);
  const page = await newUserPage(env.browser);
  await signIn(page, env.stack.url, person, { hash });
  return page;
}

test('a hosts table of 2,000 hosts draws only a window of rows and scrolls to the last host', async () => {
  const { admin, customer } = env.fx;
  const system = await call(admin.post('/api/storage/', { customer: customer.id, name: 'DS8K-BIG', storage_type: 'DS8000', notes: '' }), 201, 'create storage');
  const hosts = Array.from({ length: HOST_COUNT }, (_, i) => {
    const n = String(i).padStart(4, '0');
    const hex = i.toString(16).padStart(4, '0');
    return { name: `big${n}`, host_type: 'Linux', wwpns: [`10:00:00:90:fa:01:${hex.slice(0, 2)}:${hex.slice(2)}`], status: 'online' };
  });
  await call(admin.post(`/api/storage/${system.id}/import/`, { hosts, volumes: [] }), 200, 'import 2,000 hosts');

  const page = await pageOf(env.fx.people.alice, `#/hosts?storage=${system.id}`);
  await waitForText(page.getByTestId('hosts-table-count'), String(HOST_COUNT));
  const rows = page.locator('[data-testid="host-row"]');
  await rows.first().waitFor();
  const drawn = await rows.count();
  assert.ok(drawn > 10 && drawn < 100, `rows in the DOM: ${drawn}`);
  const elements = await page.evaluate(() => document.querySelectorAll('*').length);
  assert.ok(elements < 3000, `DOM elements: ${elements}`);

  // Sorted by name, the last host is at the bottom of the scroll.
  await page.getByTestId('hosts-table').getByTestId('sort-name').click();
  await page.locator('.table-wrap.scroll').evaluate((el) => { el.scrollTop = el.scrollHeight; });
  await page.locator('[data-testid="host-row"]', { hasText: 'big1999' }).waitFor();
  assert.equal(await page.locator('[data-testid="host-row"]', { hasText: 'big0000' }).count(), 0, 'the first host is no longer drawn');
  assert.ok((await rows.count()) < 100);
  await screenshot(page, 'hosts-2000.png');
  await closeCleanly(page);
});

test('a fabric\'s notes edited in place: the keys move between cells, Escape undoes, Tab opens the next row, Ctrl+S saves that field alone', async () => {
  const { fabric, fabricB } = env.fx;
  const before = await call(env.fx.admin.get(`/api/san/fabrics/${fabric.id}/`), 200, 'fabric');
  const page = await pageOf(env.fx.people.alice, '#/fabrics');
  const row = page.locator(`[data-testid="fabric-row"][data-id="${fabric.id}"]`);
  const rowB = page.locator(`[data-testid="fabric-row"][data-id="${fabricB.id}"]`);
  await waitForText(row.getByTestId('version'), String(before.version));

  // The zoning cell is read-only: a click makes it the active cell; → moves to the notes; Enter opens the row there.
  await row.getByTestId('cell-zoning').click();
  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('Enter');
  await page.waitForFunction((id) => document.activeElement?.dataset.testid === 'field-notes'
    && document.activeElement.closest('tr')?.dataset.id === String(id), fabric.id);
  await page.keyboard.press('End');
  await page.keyboard.type(' - checked');
  await page.keyboard.press('Escape');
  assert.equal(await row.getAttribute('data-editing'), 'false');
  assert.equal((await row.getByTestId('cell-notes').textContent()).trim(), before.notes);
  assert.equal(await page.getByTestId('unsaved-count').count(), 0);

  // Again; Tab past the row's last control opens the next row.
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.activeElement?.dataset.testid === 'field-notes');
  await page.keyboard.press('End');
  await page.keyboard.type(' - checked');
  await page.keyboard.press('Tab');
  await page.waitForFunction((id) => document.querySelector(`[data-testid="fabric-row"][data-id="${id}"]`)?.dataset.editing === 'true', fabricB.id);
  assert.equal(await rowB.getAttribute('data-editing'), 'true');
  assert.equal(await row.getAttribute('data-editing'), 'false');
  await waitForText(page.getByTestId('unsaved-count'), '1 unsaved fabric');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+s');
  await waitForText(page.getByTestId('table-notice'), 'Saved 1 fabric');
  await waitForText(row.getByTestId('version'), String(before.version + 1));
  assert.equal(await page.getByTestId('unsaved-count').count(), 0);

  const after = await call(env.fx.admin.get(`/api/san/fabrics/${fabric.id}/`), 200, 'fabric');
  assert.equal(after.version, before.version + 1);
  assert.equal(after.notes, `${before.notes} - checked`);
  assert.equal(after.last_modified_by, 'alice');
  assert.deepEqual(without(after, 'notes', ...STAMP), without(before, 'notes', ...STAMP));
  const untouched = await call(env.fx.admin.get(`/api/san/fabrics/${fabricB.id}/`), 200, 'fabric B');
  assert.equal(untouched.version, fabricB.version);
  await screenshot(page, 'fabrics-in-place.png');
  await closeCleanly(page);
});

test('a customer\'s notes edited in place by a member: only the notes change, the name is not editable', async () => {
  const { customer } = env.fx;
  const before = await call(env.fx.admin.get(`/api/customers/${customer.id}/`), 200, 'customer');
  const page = await pageOf(env.fx.people.alice, '#/customers');
  const row = page.locator(`[data-testid="customer-row"][data-id="${customer.id}"]`);
  await waitForText(row.getByTestId('version'), String(before.version));
  await row.getByTestId('cell-notes').click();
  assert.equal(await row.getByTestId('field-name').count(), 0, 'a member cannot rename');
  await row.getByTestId('field-notes').fill('Renewal due in March');
  await row.getByTestId('field-notes').press('Enter');
  await waitForText(page.getByTestId('unsaved-count'), '1 unsaved customer');
  await page.getByTestId('save-rows').click();
  await waitForText(row.getByTestId('version'), String(before.version + 1));
  const after = await call(env.fx.admin.get(`/api/customers/${customer.id}/`), 200, 'customer');
  assert.equal(after.version, before.version + 1);
  assert.equal(after.notes, 'Renewal due in March');
  assert.deepEqual(without(after, 'notes', ...STAMP), without(before, 'notes', ...STAMP));
  await closeCleanly(page);
});

test('two users\' edits of one storage system merge; the same field opens the dialog of fields', async () => {
  const { storage } = env.fx;
  const start = await call(env.fx.admin.get(`/api/storage/${storage.id}/`), 200, 'storage');
  const pageA = await pageOf(env.fx.people.alice, '#/storage');
  const pageB = await pageOf(env.fx.people.bob, '#/storage');
  const rowA = pageA.locator(`[data-testid="storage-row"][data-id="${storage.id}"]`);
  const rowB = pageB.locator(`[data-testid="storage-row"][data-id="${storage.id}"]`);
  await waitForText(rowA.getByTestId('version'), String(start.version));
  await waitForText(rowB.getByTestId('version'), String(start.version));

  // Bob edits the location (not saved yet); alice saves the vendor; bob's save merges.
  await rowB.getByTestId('cell-location').click();
  await rowB.getByTestId('field-location').fill('DC2 row 1');
  await rowB.getByTestId('field-location').press('Enter');
  await rowA.getByTestId('cell-vendor').click();
  await rowA.getByTestId('field-vendor').fill('IBM Corp');
  await pageA.keyboard.press('Control+s');
  await waitForText(rowA.getByTestId('version'), String(start.version + 1));
  await pageB.keyboard.press('Control+s');
  await waitForText(pageB.locator(`[data-testid="row-kept"][data-id="${storage.id}"]`), "kept alice's change to vendor");
  let stored = await call(env.fx.admin.get(`/api/storage/${storage.id}/`), 200, 'storage');
  assert.deepEqual([stored.version, stored.vendor, stored.location, stored.last_modified_by], [start.version + 2, 'IBM Corp', 'DC2 row 1', 'bob']);

  // Both change the notes: bob's save asks, and All mine keeps his.
  await waitForText(rowA.getByTestId('version'), String(start.version + 2));
  await rowB.getByTestId('cell-notes').click();
  await rowB.getByTestId('field-notes').fill('bob: decommission 2027');
  await rowB.getByTestId('field-notes').press('Enter');
  await rowA.getByTestId('cell-notes').click();
  await rowA.getByTestId('field-notes').fill('alice: keep until 2028');
  await pageA.keyboard.press('Control+s');
  await waitForText(rowA.getByTestId('version'), String(start.version + 3));
  await pageB.getByTestId('save-rows').click();
  const dialog = pageB.getByTestId('conflict-dialog');
  await dialog.waitFor();
  assert.equal(await dialog.getAttribute('data-kind'), 'fields');
  const notes = dialog.locator('[data-testid="field-conflict"][data-field="notes"]');
  assert.equal(await dialog.getByTestId('field-conflict').count(), 1);
  assert.equal(await notes.getByTestId('field-theirs').textContent(), 'alice: keep until 2028');
  assert.equal(await notes.getByTestId('field-mine').textContent(), 'bob: decommission 2027');
  assert.equal(await notes.getByTestId('conflict-user').textContent(), 'alice');
  await screenshot(pageB, 'storage-field-conflict.png');
  await dialog.getByTestId('conflict-keep-mine').click();
  await dialog.waitFor({ state: 'detached' });
  await waitForText(rowB.getByTestId('version'), String(start.version + 4));
  stored = await call(env.fx.admin.get(`/api/storage/${storage.id}/`), 200, 'storage');
  assert.deepEqual([stored.notes, stored.vendor, stored.location], ['bob: decommission 2027', 'IBM Corp', 'DC2 row 1']);
  await closeCleanly(pageA);
  await closeCleanly(pageB);
});

test('a project renamed in place is saved with the version its row read, and the list follows', async () => {
  const { admin, customer } = env.fx;
  const created = await call(admin.post('/api/core/projects/', { name: 'Cutover 2027', customer: customer.id, notes: 'kept' }), 201, 'create project');
  const page = await pageOf(env.fx.people.alice, '#/projects');
  const row = page.locator(`[data-testid="project-row"][data-id="${created.id}"]`);
  await row.getByTestId('project-name').click();
  await row.getByTestId('field-name').fill('Cutover 2028');
  await row.getByTestId('field-name').press('Enter');
  await waitForText(page.getByTestId('unsaved-count'), '1 unsaved project');
  await page.keyboard.press('Control+s');
  await waitForText(page.getByTestId('table-notice'), 'Saved 1 project');
  assert.equal(await page.getByTestId('unsaved-count').count(), 0);
  await waitForText(row.getByTestId('project-name'), 'Cutover 2028');
  const after = await call(admin.get(`/api/core/projects/detail/${created.id}/`), 200, 'project');
  assert.deepEqual([after.name, after.notes, after.version, after.last_modified_by], ['Cutover 2028', 'kept', created.version + 1, 'alice']);
  await closeCleanly(page);
});

test('the zones table keeps a hidden column after a reload', async () => {
  const page = await pageOf(env.fx.people.alice, '#/zones');
  const grid = page.getByTestId('zones-table');
  await grid.getByTestId('sort-notes').waitFor();
  await page.getByTestId('column-menu').click();
  const saved = page.waitForResponse((r) => r.url().includes('/table-columns/zones/') && r.request().method() === 'PUT');
  await page.getByTestId('column-toggle-notes').uncheck();
  assert.equal((await saved).status(), 200);
  assert.equal(await grid.getByTestId('sort-notes').count(), 0);
  assert.equal(await grid.locator('[data-testid="zone-row"] [data-testid="cell-notes"]').count(), 0);
  await page.reload();
  await grid.locator('[data-testid="zone-row"]').first().waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-testid="sort-notes"]'));
  await grid.getByTestId('sort-name').waitFor();
  await closeCleanly(page);
});

/** The width the name header is drawn at, in px. */
const nameWidth = (page) => page.getByTestId('hosts-table').locator('thead tr').first().locator('th').first()
  .evaluate((th) => Math.round(th.getBoundingClientRect().width));

test('a hidden column and a resized one stay so after a reload and in a second browser, not for another user', async () => {
  const page = await pageOf(env.fx.people.alice, `#/hosts?storage=${env.fx.storage.id}`);
  const grid = page.getByTestId('hosts-table');
  await grid.getByTestId('sort-host_type').waitFor();
  const initial = await nameWidth(page);

  await page.getByTestId('column-menu').click();
  const hidden = page.waitForResponse((r) => r.url().includes('/table-columns/hosts/') && r.request().method() === 'PUT');
  await page.getByTestId('column-toggle-host_type').uncheck();
  assert.equal((await hidden).status(), 200);
  assert.equal(await grid.getByTestId('sort-host_type').count(), 0);
  await page.getByTestId('column-menu').click();
  // The other columns share the hidden one's width.
  const start = await nameWidth(page);

  const handle = grid.getByTestId('resize-name');
  const box = await handle.boundingBox();
  const resized = page.waitForResponse((r) => r.url().includes('/table-columns/hosts/') && r.request().method() === 'PUT');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width / 2 + 60, box.y + box.height / 2, { steps: 4 });
  await page.mouse.move(box.x + box.width / 2 + 120, box.y + box.height / 2, { steps: 4 });
  await page.mouse.up();
  assert.equal((await resized).status(), 200);
  const wide = await nameWidth(page);
  assert.ok(Math.abs(wide - (start + 120)) <= 3, `name ${start} -> ${wide}`);

  const stored = await call(env.fx.clients.alice.get('/api/core/user-config/table-columns/'), 200, 'columns');
  const hosts = stored.tables.find((t) => t.table === 'hosts');
  assert.deepEqual(hosts.columns.map((c) => c.key), ['name', 'storage', 'wwpns', 'status']);
  assert.ok(Math.abs(hosts.columns[0].width - wide) <= 2, `stored ${hosts.columns[0].width}, drawn ${wide}`);

  await page.reload();
  await grid.locator('[data-testid="host-row"]').first().waitFor();
  await page.waitForFunction(() => !document.querySelector('[data-testid="sort-host_type"]'));
  assert.ok(Math.abs((await nameWidth(page)) - wide) <= 1);

  const second = await pageOf(env.fx.people.alice, `#/hosts?storage=${env.fx.storage.id}`);
  await second.getByTestId('hosts-table').locator('[data-testid="host-row"]').first().waitFor();
  await second.waitForFunction(() => !document.querySelector('[data-testid="sort-host_type"]'));
  assert.ok(Math.abs((await nameWidth(second)) - wide) <= 1);

  const bob = await pageOf(env.fx.people.bob, `#/hosts?storage=${env.fx.storage.id}`);
  await bob.getByTestId('hosts-table').getByTestId('sort-host_type').waitFor();
  assert.ok(Math.abs((await nameWidth(bob)) - initial) <= 1, 'bob keeps the default width');

  // Reset puts alice's columns back.
  await second.getByTestId('column-menu').click();
  const reset = second.waitForResponse((r) => r.url().includes('/table-columns/hosts/') && r.request().method() === 'DELETE');
  await second.getByTestId('columns-reset').click();
  assert.equal((await reset).status(), 200);
  await second.getByTestId('hosts-table').getByTestId('sort-host_type').waitFor();
  for (const p of [page, second, bob]) await closeCleanly(p);
});

test('a fabric\'s unsaved notes outlive a reload and an ended sign-in, are offered back and saved onto what others saved since', async () => {
  const { fabricB } = env.fx;
  const before = await call(env.fx.admin.get(`/api/san/fabrics/${fabricB.id}/`), 200, 'fabric');
  const page = await pageOf(env.fx.people.alice, '#/fabrics');
  const dialogs = [];
  // Every question about leaving is answered "stay"; a reload's own question, "leave".
  page.on('dialog', (dialog) => {
    dialogs.push({ type: dialog.type(), message: dialog.message() });
    if (dialog.type() === 'confirm') dialog.dismiss();
    else dialog.accept();
  });
  const row = page.locator(`[data-testid="fabric-row"][data-id="${fabricB.id}"]`);
  await waitForText(row.getByTestId('version'), String(before.version));
  await row.getByTestId('cell-notes').click();
  await row.getByTestId('field-notes').fill('kept in this browser');
  await page.keyboard.press('Enter');
  await waitForText(page.getByTestId('unsaved-count'), '1 unsaved fabric');

  // Another page asks first, and staying keeps the edit. The question reaches the test as an
  // event that may come after the click has returned.
  const question = page.waitForEvent('dialog');
  await page.getByTestId('nav-storage').click();
  await question;
  assert.equal(dialogs[0]?.type, 'confirm');
  assert.match(dialogs[0].message, /1 unsaved fabric; they stay in this browser/);
  await waitForText(page.getByTestId('unsaved-count'), '1 unsaved fabric');

  // A reload offers the edit back; meanwhile the admin changes another field of the same fabric.
  await page.waitForFunction(() => Object.keys(localStorage).some((k) => k.includes(':fabrics')
    && localStorage.getItem(k).includes('kept in this browser')));
  await page.reload();
  await page.getByTestId('drafts-offer').waitFor();
  assert.match(await page.getByTestId('drafts-offer').textContent(), /1 unsaved fabric from your last visit/);
  await call(env.fx.admin.patch(`/api/san/fabrics/${fabricB.id}/`, { zoneset_name: 'cfg_restored', base_version: before.version }), 200, 'admin edits the zoneset');

  // The session ends (its cookie is gone): signing in again still finds the edit on offer.
  await page.context().clearCookies();
  await page.reload();
  await signInAgain(page, env.fx.people.alice);
  await page.getByTestId('drafts-offer').waitFor();
  await page.getByTestId('drafts-restore').click();
  await waitForText(page.getByTestId('table-notice'), '1 of them changed since');
  await waitForText(page.getByTestId('unsaved-count'), '1 unsaved fabric');
  assert.equal((await row.getByTestId('cell-notes').textContent()).trim(), 'kept in this browser');

  // Saved with the version it was made on: the admin's zoneset stays, the notes are alice's.
  await page.keyboard.press('Control+s');
  await waitForText(page.getByTestId('table-notice'), 'Saved 1 fabric');
  const after = await call(env.fx.admin.get(`/api/san/fabrics/${fabricB.id}/`), 200, 'fabric');
  assert.equal(after.notes, 'kept in this browser');
  assert.equal(after.zoneset_name, 'cfg_restored');
  assert.equal(after.version, before.version + 2);

  // Nothing is kept once saved: the next visit offers nothing, and leaving asks nothing.
  await page.waitForFunction(() => !Object.keys(localStorage).some((k) => k.includes(':fabrics')));
  const asked = dialogs.length;
  await page.reload();
  await row.getByTestId('version').waitFor();
  assert.equal(await page.getByTestId('drafts-offer').count(), 0);
  assert.equal(dialogs.length, asked);
  await closeCleanly(page);
});
