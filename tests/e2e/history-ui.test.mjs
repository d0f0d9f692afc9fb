// Browser test of the History panel against the real stack: a zone created by alice, its notes
// changed by bob, a member added by alice; the panel lists the three entries newest first with
// their users and exact changes, restores the first version (the table shows the old notes under
// a new version) and then lists the restore; a stale restore is refused. A fabric's form opens the
// same panel, and an alias's WWPN lists read as the items added and removed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call, closeCleanly, newUserPage, signIn, useBrowserStack, waitForCell, waitForText } from './helpers.mjs';

const env = useBrowserStack();

async function saveZone(client, zone) {
  const answer = await call(client.post('/api/san/zones/save/', { project_id: env.fx.project.id, zones: [zone] }), 200, 'save zone');
  return answer.zones[0];
}

/** The entries of the open panel as {version, action, by, from}, newest first. */
async function entriesOf(panel) {
  const entries = panel.getByTestId('history-entry');
  const out = [];
  for (let i = 0; i < await entries.count(); i += 1) {
    const entry = entries.nth(i);
    out.push({
      version: Number(await entry.getAttribute('data-version')),
      action: await entry.getAttribute('data-action'),
      by: await entry.getByTestId('history-by').textContent(),
    });
  }
  return out;
}

test('a zone\'s history: three entries with their users and changes, restore to the first version', async () => {
  const { alice, bob } = env.fx.clients;
  const { aliasId, fabric } = env.fx;
  const created = await saveZone(alice, {
    fabric: fabric.id, name: 'z_history', zone_type: 'standard', create: true, notes: 'alice: first',
    members: [{ alias: aliasId.esx01_hba0 }],
  });
  const byBob = await saveZone(bob, { id: created.id, version: created.version, notes: 'bob: second' });
  const byAlice = await saveZone(alice, {
    id: created.id, version: byBob.version, members: [{ alias: aliasId.esx01_hba0 }, { alias: aliasId.v7k_n1p1, role: 'target' }],
  });

  const page = await newUserPage(env.browser);
  await signIn(page, env.stack.url, env.fx.people.alice, { hash: '#/zones' });
  const row = page.locator(`[data-testid="zone-row"][data-id="${created.id}"]`);
  await waitForText(row.getByTestId('version'), String(byAlice.version));
  await row.getByTestId('history-row').click();
  const panel = page.getByTestId('history-panel');
  await panel.waitFor();
  await waitForText(panel.getByTestId('history-entry').nth(2), 'create');
  assert.deepEqual(await entriesOf(panel), [
    { version: byAlice.version, action: 'update', by: 'alice' },
    { version: byBob.version, action: 'update', by: 'bob' },
    { version: created.version, action: 'create', by: 'alice' },
  ]);
  const [newest, middle, first] = [0, 1, 2].map((i) => panel.getByTestId('history-entry').nth(i));
  // The member added, by its alias's name and role; nothing else changed.
  assert.equal(await newest.getByTestId('history-change').count(), 1);
  assert.equal(await newest.getByTestId('history-change').getAttribute('data-field'), 'members');
  assert.deepEqual(await newest.getByTestId('history-added').allTextContents(), ['+ v7k_n1p1 (target)']);
  assert.equal(await newest.getByTestId('history-removed').count(), 0);
  // Bob's notes, old → new.
  assert.equal(await middle.getByTestId('history-change').count(), 1);
  const notes = middle.locator('[data-testid="history-change"][data-field="notes"]');
  assert.equal(await notes.getByTestId('history-old').textContent(), 'alice: first');
  assert.equal(await notes.getByTestId('history-new').textContent(), 'bob: second');
  // The create: every field from nothing, the first member added.
  assert.equal(await first.locator('[data-field="name"] [data-testid="history-new"]').textContent(), 'z_history');
  assert.equal(await first.locator('[data-field="name"] [data-testid="history-old"]').textContent(), '∅');
  assert.deepEqual(await first.locator('[data-field="members"] [data-testid="history-added"]').allTextContents(), ['+ esx01_hba0']);
  assert.match(await newest.getByTestId('history-at').textContent(), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/);
  // The current version cannot be restored onto itself.
  assert.equal(await newest.getByTestId('history-restore').isDisabled(), true);

  // Restore the first version, confirmed.
  let asked = '';
  page.once('dialog', (dialog) => { asked = dialog.message(); dialog.accept(); });
  await first.getByTestId('history-restore').click();
  await waitForText(panel.getByTestId('page-message'), `Restored version ${created.version}`);
  assert.equal(asked, `Restore zone z_history to version ${created.version}? This saves a new version.`);
  await waitForText(row.getByTestId('version'), String(byAlice.version + 1));
  await waitForCell(row, 'notes', 'alice: first');
  await waitForText(panel.getByTestId('history-entry').first(), 'restore');
  const top = panel.getByTestId('history-entry').first();
  assert.equal(await top.getAttribute('data-version'), String(byAlice.version + 1));
  assert.equal(await top.getByTestId('history-by').textContent(), 'alice');
  assert.equal(await top.getByTestId('history-from').textContent(), `of v${created.version}`);
  assert.deepEqual(await top.locator('[data-field="members"] [data-testid="history-removed"]').allTextContents(), ['− v7k_n1p1 (target)']);
  assert.equal(await top.locator('[data-field="notes"] [data-testid="history-new"]').textContent(), 'alice: first');
  const stored = await call(alice.get(`/api/san/zones/${created.id}/history/`), 200, 'history');
  assert.equal(stored.results[0].action, 'restore');
  assert.equal(stored.count, 4);

  // A stale restore: bob saves meanwhile; the panel shows the conflict message and restores nothing.
  await saveZone(bob, { id: created.id, version: byAlice.version + 1, notes: 'bob: third' });
  page.once('dialog', (dialog) => dialog.accept());
  await panel.getByTestId('history-entry').nth(2).getByTestId('history-restore').click();
  await waitForText(panel.getByTestId('page-error'), 'modified by bob');
  assert.equal((await call(alice.get(`/api/san/zones/${created.id}/history/`), 200, 'history')).count, 5);
  await panel.getByTestId('history-close').click();
  await panel.waitFor({ state: 'detached' });
  await closeCleanly(page);
});

