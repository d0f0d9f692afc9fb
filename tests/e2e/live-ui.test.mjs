// Browser tests of live collaboration against the real stack (GET /api/events/ and record
// presence): two engineers in two browser contexts. Bob's saves reach alice's zones table without
// a reload (in place, with the new version and *recent*), never over her unsaved edits, which are
// marked "bob saved a newer version — review" instead; zones created and deleted elsewhere appear
// and disappear; a row or form bob has open reads "bob is editing" for alice until he leaves; a
// third user signing in shows in alice's active-users panel without it asking the server again.
// Every wait is on the page's state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  answerConflict, call, cellValue, closeCleanly, editField, listAll, newUserPage, rowNote, screenshot, setContext, signIn,
  signedInClient, useBrowserStack, waitForCell, waitForText,
} from './helpers.mjs';

const env = useBrowserStack();

async function projectZones() {
  return listAll(env.fx.admin, `/api/san/zones/project/${env.fx.project.id}/`);
}

async function zoneNamed(name) {
  const zone = (await projectZones()).find((z) => z.name === name);
  assert.ok(zone, `zone ${name} exists`);
  return zone;
}

const zoneRow = (page, id) => page.locator(`[data-testid="zone-row"][data-id="${id}"]`);

/** Signs `person` in on `hash` and waits until the page's live stream is ready. */
async function openLive(person, hash, options = {}) {
  const page = await newUserPage(env.browser);
  await signIn(page, env.stack.url, person, { hash, ...options });
  await page.locator('[data-testid="live-status"][data-state="ready"]').waitFor();
  return page;
}

test('bob\'s saves reach alice\'s rows live; her unsaved edits stay, marked for review', async () => {
  const { alice, bob } = env.fx.clients;
  await setContext(alice, env.fx.customer.id, env.fx.project.id);
  await setContext(bob, env.fx.customer.id, env.fx.project.id);
  const one = await zoneNamed('z_esx01_v7k');
  const two = await zoneNamed('z_esx02_v7k');
  const pageA = await openLive(env.fx.people.alice, '#/zones');
  const pageB = await openLive(env.fx.people.bob, '#/zones');
  const [oneA, twoA, oneB, twoB] = [zoneRow(pageA, one.id), zoneRow(pageA, two.id), zoneRow(pageB, one.id), zoneRow(pageB, two.id)];
  await waitForText(oneA.getByTestId('version'), String(one.version));
  await waitForText(twoB.getByTestId('version'), String(two.version));

  // Alice has an unsaved edit in zone 2 (the row closed again); bob saves zone 1.
  await editField(twoA, 'notes', 'alice: not saved yet');
  await twoA.getByTestId('field-notes').press('Enter');
  await waitForText(pageA.getByTestId('unsaved-count'), '1 unsaved zone');
  await editField(oneB, 'notes', 'bob: port 3 added');
  await pageB.getByTestId('save').click();
  await waitForText(pageB.getByTestId('page-message'), 'Saved 1 zone');

  // Zone 1 in alice's table: bob's version, in place, tagged recent; her zone 2 edit untouched.
  await waitForText(oneA.getByTestId('version'), String(one.version + 1));
  await waitForCell(oneA, 'notes', 'bob: port 3 added');
  await waitForText(oneA.getByTestId('modified-by'), 'bob');
  await oneA.getByTestId('recent-change').waitFor();
  assert.match(await oneA.getAttribute('class'), /\brecent\b/);
  assert.equal(await oneA.getAttribute('data-stale'), 'false');
  assert.equal(await cellValue(twoA, 'notes'), 'alice: not saved yet');
  assert.equal(await pageA.getByTestId('unsaved-count').textContent(), '1 unsaved zone');
  // Bob's own save marks nothing of his.
  assert.equal(await oneB.getAttribute('data-stale'), 'false');
  assert.equal(await oneB.getByTestId('recent-change').count(), 0);

  // Bob saves zone 2, which alice is editing: her row keeps her edit and its version, and says so.
  await editField(twoB, 'notes', 'bob: zone 2 checked');
  await pageB.getByTestId('save').click();
  await waitForText(twoB.getByTestId('version'), String(two.version + 1));
  await waitForText(rowNote(pageA, two.id).getByTestId('row-stale'), 'bob saved a newer version — review');
  assert.equal(await twoA.getAttribute('data-stale'), 'true');
  assert.equal(await cellValue(twoA, 'notes'), 'alice: not saved yet');
  assert.equal(await twoA.getByTestId('version').textContent(), String(two.version));
  assert.equal(await rowNote(pageB, two.id).getByTestId('row-stale').count(), 0, 'bob\'s own row is not marked');
  await screenshot(pageA, 'live-zones.png');

  // Review: the dialog names bob and his version; Keep mine puts her edit onto it and saves.
  await rowNote(pageA, two.id).getByTestId('row-review').click();
  const dialog = pageA.getByTestId('conflict-dialog');
  await dialog.waitFor();
  assert.equal(await dialog.getByTestId('conflict-user').textContent(), 'bob');
  assert.equal(await dialog.getByTestId('conflict-version').textContent(), String(two.version + 1));
  await answerConflict(dialog, 'conflict-keep-mine');
  await waitForText(twoA.getByTestId('version'), String(two.version + 2));
  await rowNote(pageA, two.id).getByTestId('row-stale').waitFor({ state: 'detached' });
  // What is left under the row: bob still has it open.
  assert.equal(await rowNote(pageA, two.id).getByTestId('row-editing').textContent(), 'bob is editing');
  const saved = await zoneNamed('z_esx02_v7k');
  assert.equal(saved.notes, 'alice: not saved yet');
  assert.equal(saved.version, two.version + 2);
  assert.equal(saved.last_modified_by, 'alice');
  // ... which reaches bob's table in turn.
  await waitForCell(twoB, 'notes', 'alice: not saved yet');
  await waitForText(twoB.getByTestId('modified-by'), 'alice');

  // Show theirs: alice edits zone 1, bob saves it, alice takes his version.
  await editField(oneA, 'notes', 'alice: to be dropped');
  await oneA.getByTestId('field-notes').press('Enter');
  await editField(oneB, 'notes', 'bob: wins this one');
  await pageB.getByTestId('save').click();
  await waitForText(rowNote(pageA, one.id), 'bob saved a newer version');
  await rowNote(pageA, one.id).getByTestId('row-review').click();
  await answerConflict(dialog, 'conflict-reload');
  await waitForCell(oneA, 'notes', 'bob: wins this one');
  await waitForText(oneA.getByTestId('version'), String(one.version + 2));
  assert.equal(await pageA.getByTestId('unsaved-count').count(), 0);

  // A zone bob creates appears in alice's table; deleted, it goes again.
  const created = (await call(bob.post('/api/san/zones/save/', {
    project_id: env.fx.project.id,
    zones: [{ fabric: env.fx.fabric.id, name: 'z_live_new', zone_type: 'standard', notes: 'made by bob', members: [] }],
  }), 200, 'bob creates a zone')).zones[0];
  await waitForCell(zoneRow(pageA, created.id), 'notes', 'made by bob');
  await waitForText(zoneRow(pageA, created.id).getByTestId('modified-by'), 'bob');
  await call(bob.delete(`/api/san/zones/delete/${created.id}/?version=${created.version}`), [200, 204], 'bob deletes it');
  await zoneRow(pageA, created.id).waitFor({ state: 'detached' });
  assert.equal(await pageA.getByTestId('conflict-dialog').count(), 0);

  await closeCleanly(pageA);
  await closeCleanly(pageB);
});

