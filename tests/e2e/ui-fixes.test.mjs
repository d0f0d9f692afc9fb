// Browser tests of what was found when the UI was tried: a record the other user deleted, a blank
// zone name, zones of one name in two fabrics, clock skew and time zones in the conflict dialog,
// a proxy's HTML error page, a list that failed to load, the top bar at 1280 px, the volumes
// page's first system, and identity's field errors under their fields.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  answerConflict, call, closeCleanly, editField, listAll, newUserPage, setContext, signedInClient, signIn,
  useBrowserStack, waitForText,
} from './helpers.mjs';

const env = useBrowserStack();

const zoneRows = (page, name) => page.locator(`[data-testid="zone-row"][data-name="${name}"]`);
const zoneRowById = (page, id) => page.locator(`[data-testid="zone-row"][data-id="${id}"]`);

async function projectZones() {
  return listAll(env.fx.admin, `/api/san/zones/project/${env.fx.project.id}/`);
}

async function createZones(zones) {
  const answer = await call(env.fx.admin.post('/api/san/zones/save/', { project_id: env.fx.project.id, zones }), 200, 'save zones');
  return answer.zones;
}

async function deleteAsBob(zone) {
  await call(env.fx.clients.bob.delete(`/api/san/zones/delete/${zone.id}/?version=${zone.version}`), [200, 204], `bob deletes ${zone.name}`);
}

test('a zone deleted by the other user: the dialog names who; Reload theirs removes the row, Keep mine creates it again', async () => {
  const [gone, kept] = await createZones([
    { fabric: env.fx.fabric.id, name: 'z_gone', zone_type: 'standard', notes: 'to be deleted', members: [{ alias: env.fx.aliasId.esx01_hba0 }] },
    { fabric: env.fx.fabric.id, name: 'z_kept', zone_type: 'standard', notes: 'to be kept', members: [{ alias: env.fx.aliasId.esx02_hba0 }] },
  ]);
  const page = await newUserPage(env.browser);
  await signIn(page, env.stack.url, env.fx.people.alice, { hash: '#/zones' });
  await zoneRows(page, 'z_gone').waitFor();

  // Round 1: alice edits, bob deletes, alice saves and reloads theirs.
  await editField(zoneRows(page, 'z_gone'), 'notes', 'alice: edited');
  await deleteAsBob(gone);
  await page.getByTestId('save').click();
  const dialog = page.getByTestId('conflict-dialog');
  await dialog.waitFor();
  await waitForText(dialog.getByTestId('conflict-user'), 'bob');
  assert.match(await dialog.locator('h2').textContent(), /deleted by someone else/);
  assert.equal(await dialog.getByTestId('conflict-name').textContent(), 'z_gone (FAB_A)');
  assert.match(await dialog.getByTestId('conflict-when').textContent(), /ago|just now/);
  assert.doesNotMatch(await dialog.textContent(), /Unknown/);
  await answerConflict(dialog, 'conflict-reload');
  await zoneRows(page, 'z_gone').waitFor({ state: 'detached' });
  assert.equal(await page.getByTestId('unsaved-count').count(), 0, 'nothing left unsaved');
  assert.equal((await projectZones()).some((z) => z.name === 'z_gone'), false);

  // Round 2: alice edits, bob deletes, alice keeps hers: the zone is created again with her edit.
  await editField(zoneRows(page, 'z_kept'), 'notes', 'alice: still needed');
  await deleteAsBob(kept);
  await page.getByTestId('save').click();
  await dialog.waitFor();
  await waitForText(dialog.getByTestId('conflict-user'), 'bob');
  await answerConflict(dialog, 'conflict-keep-mine');
  await waitForText(page.getByTestId('page-message'), 'Saved 1 zone');
  const again = (await projectZones()).find((z) => z.name === 'z_kept');
  assert.ok(again, 'the zone exists again');
  assert.notEqual(again.id, kept.id);
  assert.equal(again.notes, 'alice: still needed');
  assert.equal(again.last_modified_by, 'alice');
  assert.deepEqual(again.members.map((m) => m.alias), [env.fx.aliasId.esx02_hba0]);
  await waitForText(zoneRows(page, 'z_kept').getByTestId('version'), String(again.version));
  assert.equal(await zoneRows(page, 'z_kept').count(), 1);
  await closeCleanly(page);
});

