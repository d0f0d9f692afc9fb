// Browser tests of saves that merge (`base_version`) against the real stack: alice and bob edit
// one zone from the same loaded version (bob's edit is made before alice saves: a row without
// unsaved edits would take her version live); disjoint edits (notes, a member) save without a dialog
// and bob's row shows both, naming what of alice's it kept; the same field edited by both opens
// the dialog of fields (base, theirs with who and when, mine), where picking mine or theirs saves
// bob's other edits either way; a member's role changed by both is a conflict on that member;
// a live review's Keep mine keeps the other side's members; an alias's WWPNs and notes merge;
// hosts and volumes show their history read-only.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  answerConflict, call, closeCleanly, editField, listAll, newUserPage, rowNote, screenshot, setContext, signIn,
  useBrowserStack, waitForCell, waitForText,
} from './helpers.mjs';

const env = useBrowserStack();

const zoneRow = (page, name) => page.locator(`[data-testid="zone-row"][data-name="${name}"]`);

async function zoneNamed(name) {
  const zone = (await listAll(env.fx.admin, `/api/san/zones/project/${env.fx.project.id}/`)).find((z) => z.name === name);
  assert.ok(zone, `zone ${name} exists`);
  return zone;
}

async function saveZone(client, zone) {
  const answer = await call(client.post('/api/san/zones/save/', { project_id: env.fx.project.id, zones: [zone] }), 200, 'save zone');
  return answer.zones[0];
}

const chipsOf = (row) => row.getByTestId('member-chip').evaluateAll((chips) => chips.map((c) => c.dataset.alias).sort());

async function addMember(row, name) {
  if ((await row.getAttribute('data-editing')) !== 'true') await row.getByTestId('edit-row').click();
  await row.getByTestId('member-add').click();
  await row.getByTestId('member-search').fill(name);
  await row.locator('[data-testid="member-option"]', { hasText: name }).click();
  await row.getByTestId('member-done').click();
}

/** Alice and bob, each on the zones page in a browser of their own, both showing `name` at `version`. */
async function twoPages(name, version) {
  await setContext(env.fx.clients.bob, env.fx.customer.id, env.fx.project.id);
  const pageA = await newUserPage(env.browser);
  const pageB = await newUserPage(env.browser);
  await signIn(pageA, env.stack.url, env.fx.people.alice, { hash: '#/zones' });
  await signIn(pageB, env.stack.url, env.fx.people.bob, { hash: '#/zones' });
  await waitForText(zoneRow(pageA, name).getByTestId('version'), String(version));
  await waitForText(zoneRow(pageB, name).getByTestId('version'), String(version));
  return [pageA, pageB];
}