test('the aliases table takes bob\'s save live too', async () => {
  const { bob } = env.fx.clients;
  const aliases = await listAll(env.fx.admin, `/api/san/aliases/project/${env.fx.project.id}/`);
  const alias = aliases.find((a) => a.name === 'esx01_hba0');
  const pageA = await openLive(env.fx.people.alice, '#/aliases');
  const row = pageA.locator(`[data-testid="alias-row"][data-id="${alias.id}"]`);
  await waitForText(row.getByTestId('version'), String(alias.version));
  await call(bob.post('/api/san/aliases/save/', {
    project_id: env.fx.project.id, aliases: [{ id: alias.id, version: alias.version, notes: 'bob: HBA replaced' }],
  }), 200, 'bob saves an alias');
  await waitForCell(row, 'notes', 'bob: HBA replaced');
  await waitForText(row.getByTestId('version'), String(alias.version + 1));
  await row.getByTestId('recent-change').waitFor();
  await closeCleanly(pageA);
});

test('the fabrics list reads itself again when bob changes a fabric', async () => {
  const { bob } = env.fx.clients;
  const fabric = await call(bob.get(`/api/san/fabrics/${env.fx.fabricB.id}/`), 200, 'fabric');
  const pageA = await openLive(env.fx.people.alice, '#/fabrics');
  const row = pageA.locator(`[data-testid="fabric-row"][data-id="${fabric.id}"]`);
  await waitForText(row.getByTestId('version'), String(fabric.version));
  await call(bob.patch(`/api/san/fabrics/${fabric.id}/`, { notes: 'bob: new core switch', version: fabric.version }), 200, 'bob patches');
  await waitForText(row, 'bob: new core switch');
  await waitForText(row.getByTestId('version'), String(fabric.version + 1));
  await row.getByTestId('recent-change').waitFor();
  await closeCleanly(pageA);
});