test('a blank zone name is marked on its field; zones of one name in two fabrics are told apart', async () => {
  const [twinA, twinB] = await createZones([
    { fabric: env.fx.fabric.id, name: 'z_twin', zone_type: 'standard', notes: 'in A', members: [] },
    { fabric: env.fx.fabricB.id, name: 'z_twin', zone_type: 'standard', notes: 'in B', members: [] },
  ]);
  const page = await newUserPage(env.browser);
  await signIn(page, env.stack.url, env.fx.people.alice, { hash: '#/zones' });
  await zoneRowById(page, twinA.id).waitFor();

  // A new zone without a name: the error is on the name field of that row, not "Unknown: …".
  const before = (await projectZones()).length;
  await page.getByTestId('add-row').click();
  const fresh = page.locator('[data-testid="zone-row"].new');
  await fresh.getByTestId('field-name').waitFor();
  await page.getByTestId('save').click();
  await fresh.locator('[data-testid="field-error"][data-field="name"]').waitFor();
  assert.equal(await fresh.getByTestId('field-name').getAttribute('aria-invalid'), 'true');
  assert.doesNotMatch(await page.getByTestId('page-error').textContent(), /Unknown/);
  assert.equal((await projectZones()).length, before, 'nothing was saved');
  await fresh.getByTestId('field-name').press('Escape');
  await fresh.waitFor({ state: 'detached' });

  // Both twins edited; bob changes the one in FAB_B meanwhile: the dialog and the row marks name that one.
  await editField(zoneRowById(page, twinA.id), 'notes', 'alice: A');
  await zoneRowById(page, twinA.id).getByTestId('field-notes').press('Enter');
  await editField(zoneRowById(page, twinB.id), 'notes', 'alice: B');
  await zoneRowById(page, twinB.id).getByTestId('field-notes').press('Enter');
  await call(env.fx.clients.bob.post('/api/san/zones/save/', {
    project_id: env.fx.project.id, zones: [{ id: twinB.id, version: twinB.version, notes: 'bob: B' }],
  }), 200, 'bob saves the twin in FAB_B');
  await page.getByTestId('save').click();
  const dialog = page.getByTestId('conflict-dialog');
  await dialog.waitFor();
  assert.equal(await dialog.getByTestId('conflict-item').count(), 1);
  assert.equal(await dialog.getByTestId('conflict-name').textContent(), 'z_twin (FAB_B)');
  assert.equal(await zoneRowById(page, twinB.id).getAttribute('data-row-error'), 'true');
  assert.equal(await zoneRowById(page, twinA.id).getAttribute('data-row-error'), 'false');
  // Keep mine saves both: the twin in FAB_B over bob's version.
  await answerConflict(dialog, 'conflict-keep-mine');
  await waitForText(page.getByTestId('page-message'), 'Saved 2 zones');
  const zones = await projectZones();
  assert.equal(zones.find((z) => z.id === twinA.id).notes, 'alice: A');
  assert.equal(zones.find((z) => z.id === twinB.id).notes, 'alice: B');
  await closeCleanly(page);
});

