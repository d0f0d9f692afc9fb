// Browser tests of the web UI against the real stack (gateway + services + Postgres + Redis):
// two engineers on one zone (conflict dialog, "Reload theirs", "Keep mine"), presence, storage
// saves, field errors of a storage save, alias validation, and screenshots of the main pages into
// build/screenshots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  answerConflict, call, cellValue, closeCleanly, editField, expectConflict, listAll, newUserPage, rowNote,
  screenshot, setContext, signIn, useBrowserStack, waitForCell, waitForText,
} from './helpers.mjs';

const env = useBrowserStack();

async function zoneByName(client, projectId, name) {
  const zones = await listAll(client, `/api/san/zones/project/${projectId}/`);
  const zone = zones.find((z) => z.name === name);
  assert.ok(zone, `zone ${name} exists`);
  return zone;
}

function zoneRow(page, name) {
  return page.locator(`[data-testid="zone-row"][data-name="${name}"]`);
}

test('two users on one zone: conflict dialog, Reload theirs, then Keep mine', async () => {
  const { alice, bob } = env.fx.clients;
  await setContext(bob, env.fx.customer.id, env.fx.project.id);
  const zoneName = 'z_esx01_v7k';
  const start = await zoneByName(env.fx.admin, env.fx.project.id, zoneName);
  const n = start.version;

  const pageA = await newUserPage(env.browser);
  const pageB = await newUserPage(env.browser);
  await signIn(pageA, env.stack.url, env.fx.people.alice, { hash: '#/zones' });
  await signIn(pageB, env.stack.url, env.fx.people.bob, { hash: '#/zones' });
  const rowA = zoneRow(pageA, zoneName);
  const rowB = zoneRow(pageB, zoneName);
  await waitForText(rowA.getByTestId('version'), String(n));
  await waitForText(rowB.getByTestId('version'), String(n));

  // Round 1: both edit; alice saves first, so bob's save is stale. (A row without unsaved edits
  // would take alice's version live; bob's edit keeps his, marked as older.)
  await editField(rowB, 'notes', 'bob: keep on port 1');
  await editField(rowA, 'notes', 'alice: moved to port 2');
  await pageA.getByTestId('save').click();
  await waitForText(rowA.getByTestId('version'), String(n + 1));
  await waitForText(pageA.getByTestId('page-message'), 'Saved 1 zone');
  await waitForText(rowNote(pageB, start.id), 'alice saved a newer version');

  await pageB.getByTestId('save').click();
  const dialog = pageB.getByTestId('conflict-dialog');
  await dialog.waitFor();
  assert.equal(await dialog.getAttribute('role'), 'dialog');
  assert.equal(await dialog.getAttribute('aria-modal'), 'true');
  assert.equal(await dialog.getByTestId('conflict-user').textContent(), 'alice');
  assert.equal(await dialog.getByTestId('conflict-version').textContent(), String(n + 1));
  assert.match(await dialog.getByTestId('conflict-when').textContent(), /ago|just now/);
  assert.match(await dialog.getByTestId('conflict-time').textContent(), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}/);
  await screenshot(pageB, 'zones-conflict.png');
  // Focus starts inside the dialog and Tab stays inside it.
  assert.equal(await pageB.evaluate(() => document.activeElement?.dataset.testid), 'conflict-reload');
  for (let i = 0; i < 4; i += 1) await pageB.keyboard.press('Tab');
  assert.ok(await pageB.evaluate(() => Boolean(document.activeElement?.closest('[data-testid="conflict-dialog"]'))));

  // Escape closes the dialog and keeps bob's edit; saving again brings the dialog back.
  await pageB.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await cellValue(rowB, 'notes'), 'bob: keep on port 1');
  await pageB.getByTestId('save').click();
  await dialog.waitFor();

  await answerConflict(dialog, 'conflict-reload');
  await waitForCell(rowB, 'notes', 'alice: moved to port 2');
  await waitForText(rowB.getByTestId('version'), String(n + 1));
  await waitForText(rowB.getByTestId('modified-by'), 'alice');
  assert.equal(await rowB.getAttribute('class').then((c) => c.includes('recent')), true, 'row changed by alice is marked');
  let zone = await zoneByName(env.fx.admin, env.fx.project.id, zoneName);
  assert.equal(zone.version, n + 1);
  assert.equal(zone.notes, 'alice: moved to port 2');

  // Round 2 (both start from version m = n + 1): alice saves again, bob keeps his edit.
  const m = n + 1;
  await editField(rowB, 'notes', 'bob: final answer');
  await editField(rowA, 'notes', 'alice: second change');
  await pageA.getByTestId('save').click();
  await waitForText(rowA.getByTestId('version'), String(m + 1));
  await waitForText(rowNote(pageB, start.id), 'alice saved a newer version');

  await pageB.getByTestId('save').click();
  await expectConflict(dialog, 'alice', m + 1);
  await answerConflict(dialog, 'conflict-keep-mine');
  await waitForText(rowB.getByTestId('version'), String(m + 2));
  assert.equal(await cellValue(rowB, 'notes'), 'bob: final answer');

  zone = await zoneByName(env.fx.admin, env.fx.project.id, zoneName);
  assert.equal(zone.version, m + 2);
  assert.equal(zone.notes, 'bob: final answer');
  assert.equal(zone.last_modified_by, 'bob');
  assert.equal(zone.members.length, start.members.length, 'members untouched by a notes edit');

  // Saving twice in a row never conflicts with oneself.
  await editField(rowB, 'notes', 'bob: once more');
  await pageB.getByTestId('save').click();
  await waitForText(rowB.getByTestId('version'), String(m + 3));
  assert.equal(await pageB.getByTestId('conflict-dialog').count(), 0);

  assert.deepEqual([...pageA.errors, ...pageB.errors], []);
  await pageA.context().close();
  await pageB.context().close();
});