test('a fabric\'s form opens its history and restores an earlier version into the form', async () => {
  const { admin } = env.fx;
  const fabric = await call(admin.get(`/api/san/fabrics/${env.fx.fabricB.id}/`), 200, 'fabric');
  await call(admin.patch(`/api/san/fabrics/${fabric.id}/`, { notes: 'moved to DC2', version: fabric.version }), 200, 'patch fabric');
  const changed = await call(admin.get(`/api/san/fabrics/${fabric.id}/`), 200, 'fabric');
  assert.equal(changed.version, fabric.version + 1);
  const page = await newUserPage(env.browser);
  await signIn(page, env.stack.url, env.fx.people.alice, { hash: `#/fabrics/${fabric.id}` });
  await waitForText(page.getByTestId('record-version'), String(changed.version));
  await page.getByTestId('history').click();
  const panel = page.getByTestId('history-panel');
  const newest = panel.getByTestId('history-entry').first();
  await waitForText(newest, 'moved to DC2');
  assert.equal(await newest.locator('[data-field="notes"] [data-testid="history-old"]').textContent(), fabric.notes);
  page.once('dialog', (dialog) => dialog.accept());
  await panel.getByTestId('history-entry').nth(1).getByTestId('history-restore').click();
  await waitForText(page.getByTestId('record-version'), String(changed.version + 1));
  assert.equal(await page.getByTestId('field-notes').inputValue(), fabric.notes);
  await closeCleanly(page);
});