test('with the browser\'s clock behind the server and in another zone: no future times, one zone in the dialog', async () => {
  const { bob } = env.fx.clients;
  const context = await env.browser.newContext({ viewport: { width: 1440, height: 900 }, timezoneId: 'Europe/Berlin', locale: 'en-US' });
  // Ten minutes behind: every change the server stamps lies in this browser's future.
  await context.clock.install({ time: Date.now() - 10 * 60 * 1000 });
  const page = await context.newPage();
  page.errors = [];
  page.on('pageerror', (error) => page.errors.push(String(error)));
  await signIn(page, env.stack.url, env.fx.people.alice, { hash: '#/zones' });
  const name = 'z_esx02_v7k';
  const zone = (await projectZones()).find((z) => z.name === name);
  await waitForText(zoneRows(page, name).getByTestId('version'), String(zone.version));

  await editField(zoneRows(page, name), 'notes', 'alice: skewed');
  await call(bob.post('/api/san/zones/save/', {
    project_id: env.fx.project.id, zones: [{ id: zone.id, version: zone.version, notes: 'bob: on time' }],
  }), 200, 'bob saves');
  await page.getByTestId('save').click();
  const dialog = page.getByTestId('conflict-dialog');
  await dialog.waitFor();
  assert.equal(await dialog.getByTestId('conflict-when').textContent(), 'just now');
  const when = await dialog.getByTestId('conflict-time').textContent();
  assert.match(when, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} GMT\+[12]$/, 'local time with its zone named');
  const message = await dialog.getByTestId('conflict-message').textContent();
  assert.ok(message.includes(when), `the message says the same time in the same zone: ${message}`);
  assert.doesNotMatch(await dialog.textContent(), /\bin \d+ (second|minute)|UTC/);
  await answerConflict(dialog, 'conflict-reload');
  await waitForText(zoneRows(page, name).getByTestId('modified-by'), 'bob');
  for (const cell of await page.getByTestId('modified-at').all()) {
    assert.doesNotMatch(await cell.textContent(), /\bin \d+/);
  }
  assert.equal(await zoneRows(page, name).getByTestId('modified-at').textContent(), 'just now');
  assert.deepEqual(page.errors, []);
  await context.close();
});

test('a proxy\'s HTML 503 is a clean message; a list that failed to load is not empty and cannot be added to', async () => {
  const page = await newUserPage(env.browser);
  const proxyPage = '<html><head><title>503 Service Temporarily Unavailable</title></head><body><center><h1>503 Service Temporarily Unavailable</h1></center><hr><center>nginx</center></body></html>';
  await page.route('**/api/san/zones/project/**', (route) => route.fulfill({ status: 503, contentType: 'text/html', body: proxyPage }));
  await signIn(page, env.stack.url, env.fx.people.alice, { hash: '#/zones' });
  const error = page.getByTestId('page-error');
  await waitForText(error, 'HTTP 503');
  assert.doesNotMatch(await error.textContent(), /<|nginx|html/i);
  await page.getByTestId('zones-load-failed').waitFor();
  assert.equal(await page.getByTestId('zones-empty').count(), 0, 'no "No zones in this project yet"');
  assert.equal(await page.getByTestId('add-row').isDisabled(), true);

  // The proxy recovers: Try again loads the zones and adding is possible again.
  await page.unroute('**/api/san/zones/project/**');
  await page.getByTestId('retry-load').click();
  await zoneRows(page, 'z_esx01_v7k').waitFor();
  assert.equal(await page.getByTestId('add-row').isDisabled(), false);
  assert.equal(await page.getByTestId('page-error').count(), 0);
  assert.equal(await page.getByTestId('zones-load-failed').count(), 0);
  // The browser logs the failed request itself; the page must have added no errors of its own.
  page.errors = page.errors.filter((e) => !/status of 503/.test(e));
  await closeCleanly(page);
});