test('zone members are picked from the aliases of the zone\'s fabric', async () => {
  const { alice } = env.fx.clients;
  await setContext(alice, env.fx.customer.id, env.fx.project.id);
  const start = await zoneByName(env.fx.admin, env.fx.project.id, 'z_backup');
  const page = await newUserPage(env.browser);
  await signIn(page, env.stack.url, env.fx.people.alice, { hash: '#/zones' });
  const row = zoneRow(page, 'z_backup');
  await waitForText(row.getByTestId('version'), String(start.version));
  await row.getByTestId('edit-row').click();
  await row.getByTestId('member-add').click();
  for (const name of ['esx01_hba0', 'v7k_n1p1', 'v7k_n2p1']) {
    await row.getByTestId('member-search').fill(name);
    await row.locator('[data-testid="member-option"]', { hasText: name }).click();
  }
  await row.getByRole('button', { name: 'Remove v7k_n2p1' }).click();
  assert.deepEqual(await row.getByTestId('member-chip').evaluateAll((chips) => chips.map((c) => c.dataset.alias)),
    ['esx01_hba0', 'v7k_n1p1']);
  await page.getByTestId('save').click();
  await waitForText(row.getByTestId('version'), String(start.version + 1));

  const zone = await zoneByName(alice, env.fx.project.id, 'z_backup');
  assert.deepEqual(zone.members.map((m) => m.alias).sort(), [env.fx.aliasId.esx01_hba0, env.fx.aliasId.v7k_n1p1].sort());
  assert.equal(zone.version, start.version + 1);
  await closeCleanly(page);
});

test('a signed-in user appears in the other user\'s active-users indicator with customer and project', async () => {
  const { alice, bob } = env.fx.clients;
  await setContext(alice, env.fx.customer.id, env.fx.project.id);
  await setContext(bob, null, null);

  const pageA = await newUserPage(env.browser);
  const pageB = await newUserPage(env.browser);
  await signIn(pageA, env.stack.url, env.fx.people.alice, { hash: '#/aliases', heartbeatMs: 500 });
  await pageA.getByTestId('active-users-toggle').click();
  await pageA.getByTestId('active-users-list').waitFor();

  // Bob signs in with no context, then picks customer and project in the top bar.
  await signIn(pageB, env.stack.url, env.fx.people.bob, { hash: '#/zones', heartbeatMs: 500 });
  await pageB.getByTestId('no-context').waitFor();
  await pageB.getByTestId('customer-picker').selectOption(String(env.fx.customer.id));
  await pageB.locator(`[data-testid="project-picker"] option[value="${env.fx.project.id}"]`).waitFor({ state: 'attached' });
  await pageB.getByTestId('project-picker').selectOption(String(env.fx.project.id));
  await pageB.getByTestId('zones-table').waitFor();

  const bobEntry = pageA.locator('[data-testid="active-user"][data-username="bob"]');
  await waitForText(bobEntry.getByTestId('active-user-project'), 'Migration 2025');
  assert.equal(await bobEntry.getByTestId('active-user-customer').textContent(), 'ACME Storage');
  assert.match(await bobEntry.textContent(), /Bob Berg/);
  await screenshot(pageA, 'active-users.png');

  // The heartbeat repeats at the configured interval (500 ms here, 30 s by default).
  let beats = 0;
  pageB.on('request', (request) => {
    if (request.method() === 'POST' && request.url().endsWith('/api/core/heartbeat/')) beats += 1;
  });
  await pageB.waitForTimeout(1700);
  assert.ok(beats >= 2 && beats <= 5, `heartbeats in 1.7 s: ${beats}`);

  const config = await call(bob.get('/api/core/user-config/'), 200, 'bob config');
  assert.equal(config.active_project?.id, env.fx.project.id);

  assert.deepEqual([...pageA.errors, ...pageB.errors], []);
  await pageA.context().close();
  await pageB.context().close();
});