test('disjoint edits merge without a dialog; the same field asks per field, and mine or theirs is saved', async () => {
  const { aliasId, fabric } = env.fx;
  const start = await saveZone(env.fx.admin, {
    fabric: fabric.id, name: 'z_merge', zone_type: 'standard', notes: 'start', members: [{ alias: aliasId.esx01_hba0 }],
  });
  const v = start.version;
  const [pageA, pageB] = await twoPages('z_merge', v);
  const rowA = zoneRow(pageA, 'z_merge');
  const rowB = zoneRow(pageB, 'z_merge');

  /** Alice saves her notes while bob's edits wait; his row hears of her version. */
  async function aliceSaves(notes, version) {
    await editField(rowA, 'notes', notes);
    await pageA.getByTestId('save').click();
    await waitForText(rowA.getByTestId('version'), String(version));
    await waitForText(rowNote(pageB, start.id), 'alice saved a newer version');
  }

  // Bob adds a member; alice saves the notes; bob, not reloaded, saves: merged, no dialog.
  await addMember(rowB, 'v7k_n1p1');
  await aliceSaves('alice: port 2', v + 1);
  await pageB.getByTestId('save').click();
  await waitForText(rowB.getByTestId('version'), String(v + 2));
  assert.equal(await pageB.getByTestId('conflict-dialog').count(), 0);
  await rowNote(pageB, start.id).getByTestId('row-stale').waitFor({ state: 'detached' });
  await waitForCell(rowB, 'notes', 'alice: port 2');
  assert.deepEqual(await chipsOf(rowB), ['esx01_hba0', 'v7k_n1p1']);
  assert.equal(await pageB.locator(`[data-testid="row-kept"][data-id="${start.id}"]`).textContent().then((t) => t.trim()),
    "Merged: kept alice's change to notes.");
  await waitForText(pageB.getByTestId('page-message'), "Saved 1 zone, merged with others' changes to 1 zone");
  let zone = await zoneNamed('z_merge');
  assert.deepEqual([zone.version, zone.notes, zone.last_modified_by], [v + 2, 'alice: port 2', 'bob']);
  assert.deepEqual(zone.members.map((m) => m.alias).sort(), [aliasId.esx01_hba0, aliasId.v7k_n1p1].sort());

  // Both change the notes, bob the type too: the dialog lists the notes only; bob picks his.
  await editField(rowB, 'notes', 'bob: port 4');
  await rowB.getByTestId('field-zone_type').selectOption('smart');
  await aliceSaves('alice: port 3', v + 3);
  await pageB.getByTestId('save').click();
  const dialog = pageB.getByTestId('conflict-dialog');
  await dialog.waitFor();
  assert.equal(await dialog.getAttribute('data-kind'), 'fields');
  const notes = dialog.locator('[data-testid="field-conflict"][data-field="notes"]');
  assert.equal(await dialog.getByTestId('field-conflict').count(), 1);
  assert.equal(await notes.getByTestId('field-base').textContent(), 'alice: port 2');
  assert.equal(await notes.getByTestId('field-theirs').textContent(), 'alice: port 3');
  assert.equal(await notes.getByTestId('field-mine').textContent(), 'bob: port 4');
  assert.equal(await notes.getByTestId('conflict-user').textContent(), 'alice');
  assert.match(await notes.getByTestId('conflict-time').textContent(), /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2} UTC$/);
  assert.equal(await dialog.getByTestId('conflict-name').textContent(), 'z_merge (FAB_A)');
  assert.equal(await dialog.getByTestId('conflict-version').textContent(), String(v + 3));
  assert.equal(await rowB.getAttribute('data-row-error'), 'true');
  assert.equal(await dialog.getByTestId('conflict-apply').isDisabled(), true, 'nothing picked yet');
  await notes.getByTestId('pick-mine').check();
  await screenshot(pageB, 'zones-field-conflict.png');
  await answerConflict(dialog, 'conflict-apply');
  await waitForText(rowB.getByTestId('version'), String(v + 4));
  zone = await zoneNamed('z_merge');
  assert.deepEqual([zone.version, zone.notes, zone.zone_type, zone.last_modified_by], [v + 4, 'bob: port 4', 'smart', 'bob']);
  assert.equal(await rowB.getAttribute('data-row-error'), 'false');

  // Again, and bob adds a member too; he picks theirs: alice's notes stay, his member is saved.
  await waitForText(rowA.getByTestId('version'), String(v + 4));
  await editField(rowB, 'notes', 'bob: again');
  await addMember(rowB, 'v7k_n2p1');
  await aliceSaves('alice: final', v + 5);
  await pageB.getByTestId('save').click();
  await dialog.waitFor();
  assert.equal(await notes.getByTestId('field-mine').textContent(), 'bob: again');
  await notes.getByTestId('pick-theirs').check();
  await answerConflict(dialog, 'conflict-apply');
  await waitForText(rowB.getByTestId('version'), String(v + 6));
  await waitForCell(rowB, 'notes', 'alice: final');
  zone = await zoneNamed('z_merge');
  assert.deepEqual([zone.version, zone.notes, zone.last_modified_by], [v + 6, 'alice: final', 'bob']);
  assert.deepEqual(zone.members.map((m) => m.alias).sort(), [aliasId.esx01_hba0, aliasId.v7k_n1p1, aliasId.v7k_n2p1].sort());

  // Theirs everywhere and nothing else edited: nothing is saved, the row shows theirs.
  await editField(rowB, 'notes', 'bob: lost');
  await saveZone(env.fx.clients.alice, { id: zone.id, base_version: zone.version, notes: 'alice: only' });
  await waitForText(rowNote(pageB, start.id), 'alice saved a newer version');
  await pageB.getByTestId('save').click();
  await dialog.waitFor();
  await answerConflict(dialog, 'conflict-reload');
  await waitForCell(rowB, 'notes', 'alice: only');
  await waitForText(rowB.getByTestId('version'), String(v + 7));
  assert.equal(await pageB.getByTestId('unsaved-count').count(), 0);
  assert.equal((await zoneNamed('z_merge')).version, v + 7);

  await closeCleanly(pageA);
  await closeCleanly(pageB);
});