test('the projects list follows bob: his new project appears, renamed, then gone', async () => {
  const { bob } = env.fx.clients;
  const pageA = await openLive(env.fx.people.alice, '#/projects');
  await pageA.getByTestId('projects-table').waitFor();
  const created = await call(bob.post('/api/core/projects/', { name: 'Live project by bob', customer: env.fx.customer.id, notes: '' }), 201, 'bob creates');
  const row = pageA.locator(`[data-testid="project-row"][data-id="${created.id}"]`);
  await waitForText(row.getByTestId('project-name'), 'Live project by bob');
  await call(bob.put(`/api/core/projects/update/${created.id}/`, { name: 'Live project renamed', version: created.version }), 200, 'bob renames');
  await waitForText(row.getByTestId('project-name'), 'Live project renamed');
  await call(bob.delete(`/api/core/projects/delete/${created.id}/?version=${created.version + 1}`), 200, 'bob deletes');
  await row.waitFor({ state: 'detached' });
  await closeCleanly(pageA);
});

test('a fabric form says when bob saves a newer version: show it, or review over unsaved edits', async () => {
  const { bob } = env.fx.clients;
  const id = env.fx.fabricB.id;
  const loaded = await call(bob.get(`/api/san/fabrics/${id}/`), 200, 'fabric');
  const pageA = await openLive(env.fx.people.alice, `#/fabrics/${id}`);
  const form = pageA.getByTestId('record-form');
  await waitForText(form.getByTestId('record-version'), String(loaded.version));

  // No unsaved edits: the form keeps what it shows until alice asks for bob's version.
  await call(bob.patch(`/api/san/fabrics/${id}/`, { notes: 'bob: first', version: loaded.version }), 200, 'bob patches');
  await waitForText(form.getByTestId('record-stale'), 'bob saved a newer version — show it');
  assert.equal(await form.getByTestId('record-version').textContent(), String(loaded.version));
  await form.getByTestId('record-review').click();
  await waitForText(form.getByTestId('record-version'), String(loaded.version + 1));
  await waitForText(form.getByTestId('field-notes'), 'bob: first', { value: true });
  await form.getByTestId('record-stale').waitFor({ state: 'detached' });

  // With an unsaved edit: review opens the conflict dialog; Keep mine saves it onto bob's version.
  await form.getByTestId('field-zoneset_name').fill('vsan20_zs_live');
  await call(bob.patch(`/api/san/fabrics/${id}/`, { notes: 'bob: second', version: loaded.version + 1 }), 200, 'bob patches again');
  await waitForText(form.getByTestId('record-stale'), 'bob saved a newer version — review');
  await form.getByTestId('record-review').click();
  const dialog = pageA.getByTestId('conflict-dialog');
  await dialog.waitFor();
  assert.equal(await dialog.getByTestId('conflict-user').textContent(), 'bob');
  assert.equal(await dialog.getByTestId('conflict-version').textContent(), String(loaded.version + 2));
  await answerConflict(dialog, 'conflict-keep-mine');
  await waitForText(form.getByTestId('record-version'), String(loaded.version + 3));
  const saved = await call(bob.get(`/api/san/fabrics/${id}/`), 200, 'fabric');
  assert.equal(saved.zoneset_name, 'vsan20_zs_live');
  assert.equal(saved.notes, 'bob: second');
  assert.equal(saved.last_modified_by, 'alice');
  assert.equal(await form.getByTestId('record-stale').count(), 0, 'her own save is not announced');
  await closeCleanly(pageA);
});