/** Alice's browser on the fixture's storage system form, and the record as it was when opened. */
async function openStorageAsAlice() {
  const { alice } = env.fx.clients;
  await setContext(alice, env.fx.customer.id, env.fx.project.id);
  const before = await call(alice.get(`/api/storage/${env.fx.storage.id}/`), 200, 'storage');
  const page = await newUserPage(env.browser);
  await signIn(page, env.stack.url, env.fx.people.alice, { hash: `#/storage/${env.fx.storage.id}` });
  const form = page.getByTestId('record-form');
  await waitForText(form.getByTestId('record-version'), String(before.version));
  return { page, form, before };
}

test('editing the same storage system twice in a row without reloading succeeds', async () => {
  const { alice } = env.fx.clients;
  const { page, form, before } = await openStorageAsAlice();

  await form.getByTestId('field-location').fill('DC2 row 1');
  await form.getByTestId('save').click();
  await waitForText(form.getByTestId('record-version'), String(before.version + 1));

  await form.getByTestId('field-location').fill('DC2 row 7');
  await form.getByTestId('field-notes').fill('Moved in the October window');
  await form.getByTestId('save').click();
  await waitForText(form.getByTestId('record-version'), String(before.version + 2));
  await waitForText(page.getByTestId('page-message'), `version ${before.version + 2}`);
  assert.equal(await page.getByTestId('conflict-dialog').count(), 0);
  await screenshot(page, 'storage-detail.png');

  const after = await call(alice.get(`/api/storage/${env.fx.storage.id}/`), 200, 'storage');
  assert.equal(after.version, before.version + 2);
  assert.equal(after.location, 'DC2 row 7');
  assert.equal(after.notes, 'Moved in the October window');
  assert.equal(after.last_modified_by, 'alice');
  await closeCleanly(page);
});

test('a storage system save with bad values shows each error under its field and saves nothing', async () => {
  const { alice } = env.fx.clients;
  const { page, form, before } = await openStorageAsAlice();

  // The storage service allows names of up to 128 characters and no negative capacity.
  await form.getByTestId('field-name').fill('V'.repeat(129));
  await form.getByTestId('field-capacity_bytes').fill('-1');
  await form.getByTestId('field-location').fill('DC9');
  await form.getByTestId('save').click();

  await waitForText(form.locator('[data-testid="field-error"][data-field="name"]'), 'at most 128 characters');
  await waitForText(form.locator('[data-testid="field-error"][data-field="capacity_bytes"]'), 'must not be negative');
  assert.equal(await form.locator('[data-testid="field-error"]').count(), 2, 'only the failing fields show an error');
  assert.equal(await form.getByTestId('field-name').getAttribute('aria-invalid'), 'true');
  assert.equal(await form.getByTestId('field-capacity_bytes').getAttribute('aria-invalid'), 'true');
  assert.equal(await form.getByTestId('field-location').getAttribute('aria-invalid'), null);
  await page.getByTestId('page-error').waitFor();
  assert.equal(await form.getByTestId('record-version').textContent(), String(before.version));
  await screenshot(page, 'storage-field-errors.png');

  const stored = await call(alice.get(`/api/storage/${env.fx.storage.id}/`), 200, 'storage');
  assert.equal(stored.version, before.version, 'nothing was saved');
  assert.equal(stored.name, before.name);
  assert.equal(stored.location, before.location);
  assert.equal(stored.capacity_bytes, before.capacity_bytes);

  // Editing a field clears its error; with both fixed the save goes through.
  await form.getByTestId('field-name').fill(before.name);
  assert.equal(await form.locator('[data-testid="field-error"][data-field="name"]').count(), 0);
  await form.getByTestId('field-capacity_bytes').fill(String(before.capacity_bytes));
  await form.getByTestId('save').click();
  await waitForText(form.getByTestId('record-version'), String(before.version + 1));
  const saved = await call(alice.get(`/api/storage/${env.fx.storage.id}/`), 200, 'storage');
  assert.equal(saved.location, 'DC9');
  assert.equal(saved.name, before.name);
  await closeCleanly(page);
});