test('a member\'s role changed by both is a conflict on that member; others\' added members stay', async () => {
  const { aliasId, fabric } = env.fx;
  const start = await saveZone(env.fx.admin, {
    fabric: fabric.id, name: 'z_roles', zone_type: 'standard', notes: '',
    members: [{ alias: aliasId.esx02_hba0 }, { alias: aliasId.v7k_n1p1 }],
  });
  const [pageA, pageB] = await twoPages('z_roles', start.version);
  await pageA.context().close();
  const row = zoneRow(pageB, 'z_roles');
  // Bob gives v7k_n1p1 the role "both"; alice (over the API, from the same version) gives it
  // "target" and adds v7k_n2p1.
  await row.getByTestId('edit-row').click();
  await row.locator('[data-testid="member-chip"][data-alias="v7k_n1p1"]').getByTestId('member-role').selectOption('both');
  await saveZone(env.fx.clients.alice, {
    id: start.id, base_version: start.version,
    members: [{ alias: aliasId.esx02_hba0 }, { alias: aliasId.v7k_n1p1, role: 'target' }, { alias: aliasId.v7k_n2p1 }],
  });
  await waitForText(rowNote(pageB, start.id), 'alice saved a newer version');
  await pageB.getByTestId('save').click();
  const dialog = pageB.getByTestId('conflict-dialog');
  await dialog.waitFor();
  const member = dialog.locator('[data-testid="field-conflict"][data-field="members"]');
  assert.equal(await member.getAttribute('data-pick'), `members:${aliasId.v7k_n1p1}`);
  assert.equal(await member.getByTestId('field-base').textContent(), 'v7k_n1p1');
  assert.equal(await member.getByTestId('field-theirs').textContent(), 'v7k_n1p1 (target)');
  assert.equal(await member.getByTestId('field-mine').textContent(), 'v7k_n1p1 (both)');
  await answerConflict(dialog, 'conflict-keep-mine');
  await waitForText(row.getByTestId('version'), String(start.version + 2));
  const zone = await zoneNamed('z_roles');
  assert.deepEqual(zone.members.map((m) => [m.alias, m.role ?? null]).sort((a, b) => a[0] - b[0]), [
    [aliasId.esx02_hba0, null], [aliasId.v7k_n1p1, 'both'], [aliasId.v7k_n2p1, null],
  ].sort((a, b) => a[0] - b[0]));
  assert.deepEqual(await chipsOf(row), ['esx02_hba0', 'v7k_n1p1', 'v7k_n2p1']);
  await closeCleanly(pageB);
});

test('a live review\'s Keep mine puts bob\'s member onto alice\'s version without dropping hers', async () => {
  const { aliasId, fabric } = env.fx;
  const start = await saveZone(env.fx.admin, {
    fabric: fabric.id, name: 'z_review', zone_type: 'standard', notes: '', members: [{ alias: aliasId.esx02_hba0 }],
  });
  const [pageA, pageB] = await twoPages('z_review', start.version);
  await pageA.context().close();
  const row = zoneRow(pageB, 'z_review');
  await addMember(row, 'v7k_n1p1');
  await saveZone(env.fx.clients.alice, {
    id: start.id, base_version: start.version, notes: 'alice: checked',
    members: [{ alias: aliasId.esx02_hba0 }, { alias: aliasId.v7k_n2p1 }],
  });
  await rowNote(pageB, start.id).getByTestId('row-review').click();
  await answerConflict(pageB.getByTestId('conflict-dialog'), 'conflict-keep-mine');
  await waitForText(row.getByTestId('version'), String(start.version + 2));
  const zone = await zoneNamed('z_review');
  assert.deepEqual(zone.members.map((m) => m.alias).sort(), [aliasId.esx02_hba0, aliasId.v7k_n1p1, aliasId.v7k_n2p1].sort());
  assert.equal(zone.notes, 'alice: checked');
  await closeCleanly(pageB);
});