test('the top bar stays on one line at 1280 px wide with several users active', async () => {
  const { admin, customer, project } = env.fx;
  // Three engineers of the customer, each with a long name.
  const carol = { username: 'carol', password: 'carol-password-1', first_name: 'Carolina', last_name: 'Vandermeulen-Oosterhuis' };
  await call(admin.post('/api/core/users/', { ...carol, email: 'carol@example.com', is_superuser: false }), 201, 'create carol');
  await call(admin.post(`/api/customers/${customer.id}/members/`, { username: carol.username }), [200, 201], 'add carol');
  await setContext(env.fx.clients.bob, customer.id, project.id);
  await setContext(await signedInClient(env.stack.url, carol.username, carol.password), customer.id, project.id);
  const pages = [];
  for (const person of [env.fx.people.bob, carol]) {
    const other = await newUserPage(env.browser);
    await signIn(other, env.stack.url, person, { hash: '#/zones' });
    pages.push(other);
  }
  const context = await env.browser.newContext({ viewport: { width: 1280, height: 800 }, timezoneId: 'UTC', locale: 'en-US' });
  const page = await context.newPage();
  await signIn(page, env.stack.url, env.fx.people.alice, { hash: '#/zones' });
  await waitForText(page.getByTestId('active-users-count'), /^[3-9] active$/);
  const bar = page.getByTestId('top-bar');
  const layout = await bar.evaluate((element) => {
    const boxes = [...element.children].map((child) => child.getBoundingClientRect()).filter((b) => b.width > 0);
    return {
      height: element.getBoundingClientRect().height,
      overflows: element.scrollWidth > element.clientWidth,
      rightmost: Math.max(...boxes.map((b) => b.right)),
      lines: new Set(boxes.map((b) => Math.round(b.top + b.height / 2))).size,
      textLines: [...element.querySelectorAll('a, button, span, select')]
        .filter((e) => e.getClientRects().length > 1 && getComputedStyle(e).display === 'inline').length,
    };
  });
  assert.ok(layout.height <= 52, `one line high: ${layout.height}px`);
  assert.equal(layout.overflows, false);
  assert.ok(layout.rightmost <= 1280, `nothing beyond the window: ${layout.rightmost}`);
  assert.ok(layout.lines <= 2, `children centred on one line: ${JSON.stringify(layout)}`);
  assert.equal(layout.textLines, 0, 'no label broken over two lines');
  for (const label of ['Zones', 'Aliases', 'Volumes', 'Customers', 'API']) {
    assert.ok(await page.getByRole('link', { name: label, exact: true }).isVisible(), `${label} is reachable`);
  }
  assert.ok(await page.getByTestId('sign-out').isVisible());
  await context.close();
  for (const other of pages) await other.context().close();
});

test('the volumes page opens on a storage system that has volumes', async () => {
  const { admin, customer } = env.fx;
  // Listed first (by name) and without volumes.
  await call(admin.post('/api/storage/', { customer: customer.id, name: 'A-Switch-01', storage_type: 'Switch', notes: '' }), 201, 'create switch');
  const page = await newUserPage(env.browser);
  await signIn(page, env.stack.url, env.fx.people.alice, { hash: '#/volumes' });
  await page.locator('[data-testid="volume-row"]').first().waitFor();
  assert.equal(await page.getByTestId('volume-storage').inputValue(), String(env.fx.storage.id));
  assert.equal(await page.locator('[data-testid="volume-row"]').count(), 2);
  // Choosing the switch shows it has none.
  await page.getByTestId('volume-storage').selectOption({ label: 'A-Switch-01' });
  await waitForText(page.getByTestId('volumes-table-empty'), 'No volumes on this storage system.');
  await closeCleanly(page);
});

test('identity\'s field errors appear under their fields', async () => {
  const { alice } = env.fx.clients;
  await setContext(alice, env.fx.customer.id, env.fx.project.id);
  const page = await newUserPage(env.browser);
  await signIn(page, env.stack.url, env.fx.people.alice, { hash: '#/projects' });
  const row = page.locator(`[data-testid="project-row"][data-id="${env.fx.project.id}"]`);
  await row.getByTestId('edit-project').click();
  const form = page.getByTestId('project-edit-form');
  await form.getByTestId('field-notes').fill('n'.repeat(4097));
  await form.getByTestId('save').click();
  await waitForText(form.locator('[data-testid="field-error"][data-field="notes"]'), 'at most 4096 characters');
  assert.equal(await form.getByTestId('field-notes').getAttribute('aria-invalid'), 'true');
  assert.equal(await form.locator('[data-testid="field-error"]').count(), 1);
  const stored = await call(env.fx.admin.get(`/api/core/projects/detail/${env.fx.project.id}/`), 200, 'project');
  assert.notEqual(stored.notes.length, 4097, 'nothing was saved');
  await closeCleanly(page);
});

/** The first cell of each row of the table `testid`, in the order shown. */
async function firstCells(page, testid) {
  return page.getByTestId(testid).locator('tbody tr').evaluateAll((rows) => rows.map((r) => r.cells[0].textContent.trim()));
}