test('fabric form: a change of another field elsewhere merges without a dialog; the same field asks', async () => {
  const { alice } = env.fx.clients;
  await setContext(alice, env.fx.customer.id, env.fx.project.id);
  const page = await newUserPage(env.browser);
  await signIn(page, env.stack.url, env.fx.people.alice, { hash: '#/fabrics' });
  await page.locator(`[data-testid="fabric-row"][data-id="${env.fx.fabricB.id}"]`).getByTestId('open').click();
  const form = page.getByTestId('record-form');
  const loaded = await call(alice.get(`/api/san/fabrics/${env.fx.fabricB.id}/`), 200, 'fabric');
  await waitForText(form.getByTestId('record-version'), String(loaded.version));

  // Someone else changes the notes meanwhile.
  await call(env.fx.admin.patch(`/api/san/fabrics/${env.fx.fabricB.id}/`, { notes: 'Changed by admin', version: loaded.version }), 200, 'admin patch');

  await form.getByTestId('field-zoneset_name').fill('vsan20_zs_new');
  await form.getByTestId('save').click();
  await waitForText(form.getByTestId('record-version'), String(loaded.version + 2));
  const dialog = page.getByTestId('conflict-dialog');
  assert.equal(await dialog.count(), 0);
  assert.equal(await form.getByTestId('field-notes').inputValue(), 'Changed by admin');
  await waitForText(form.getByTestId('page-message'), "Kept admin's change to notes");

  const after = await call(alice.get(`/api/san/fabrics/${env.fx.fabricB.id}/`), 200, 'fabric');
  assert.equal(after.version, loaded.version + 2);
  assert.equal(after.zoneset_name, 'vsan20_zs_new');
  assert.equal(after.notes, 'Changed by admin', 'fields alice did not edit keep the other change');

  // The notes on both sides: the dialog of fields names admin; Keep mine saves alice's.
  await call(env.fx.admin.patch(`/api/san/fabrics/${env.fx.fabricB.id}/`, { notes: 'admin again', version: after.version }), 200, 'admin patch 2');
  await form.getByTestId('field-notes').fill('alice: notes');
  await form.getByTestId('save').click();
  await expectConflict(dialog, 'admin', after.version + 1);
  assert.equal(await dialog.locator('[data-testid="field-conflict"][data-field="notes"] [data-testid="field-theirs"]').textContent(), 'admin again');
  await answerConflict(dialog, 'conflict-keep-mine');
  await waitForText(form.getByTestId('record-version'), String(after.version + 2));
  const mine = await call(alice.get(`/api/san/fabrics/${env.fx.fabricB.id}/`), 200, 'fabric');
  assert.deepEqual([mine.notes, mine.zoneset_name, mine.last_modified_by], ['alice: notes', 'vsan20_zs_new', 'alice']);
  await closeCleanly(page);
});