test('an alias\'s WWPNs saved by alice and its notes by bob merge', async () => {
  const alias = (await listAll(env.fx.admin, `/api/san/aliases/project/${env.fx.project.id}/`)).find((a) => a.name === 'esx02_hba0');
  await setContext(env.fx.clients.bob, env.fx.customer.id, env.fx.project.id);
  const page = await newUserPage(env.browser);
  await signIn(page, env.stack.url, env.fx.people.bob, { hash: '#/aliases' });
  const row = page.locator('[data-testid="alias-row"][data-name="esx02_hba0"]');
  await waitForText(row.getByTestId('version'), String(alias.version));
  const wwpns = ['10:00:00:10:9b:aa:00:02', '10:00:00:10:9b:aa:00:22'];
  await editField(row, 'notes', 'bob: second HBA cabled');
  await call(env.fx.clients.alice.post('/api/san/aliases/save/', {
    project_id: env.fx.project.id, aliases: [{ id: alias.id, version: alias.version, wwpns }],
  }), 200, 'alice saves the WWPNs');
  await waitForText(rowNote(page, alias.id), 'alice saved a newer version');
  await page.getByTestId('save').click();
  await waitForText(row.getByTestId('version'), String(alias.version + 2));
  assert.equal(await page.getByTestId('conflict-dialog').count(), 0);
  await waitForText(page.locator(`[data-testid="row-kept"][data-id="${alias.id}"]`), "kept alice's change to wwpns");
  await waitForCell(row, 'wwpns', '10:00:00:10:9b:aa:00:22');
  const stored = (await listAll(env.fx.admin, `/api/san/aliases/project/${env.fx.project.id}/`)).find((a) => a.id === alias.id);
  assert.deepEqual([stored.wwpns, stored.notes], [wwpns, 'bob: second HBA cabled']);
  await closeCleanly(page);
});

test('hosts and volumes show their history, read-only, with what an import changed', async () => {
  const { admin, storage } = env.fx;
  await call(admin.post(`/api/storage/${storage.id}/import/`, {
    hosts: [
      { name: 'esx01', host_type: 'VMware', wwpns: ['10:00:00:10:9b:aa:00:01'], status: 'offline' },
      { name: 'esx02', host_type: 'VMware', wwpns: ['10:00:00:10:9b:aa:00:02'], status: 'online' },
    ],
    volumes: [],
  }), 200, 'import esx01 offline');
  const page = await newUserPage(env.browser);
  await signIn(page, env.stack.url, env.fx.people.alice, { hash: '#/hosts' });
  const host = page.locator('[data-testid="host-row"]', { hasText: 'esx01' });
  await host.getByTestId('history-row').click();
  const panel = page.getByTestId('history-panel');
  await panel.getByTestId('history-entry').first().waitFor();
  await waitForText(panel.getByTestId('history-entry').first().locator('[data-testid="history-change"][data-field="status"]'), 'offline');
  assert.equal(await panel.getByTestId('history-entry').count(), 2);
  assert.equal(await panel.getByTestId('history-restore').count(), 0, 'no restore of what imports write');
  await panel.getByTestId('history-close').click();
  await panel.waitFor({ state: 'detached' });

  await page.getByTestId('nav-volumes').click();
  const volume = page.locator('[data-testid="volume-row"]', { hasText: 'vmfs_ds01' });
  await volume.getByTestId('history-row').click();
  await panel.getByTestId('history-entry').first().waitFor();
  assert.equal(await panel.getByTestId('history-entry').count(), 1);
  assert.equal(await panel.getByTestId('history-restore').count(), 0);
  await closeCleanly(page);
});