test('a zone row and a fabric form bob has open read "bob is editing" for alice until he leaves', async () => {
  await setContext(env.fx.clients.bob, env.fx.customer.id, env.fx.project.id);
  const zone = await zoneNamed('z_backup');
  const pageA = await openLive(env.fx.people.alice, '#/zones');
  const pageB = await openLive(env.fx.people.bob, '#/zones');
  const rowA = zoneRow(pageA, zone.id);
  await rowA.waitFor();
  assert.equal(await rowNote(pageA, zone.id).count(), 0);

  // Bob opens the row for editing: alice sees it live.
  await zoneRow(pageB, zone.id).getByTestId('cell-notes').click();
  await zoneRow(pageB, zone.id).getByTestId('field-notes').waitFor();
  await waitForText(rowNote(pageA, zone.id).getByTestId('row-editing'), 'bob is editing');
  // Alice loads the page again while bob has the row open: the rows in view are read together.
  const reads = [];
  pageA.on('request', (request) => { if (request.url().includes('/api/core/editing/')) reads.push(request.url()); });
  await pageA.reload();
  await waitForText(rowNote(pageA, zone.id).getByTestId('row-editing'), 'bob is editing');
  assert.ok(reads.length >= 1 && reads.every((url) => url.includes('/api/core/editing/records/?entity=zone&ids=')), reads.join('\n'));
  assert.ok(reads.some((url) => new URL(url).searchParams.get('ids').split(',').includes(String(zone.id))), reads.join('\n'));
  // Closing the row without a change, then leaving the page, clears it.
  await pageB.evaluate(() => { window.location.hash = '#/fabrics'; });
  await pageB.getByTestId('fabrics-page').waitFor();
  await rowNote(pageA, zone.id).waitFor({ state: 'detached' });

  // Bob opens the fabric's form; alice opens it after him: the present is read when she arrives.
  await pageB.evaluate((id) => { window.location.hash = `#/fabrics/${id}`; }, env.fx.fabric.id);
  await pageB.getByTestId('record-form').waitFor();
  await pageA.evaluate((id) => { window.location.hash = `#/fabrics/${id}`; }, env.fx.fabric.id);
  await waitForText(pageA.getByTestId('record-editors'), 'bob is editing');
  // And live the other way round: bob sees alice, who came second.
  await waitForText(pageB.getByTestId('record-editors'), 'alice is editing');
  await pageB.evaluate(() => { window.location.hash = '#/fabrics'; });
  await pageA.getByTestId('record-editors').waitFor({ state: 'detached' });
  await closeCleanly(pageA);
  await closeCleanly(pageB);
});

test('a third user signing in shows up in alice\'s active-users panel without a reload', async () => {
  const { admin, customer, project } = env.fx;
  const carol = { username: 'carol', password: 'carol-password-1', first_name: 'Carol', last_name: 'Chen' };
  await call(admin.post('/api/core/users/', { ...carol, email: 'carol@example.com', is_superuser: false }), 201, 'create carol');
  await call(admin.post(`/api/customers/${customer.id}/members/`, { username: carol.username }), [200, 201], 'add carol');
  await setContext(await signedInClient(env.stack.url, carol.username, carol.password), customer.id, project.id);

  // Alice's page asks for the active users only every minute: what comes sooner came live.
  const pageA = await openLive(env.fx.people.alice, '#/zones', { heartbeatMs: 60000 });
  await pageA.getByTestId('active-users-toggle').click();
  await pageA.locator('[data-testid="active-user"][data-username="alice"]').waitFor();
  let asked = 0;
  pageA.on('request', (request) => { if (request.url().includes('/api/core/active-users/')) asked += 1; });
  assert.equal(await pageA.locator('[data-testid="active-user"][data-username="carol"]').count(), 0);

  const pageC = await openLive(carol, '#/zones');
  const entry = pageA.locator('[data-testid="active-user"][data-username="carol"]');
  await waitForText(entry.getByTestId('active-user-project'), 'Migration 2025');
  assert.equal(await entry.getByTestId('active-user-customer').textContent(), 'ACME Storage');
  assert.match(await entry.textContent(), /Carol Chen/);
  assert.equal(asked, 0, 'the panel did not ask the server again');
  await closeCleanly(pageC);
  await closeCleanly(pageA);
});

// Last: it restarts the gateway.
test('after the gateway restarts, alice\'s page reconnects by itself and takes bob\'s next save live', async () => {
  const { bob } = env.fx.clients;
  const zone = await zoneNamed('z_backup');
  const pageA = await openLive(env.fx.people.alice, '#/zones', { heartbeatMs: 60000 });
  const row = zoneRow(pageA, zone.id);
  await waitForText(row.getByTestId('version'), String(zone.version));

  await env.stack.stopService('gateway');
  await pageA.locator('[data-testid="live-status"][data-state="reconnecting"]').waitFor();
  await env.stack.startService('gateway');
  await pageA.locator('[data-testid="live-status"][data-state="ready"]').waitFor({ timeout: 60000 });
  await call(bob.post('/api/san/zones/save/', {
    project_id: env.fx.project.id, zones: [{ id: zone.id, version: zone.version, notes: 'bob: after the restart' }],
  }), 200, 'bob saves');
  await waitForCell(row, 'notes', 'bob: after the restart');
  await waitForText(row.getByTestId('version'), String(zone.version + 1));
  // What the browser logged while the gateway was away (refused connections, the stream's 503
  // while the new gateway reached the services' feeds) is expected; nothing else is.
  pageA.errors = pageA.errors.filter((e) => !/ERR_CONNECTION_REFUSED|status of 503|EventSource's response has a MIME type/.test(e));
  await closeCleanly(pageA);
});