test('a bad WWPN shows an error on its row and nothing is saved', async () => {
  const { alice } = env.fx.clients;
  await setContext(alice, env.fx.customer.id, env.fx.project.id);
  const beforeList = await listAll(alice, `/api/san/aliases/project/${env.fx.project.id}/`);
  const page = await newUserPage(env.browser);
  await signIn(page, env.stack.url, env.fx.people.alice, { hash: '#/aliases' });
  await page.getByTestId('aliases-table').waitFor();

  // One valid edit and one new alias with a bad WWPN: the save is all or nothing.
  const good = page.locator('[data-testid="alias-row"][data-name="esx02_hba0"]');
  await editField(good, 'notes', 'ESXi host 2 (rebuilt)');
  await page.getByTestId('add-row').click();
  const fresh = page.locator('[data-testid="alias-row"][data-id=""]');
  await fresh.getByTestId('field-name').fill('esx03_hba0');
  await fresh.getByTestId('field-wwpns').fill('10:00:00:10:9b:zz:00:03');
  await page.getByTestId('save').click();

  const bad = page.locator('[data-testid="alias-row"][data-name="esx03_hba0"]');
  await bad.locator('[data-testid="field-error"][data-field="wwpns"]').waitFor();
  assert.equal(await bad.getAttribute('data-row-error'), 'true');
  assert.equal(await bad.getByTestId('field-wwpns').getAttribute('aria-invalid'), 'true');
  assert.equal(await good.getAttribute('data-row-error'), 'false');
  await waitForText(page.getByTestId('page-error'), 'Nothing was saved');
  await screenshot(page, 'aliases-error.png');

  const afterList = await listAll(alice, `/api/san/aliases/project/${env.fx.project.id}/`);
  assert.equal(afterList.length, beforeList.length, 'no alias was created');
  assert.ok(!afterList.some((a) => a.name === 'esx03_hba0'));
  const goodBefore = beforeList.find((a) => a.name === 'esx02_hba0');
  const goodAfter = afterList.find((a) => a.name === 'esx02_hba0');
  assert.equal(goodAfter.version, goodBefore.version, 'the valid row was not saved either');
  assert.equal(goodAfter.notes, goodBefore.notes);

  // Fixing the WWPN saves both rows.
  await bad.getByTestId('field-wwpns').fill('10-00-00-10-9B-AA-00-03');
  await page.getByTestId('save').click();
  await waitForText(page.getByTestId('page-message'), 'Saved 2 aliases');
  await waitForCell(bad, 'wwpns', '10:00:00:10:9b:aa:00:03');
  await closeCleanly(page);
});

test('sign-in errors, sign-out and screenshots of the main pages', async () => {
  const { alice } = env.fx.clients;
  await setContext(alice, env.fx.customer.id, env.fx.project.id);
  const page = await newUserPage(env.browser);
  await page.goto(`${env.stack.url}/?heartbeat_ms=1000#/zones`);
  await page.getByTestId('username').fill('alice');
  await page.getByTestId('password').fill('wrong password');
  await page.getByTestId('sign-in').click();
  await waitForText(page.getByTestId('sign-in-error'), 'Invalid username or password');
  await screenshot(page, 'sign-in.png');

  await page.getByTestId('password').fill(env.fx.people.alice.password);
  await page.getByTestId('sign-in').click();
  await page.getByTestId('zones-table').waitFor();
  await waitForText(page.getByTestId('current-user'), 'Alice Anders');
  await page.locator('[data-testid="member-chip"]').first().waitFor();
  await screenshot(page, 'zones.png');

  const shots = [
    ['aliases', 'aliases-table', 'aliases.png'],
    ['fabrics', 'fabrics-table', 'fabrics.png'],
    ['storage', 'storage-table', 'storage.png'],
    ['hosts', 'hosts-table', 'hosts.png'],
    ['volumes', 'volumes-table', 'volumes.png'],
  ];
  const rows = {};
  for (const [nav, table, file] of shots) {
    await page.getByTestId(`nav-${nav}`).click();
    await page.getByTestId(table).waitFor();
    rows[nav] = await page.getByTestId(table).locator('tbody tr').count();
    await screenshot(page, file);
  }
  assert.ok(rows.aliases >= 4, 'aliases listed');
  assert.deepEqual({ ...rows, aliases: 4 }, { aliases: 4, fabrics: 2, storage: 1, hosts: 2, volumes: 2 });

  await page.getByTestId('nav-fabrics').click();
  await page.locator('[data-testid="fabric-row"]').first().getByTestId('open').click();
  await page.getByTestId('record-form').waitFor();
  await screenshot(page, 'fabric-detail.png');

  await page.getByTestId('sign-out').click();
  await page.getByTestId('sign-in-form').waitFor();
  const status = await page.evaluate(async () => (await fetch('/api/auth/user/')).status);
  assert.equal(status, 401);
  await closeCleanly(page);
});

test('an ended session returns to sign-in', async () => {
  const page = await newUserPage(env.browser);
  // A slow heartbeat, so that the click below, not a heartbeat racing it, is what meets the 401.
  await signIn(page, env.stack.url, env.fx.people.alice, { hash: '#/fabrics', heartbeatMs: 60000 });
  await page.getByTestId('fabrics-table').waitFor();
  await page.context().clearCookies();
  // Through the URL rather than a click: a heartbeat may end the session first and take the link
  // away, which a click would wait for in vain.
  await page.evaluate(() => { window.location.hash = '#/storage'; });
  await page.getByTestId('sign-in-form').waitFor();
  await waitForText(page.getByTestId('sign-in-reason'), 'session has ended');
  await page.context().close();
});