test('fabrics, storage, hosts, volumes, projects and customers sort by their headers and filter like the zones', async () => {
  const { admin, customer } = env.fx;
  const other = await call(admin.post('/api/customers/', { name: 'Zeta Freight', notes: 'second customer' }), 201, 'create customer');
  await call(admin.post(`/api/customers/${other.id}/members/`, { username: 'alice' }), [200, 201], 'alice joins');
  await call(admin.post('/api/core/projects/', { name: 'Backup 2026', customer: customer.id, notes: '' }), 201, 'create project');
  await call(admin.post('/api/storage/', { customer: customer.id, name: 'Lab-Switch-09', storage_type: 'Switch', notes: '' }), 201, 'create switch');
  await setContext(env.fx.clients.alice, customer.id, env.fx.project.id);
  const page = await newUserPage(env.browser);
  await signIn(page, env.stack.url, env.fx.people.alice, { hash: '#/fabrics' });

  // Each page: ascending by name, descending on a second click, a column filter and the global one.
  const pages = [
    { hash: '#/fabrics', table: 'fabrics-table', names: ['FAB_A', 'FAB_B'], column: ['zoneset_name', 'vsan20'], global: 'cisco', found: ['FAB_B'] },
    { hash: '#/storage', table: 'storage-table', names: ['Lab-Switch-09', 'V7000-PROD'], column: ['storage_type', 'flash'], global: '78E00AB', found: ['V7000-PROD'] },
    { hash: '#/hosts', table: 'hosts-table', names: ['esx01', 'esx02'], column: ['wwpns', '9b:aa:00:02'], global: 'V7000 esx01', found: ['esx01'] },
    { hash: `#/volumes?storage=${env.fx.storage.id}`, table: 'volumes-table', names: ['vmfs_ds01', 'vmfs_ds02'], column: ['capacity_bytes', '4.0 TiB'], global: '0001', found: ['vmfs_ds01'] },
    { hash: '#/projects', table: 'projects-table', names: ['Backup 2026', 'Migration 2025'], column: ['name', 'migr'], global: 'backup', found: ['Backup 2026'] },
    { hash: '#/customers', table: 'customers-table', names: ['ACME Storage', 'Zeta Freight'], column: ['notes', 'second'], global: 'acme', found: ['ACME Storage'] },
  ];
  for (const { hash, table, names, column: [field, text], global, found } of pages) {
    await page.goto(`${env.stack.url}/?heartbeat_ms=500${hash}`);
    const grid = page.getByTestId(table);
    await grid.locator('tbody tr').nth(names.length - 1).waitFor();
    const all = await firstCells(page, table);
    assert.ok(names.every((n) => all.some((c) => c.startsWith(n))), `${table}: ${all}`);
    const mine = (cells) => cells.map((c) => names.find((n) => c.startsWith(n))).filter(Boolean);
    await grid.getByTestId('sort-name').click();
    assert.deepEqual(mine(await firstCells(page, table)), names, `${table} ascending`);
    await grid.getByTestId('sort-name').click();
    assert.deepEqual(mine(await firstCells(page, table)), [...names].reverse(), `${table} descending`);
    assert.equal(await grid.locator('th[aria-sort="descending"]').count(), 1);

    await grid.getByTestId(`column-filter-${field}`).fill(text);
    const filtered = mine(await firstCells(page, table));
    assert.equal(filtered.length, 1, `${table} filtered by ${field}: ${filtered}`);
    await grid.getByTestId(`column-filter-${field}`).fill('');
    await page.getByTestId(`${table}-filter`).fill(global);
    assert.deepEqual(mine(await firstCells(page, table)), found, `${table} global filter ${global}`);
    assert.match(await page.getByTestId(`${table}-count`).textContent(), /^\d+ of \d+$/);
    await page.getByTestId(`${table}-filter`).fill('no such thing anywhere');
    await page.getByTestId(`${table}-none-match`).waitFor();
  }
  await closeCleanly(page);
});