test('an alias\'s history shows its WWPNs added and removed', async () => {
  const { bob } = env.fx.clients;
  const aliases = await call(bob.get(`/api/san/aliases/project/${env.fx.project.id}/?page_size=500`), 200, 'aliases');
  const alias = (aliases.results || aliases).find((a) => a.id === env.fx.aliasId.esx02_hba0);
  await call(bob.post('/api/san/aliases/save/', {
    project_id: env.fx.project.id,
    aliases: [{ id: alias.id, version: alias.version, wwpns: ['10:00:00:10:9b:aa:00:12', '10:00:00:10:9b:aa:00:13'] }],
  }), 200, 'bob changes the WWPNs');
  const page = await newUserPage(env.browser);
  await signIn(page, env.stack.url, env.fx.people.alice, { hash: '#/aliases' });
  const row = page.locator(`[data-testid="alias-row"][data-id="${alias.id}"]`);
  await waitForText(row.getByTestId('version'), String(alias.version + 1));
  await row.getByTestId('history-row').click();
  const newest = page.getByTestId('history-panel').getByTestId('history-entry').first();
  await waitForText(newest, 'bob');
  const wwpns = newest.locator('[data-field="wwpns"]');
  assert.deepEqual(await wwpns.getByTestId('history-added').allTextContents(), ['+ 10:00:00:10:9b:aa:00:12', '+ 10:00:00:10:9b:aa:00:13']);
  assert.deepEqual(await wwpns.getByTestId('history-removed').allTextContents(), ['− 10:00:00:10:9b:aa:00:02']);
  await closeCleanly(page);
});

test('a project\'s and a customer\'s forms open their history; a renamed project is renamed back', async () => {
  const { bob } = env.fx.clients;
  const project = await call(bob.post('/api/core/projects/', { name: 'Refresh 2026', customer: env.fx.customer.id, notes: '' }), 201, 'create project');
  await call(bob.put(`/api/core/projects/update/${project.id}/`, { name: 'Refresh 2027', version: project.version }), 200, 'rename');
  const page = await newUserPage(env.browser);
  await signIn(page, env.stack.url, env.fx.people.alice, { hash: '#/projects' });
  const row = page.locator(`[data-testid="project-row"][data-id="${project.id}"]`);
  await waitForText(row.getByTestId('project-name'), 'Refresh 2027');
  await row.getByTestId('edit-project').click();
  await page.getByTestId('project-edit-form').getByTestId('history').click();
  const panel = page.getByTestId('history-panel');
  const newest = panel.getByTestId('history-entry').first();
  await waitForText(newest.getByTestId('history-by'), 'bob');
  assert.equal(await newest.locator('[data-field="name"] [data-testid="history-old"]').textContent(), 'Refresh 2026');
  assert.equal(await newest.locator('[data-field="name"] [data-testid="history-new"]').textContent(), 'Refresh 2027');
  page.once('dialog', (dialog) => dialog.accept());
  await panel.getByTestId('history-entry').nth(1).getByTestId('history-restore').click();
  // The projects page closes its form on a save, a restore included, and says what it saved.
  await waitForText(page.getByTestId('page-message'), `Saved Refresh 2026 (version ${project.version + 2})`);
  await waitForText(row.getByTestId('project-name'), 'Refresh 2026');
  const restored = await call(bob.get(`/api/core/projects/detail/${project.id}/`), 200, 'project');
  assert.equal(restored.name, 'Refresh 2026');
  assert.equal(restored.version, project.version + 2);
  await page.context().close();

  // The customer's own story: its creation is there for a member to read.
  const customerPage = await newUserPage(env.browser);
  await signIn(customerPage, env.stack.url, env.fx.people.alice, { hash: `#/customers/${env.fx.customer.id}` });
  await customerPage.getByTestId('history').click();
  const oldest = customerPage.getByTestId('history-panel').getByTestId('history-entry').last();
  await waitForText(oldest, 'create');
  assert.equal(await oldest.locator('[data-field="name"] [data-testid="history-new"]').textContent(), env.fx.customer.name);
  await closeCleanly(customerPage);
});
