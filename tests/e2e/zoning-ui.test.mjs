// Browser tests of the zoning pages against the real stack: an engineer imports a Brocade cfgshow
// (pasted) and a Cisco running-config (uploaded) shaped like dataset D1 of the zoning reference,
// flags the records for creation in the tables, and the Scripts page gives D1's golden create
// scripts, copies them and downloads them as text and zip; a refused script names what it refuses;
// an import with conflicts is resolved (rename, a conflict only the apply finds, a 409 after
// someone's save, preview again); an alias's WWPN list, zone member roles and a fabric's zoning
// fields are edited.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { unzip } from '../integration/zip.mjs';
import {
  call, closeCleanly, filterRows, listAll, newUserPage, screenshot, signIn, useBrowserStack, waitForText,
} from './helpers.mjs';

const env = useBrowserStack();

const here = (path) => fileURLToPath(new URL(path, import.meta.url));
const GOLDEN = (name) => fs.readFileSync(here(`../unit/san/zoning/golden/${name}`), 'utf8');
const CFGSHOW_D1_B = here('fixtures/d1_fab_b_cfgshow.txt');
const RUNNING_CONFIG_D1_A = here('fixtures/d1_fab_a_running_config.txt');

async function fabricNamed(name) {
  const fabrics = await listAll(env.fx.admin, `/api/san/fabrics/?customer_id=${env.fx.customer.id}`);
  const fabric = fabrics.find((f) => f.name === name);
  assert.ok(fabric, `fabric ${name} exists`);
  return fabric;
}

const projectRecords = (kind) => listAll(env.fx.admin, `/api/san/${kind}/project/${env.fx.project.id}/`);

async function openPage(hash) {
  const page = await newUserPage(env.browser);
  await signIn(page, env.stack.url, env.fx.people.alice, { hash });
  return page;
}

/** Previews `text` (typed, not uploaded) into a new fabric; the preview panel. */
async function previewIntoNewFabric(page, name, text) {
  await page.getByTestId('import-target').selectOption('new');
  await page.getByTestId('import-new-fabric').fill(name);
  await page.getByTestId('import-text').fill(text);
  await page.getByTestId('import-preview').click();
  const preview = page.getByTestId('import-preview-result');
  await preview.waitFor();
  return preview;
}

const count = async (panel, what) => Number(await panel.getByTestId(`count-${what}`).textContent());

const recordAction = (panel, kind, name) => panel
  .locator(`[data-testid="import-record"][data-kind="${kind}"][data-name="${name}"]`).getAttribute('data-action');

/** Ticks `field` (create, delete) on each named row of the table and saves. */
async function tick(page, entity, names, field) {
  for (const name of names) {
    const row = page.locator(`[data-testid="${entity}-row"][data-name="${name}"]`);
    await row.getByTestId('edit-row').click();
    await row.getByTestId(`field-${field}`).check();
  }
  await page.getByTestId('save').click();
  await waitForText(page.getByTestId('page-message'), `Saved ${names.length}`);
}

async function showScript(page, fabricId, kind = 'create') {
  await page.getByTestId('script-scope').selectOption(String(fabricId));
  await page.getByTestId(`script-kind-${kind}`).check();
}

test('paste a cfgshow and upload a running-config, flag them for creation: the scripts are D1\'s golden files', async () => {
  const page = await openPage('#/zones');
  await page.getByTestId('nav-import').click();
  await page.getByTestId('import-page').waitFor();

  // Brocade, pasted: a fabric, two aliases and two zones to create, nothing in conflict.
  const cfgshow = fs.readFileSync(CFGSHOW_D1_B, 'utf8');
  const previewB = await previewIntoNewFabric(page, 'D1_FAB_B', cfgshow);
  assert.match(await previewB.textContent(), /Brocade FOS output into new fabric D1_FAB_B/);
  assert.deepEqual([await count(previewB, 'created'), await count(previewB, 'updated'), await count(previewB, 'unchanged'),
    await count(previewB, 'conflicts')], [5, 0, 0, 0]);
  assert.equal(await recordAction(previewB, 'alias', 'host1_p1'), 'create');
  assert.equal(await recordAction(previewB, 'zone', 'z_peer'), 'create');
  await screenshot(page, 'import-preview.png');
  assert.equal((await listAll(env.fx.admin, `/api/san/fabrics/?customer_id=${env.fx.customer.id}`))
    .some((f) => f.name === 'D1_FAB_B'), false, 'a preview writes nothing');
  await page.getByTestId('import-apply').click();
  const resultB = page.getByTestId('import-result');
  await resultB.waitFor();
  assert.equal(await count(resultB, 'created'), 5);
  const fabB = await fabricNamed('D1_FAB_B');
  assert.equal(fabB.san_vendor, 'BR');
  assert.equal(fabB.zoneset_name, 'cfg_B');
  const host = (await projectRecords('aliases')).find((a) => a.name === 'host1_p1');
  assert.deepEqual(host.wwpns, ['10:00:00:90:fa:a1:00:11'], 'stored in the normal form');
  assert.equal(host.last_modified_by, 'alice');
  assert.equal(await resultB.getByTestId('result-fabric').getAttribute('href'), `#/fabrics/${fabB.id}`);
  assert.ok((await page.getByTestId('import-target').locator('option').allTextContents()).includes('D1_FAB_B (Brocade)'),
    'the new fabric can take the next import');

  // Cisco, uploaded as a file: the lines that are not zoning are warnings with their numbers.
  await page.getByTestId('import-new-fabric').fill('D1_FAB_A');
  await page.getByTestId('import-file').setInputFiles(RUNNING_CONFIG_D1_A);
  await waitForText(page.getByTestId('import-file-name'), 'd1_fab_a_running_config.txt');
  assert.equal(await page.getByTestId('import-text').inputValue(), fs.readFileSync(RUNNING_CONFIG_D1_A, 'utf8'));
  await page.getByTestId('import-preview').click();
  const previewA = page.getByTestId('import-preview-result');
  await waitForText(previewA, 'Cisco MDS output into new fabric D1_FAB_A');
  assert.equal(await count(previewA, 'created'), 6);
  const lines = await previewA.getByTestId('import-warning').evaluateAll((items) => items.map((i) => Number(i.dataset.line)));
  assert.ok(lines.length > 0 && lines.every((line) => line > 0), `warnings carry line numbers: ${lines}`);
  await page.getByTestId('import-apply').click();
  await page.getByTestId('import-result').waitFor();
  const fabA = await fabricNamed('D1_FAB_A');
  assert.deepEqual([fabA.san_vendor, fabA.vsan, fabA.zoneset_name, fabA.smart_zoning, fabA.zoning_mode], ['CI', 10, 'ZS_A', true, 'enhanced']);

  // The result links to the fabric's zones; both fabrics' zones and aliases are flagged for creation.
  await page.getByTestId('result-zones').click();
  await page.getByTestId('zones-table').waitFor();
  assert.equal(await page.getByTestId('filter').inputValue(), 'D1_FAB_A');
  await waitForText(page.getByTestId('zones-table'), 'z_h2_arr');
  assert.equal(await page.locator('[data-testid="zone-row"][data-name="z_peer"]').count(), 0, 'filtered to D1_FAB_A');
  await filterRows(page, 'D1_FAB');
  await tick(page, 'zone', ['z_h1_arr', 'z_h2_arr', 'z_peer', 'z_std'], 'create');
  await page.getByTestId('nav-aliases').click();
  await filterRows(page, 'D1_FAB');
  await tick(page, 'alias', ['array_p1', 'host1_p0', 'host2_p0', 'array_p2', 'host1_p1'], 'create');
  const zones = await projectRecords('zones');
  assert.ok(['z_h1_arr', 'z_h2_arr', 'z_peer', 'z_std'].every((name) => zones.find((z) => z.name === name).create));
  const peer = zones.find((z) => z.name === 'z_peer');
  assert.equal(peer.zone_type, 'smart', 'the peer zone came in as a smart zone with roles');

  // FAB_B is a new switch: its cfg does not exist there yet.
  await page.goto(`${env.stack.url}/#/fabrics/${fabB.id}`);
  await page.getByTestId('fabric-detail').waitFor();
  await page.getByTestId('field-exists').uncheck();
  await page.getByTestId('save').click();
  await waitForText(page.getByTestId('record-version'), String(fabB.version + 1));

  // The scripts, per fabric: D1's golden create scripts, with the hygiene report beside them.
  await page.getByTestId('nav-scripts').click();
  await page.getByTestId('scripts-page').waitFor();
  await showScript(page, fabB.id);
  const scriptB = page.locator(`[data-testid="script"][data-fabric="D1_FAB_B"]`);
  await waitForText(scriptB.getByTestId('script-text'), 'cfgenable');
  assert.equal(await scriptB.getByTestId('script-text').textContent(), GOLDEN('d1_fab_b_create.txt'));
  await scriptB.locator('[data-testid="lint"][data-fabric="D1_FAB_B"]').waitFor();
  await showScript(page, fabA.id);
  const scriptA = page.locator(`[data-testid="script"][data-fabric="D1_FAB_A"]`);
  await waitForText(scriptA.getByTestId('script-text'), 'copy running-config');
  assert.equal(await scriptA.getByTestId('script-text').textContent(), GOLDEN('d1_fab_a_create.txt'));
  await screenshot(page, 'scripts.png');

  // Copy puts exactly the script on the clipboard.
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: env.stack.url });
  await scriptA.getByTestId('copy-script').click();
  await waitForText(scriptA.getByTestId('copy-status'), 'Copied');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), GOLDEN('d1_fab_a_create.txt'));

  // The downloads are the gateway's files: the text, and a zip that opens with one file per fabric.
  const [text] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-text').click()]);
  assert.equal(text.suggestedFilename(), 'zoning-create.txt');
  assert.equal(fs.readFileSync(await text.path(), 'utf8'), GOLDEN('d1_fab_a_create.txt'));
  const [zip] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download-zip').click()]);
  assert.equal(zip.suggestedFilename(), 'zoning-create.zip');
  const bytes = fs.readFileSync(await zip.path());
  assert.deepEqual([...bytes.subarray(0, 4)], [0x50, 0x4b, 0x03, 0x04], 'a zip begins with PK\\3\\4');
  const opened = unzip(bytes);
  assert.equal(opened.bad, null, 'every CRC checks');
  assert.deepEqual(opened.files, { 'D1_FAB_A_create.txt': GOLDEN('d1_fab_a_create.txt') });
  await closeCleanly(page);
});

test('a refused script names the records it refuses and shows the findings behind it', async () => {
  const admin = env.fx.admin;
  const fabric = await call(admin.post('/api/san/fabrics/', {
    customer: env.fx.customer.id, name: 'NEG', san_vendor: 'BR', zoneset_name: 'cfg_neg', exists: true,
  }), 201, 'create fabric');
  const saved = await call(admin.post('/api/san/aliases/save/', {
    project_id: env.fx.project.id,
    aliases: [
      { fabric: fabric.id, name: 'neg_h1', wwpn: '10:00:00:90:fa:b1:00:01', use: 'init' },
      { fabric: fabric.id, name: 'neg_h2', wwpn: '10:00:00:90:fa:b1:00:02', use: 'init' },
    ],
  }), 200, 'save aliases');
  const id = Object.fromEntries(saved.aliases.map((a) => [a.name, a.id]));
  await call(admin.post('/api/san/zones/save/', {
    project_id: env.fx.project.id,
    zones: [{ fabric: fabric.id, name: 'z_no_target', zone_type: 'smart', create: true, members: [{ alias: id.neg_h1 }, { alias: id.neg_h2 }] }],
  }), 200, 'save zones');

  const page = await openPage('#/scripts');
  await page.getByTestId('scripts-page').waitFor();
  await showScript(page, fabric.id, 'create');
  const refused = page.getByTestId('script-refused');
  await refused.waitFor();
  assert.ok((await refused.getByTestId('refusal-record').allTextContents()).includes('zone z_no_target'));
  assert.match(await refused.textContent(), /members: A smart zone needs at least one target/);
  assert.equal(await page.getByTestId('script-text').count(), 0);
  assert.equal(await page.getByTestId('download-zip').count(), 0, 'nothing to download');
  const finding = page.locator('[data-testid="lint"][data-fabric="NEG"] [data-testid="lint-finding"][data-code="NO_TARGET"]');
  await finding.waitFor();
  assert.equal(await finding.getAttribute('data-severity'), 'error');
  assert.match(await finding.textContent(), /z_no_target/);
  await screenshot(page, 'scripts-refused.png');

  // Deleting neg_h2 while z_no_target, which stays, holds it: the refusal names the zone.
  const neg = saved.aliases.find((a) => a.name === 'neg_h2');
  await call(admin.post('/api/san/aliases/save/', {
    project_id: env.fx.project.id, aliases: [{ id: neg.id, version: neg.version, delete: true }],
  }), 200, 'flag neg_h2 for deletion');
  await showScript(page, fabric.id, 'delete');
  await waitForText(page.getByTestId('refusal-record'), 'alias neg_h2');
  assert.match(await page.getByTestId('script-refused').textContent(),
    /alias neg_h2: delete: Alias neg_h2 is still a member of zone z_no_target, which is not marked for deletion\./);
  await closeCleanly(page);
});

test('a script\'s warnings are shown with it: a peer zone member of role both becomes a principal', async () => {
  const admin = env.fx.admin;
  const fabric = await call(admin.post('/api/san/fabrics/', {
    customer: env.fx.customer.id, name: 'PEER', san_vendor: 'BR', zoneset_name: 'cfg_peer',
  }), 201, 'create fabric');
  const saved = await call(admin.post('/api/san/aliases/save/', {
    project_id: env.fx.project.id,
    aliases: [
      { fabric: fabric.id, name: 'p_arr', wwpn: '50:05:07:68:10:00:0a:01', use: 'target', create: true },
      { fabric: fabric.id, name: 'p_host', wwpn: '10:00:00:90:fa:0a:00:01', use: 'init', create: true },
      { fabric: fabric.id, name: 'p_repl', wwpn: '50:05:07:68:10:00:0a:02', use: 'both', create: true },
    ],
  }), 200, 'save aliases');
  const id = Object.fromEntries(saved.aliases.map((a) => [a.name, a.id]));
  await call(admin.post('/api/san/zones/save/', {
    project_id: env.fx.project.id,
    zones: [{ fabric: fabric.id, name: 'z_p', zone_type: 'smart', create: true, members: [{ alias: id.p_arr }, { alias: id.p_host }, { alias: id.p_repl }] }],
  }), 200, 'save zones');

  const page = await openPage('#/scripts');
  await showScript(page, fabric.id);
  const script = page.locator('[data-testid="script"][data-fabric="PEER"]');
  await waitForText(script.getByTestId('script-text'), 'cfgenable');
  assert.match(await script.getByTestId('script-text').textContent(), /^zonecreate --peerzone "z_p" -principal "p_arr;p_repl" -members "p_host"$/m);
  assert.deepEqual(await script.getByTestId('script-warning').allTextContents(), [
    'Zone z_p: member p_repl has the role both, which a Brocade peer zone cannot express; it is written as a principal member.',
  ]);
  await closeCleanly(page);
});

test('an import in conflict: rename, a conflict the apply finds, a 409 after a save, preview again', async () => {
  const fabric = env.fx.fabric; // FAB_A, Brocade, cfg_fab_a
  // What the switch shows: esx01_hba0 with another WWPN than stored.
  const cfgshow = [
    'Defined configuration:',
    ' cfg:\tcfg_fab_a\tz_esx01_v7k; z_esx02_v7k',
    ' zone:\tz_esx01_v7k\tesx01_hba0; v7k_n1p1; v7k_n2p1',
    ' zone:\tz_esx02_v7k\tesx02_hba0; v7k_n1p1; v7k_n2p1',
    ' alias:\tesx01_hba0\t10:00:00:10:9B:AA:01:01',
    ' alias:\tesx02_hba0\t10:00:00:10:9B:AA:00:02',
    ' alias:\tv7k_n1p1\t50:05:07:68:10:00:00:01',
    ' alias:\tv7k_n2p1\t50:05:07:68:10:00:00:02',
    '',
  ].join('\n');
  const page = await openPage('#/import');
  await page.getByTestId('import-target').selectOption(String(fabric.id));
  await page.getByTestId('import-format').selectOption('brocade');
  await page.getByTestId('import-text').fill(cfgshow);
  await page.getByTestId('import-preview').click();
  const preview = page.getByTestId('import-preview-result');
  await preview.waitFor();
  assert.equal(await count(preview, 'conflicts'), 1);
  const conflict = preview.locator('[data-testid="import-conflict"][data-name="esx01_hba0"]');
  assert.equal(await conflict.getAttribute('data-reason'), 'alias_wwpns');
  assert.match(await conflict.textContent(), /10:00:00:10:9b:aa:00:01.*10:00:00:10:9b:aa:01:01/);

  // Applying without a resolution is not sent.
  await page.getByTestId('import-apply').click();
  await waitForText(page.getByTestId('page-error'), 'Choose a resolution for alias esx01_hba0');

  // Renamed, the switch's esx01_hba0 comes in as esx01_hba0_copy; z_esx01_v7k, which names it,
  // then differs from the stored zone: a conflict the apply reports and the page adds.
  await conflict.getByTestId('conflict-resolution').selectOption('rename');
  await waitForText(conflict.getByTestId('rename-to'), 'esx01_hba0_copy');
  await page.getByTestId('import-apply').click();
  const zoneConflict = preview.locator('[data-testid="import-conflict"][data-name="z_esx01_v7k"]');
  await zoneConflict.waitFor();
  await waitForText(page.getByTestId('page-error'), 'Nothing was written');
  await zoneConflict.getByTestId('conflict-resolution').selectOption('replace');

  // Meanwhile bob saves that zone: the apply is a 409 that writes nothing.
  const before = (await projectRecords('zones')).find((z) => z.name === 'z_esx01_v7k');
  await call(env.fx.clients.bob.post('/api/san/zones/save/', {
    project_id: env.fx.project.id, zones: [{ id: before.id, version: before.version, notes: 'bob: checked the cabling' }],
  }), 200, 'bob saves the zone');
  await page.getByTestId('import-apply').click();
  const stale = page.getByTestId('import-stale');
  await waitForText(stale, 'Something changed since the preview');
  await screenshot(page, 'import-stale.png');
  assert.equal((await projectRecords('aliases')).some((a) => a.name === 'esx01_hba0_copy'), false);

  // Preview again keeps the choices made; the apply goes through.
  await stale.getByTestId('import-preview-again').click();
  await stale.waitFor({ state: 'detached' });
  assert.equal(await conflict.getByTestId('conflict-resolution').inputValue(), 'rename');
  assert.equal(await zoneConflict.getByTestId('conflict-resolution').inputValue(), 'replace');
  await page.getByTestId('import-apply').click();
  const result = page.getByTestId('import-result');
  await result.waitFor();
  assert.equal(await recordAction(result, 'alias', 'esx01_hba0_copy'), 'create');
  const link = result.locator('[data-testid="import-record"][data-name="esx01_hba0_copy"] [data-testid="record-link"]');
  assert.equal(await link.getAttribute('href'), `#/aliases?q=${encodeURIComponent('FAB_A esx01_hba0_copy')}`);

  const aliases = (await projectRecords('aliases')).filter((a) => a.fabric === fabric.id);
  const stored = aliases.find((a) => a.name === 'esx01_hba0');
  const copy = aliases.find((a) => a.name === 'esx01_hba0_copy');
  assert.deepEqual(stored.wwpns, ['10:00:00:10:9b:aa:00:01'], 'the stored alias kept its WWPN');
  assert.deepEqual(copy.wwpns, ['10:00:00:10:9b:aa:01:01']);
  const zone = (await projectRecords('zones')).find((z) => z.name === 'z_esx01_v7k');
  assert.ok(zone.members.some((m) => m.alias === copy.id), 'the zone took the switch\'s members');
  assert.equal(zone.notes, 'bob: checked the cabling', 'what the switch does not show is kept');
  assert.equal(zone.last_modified_by, 'alice');

  // The link opens the aliases page filtered to the new alias.
  await link.click();
  await page.locator('[data-testid="alias-row"][data-name="esx01_hba0_copy"]').waitFor();
  assert.equal(await page.getByTestId('alias-row').count(), 1);
  await closeCleanly(page);
});

test('an alias with several WWPNs, zone member roles and a fabric\'s zoning fields are edited in place', async () => {
  const page = await openPage('#/aliases');
  await page.getByTestId('aliases-table').waitFor();
  const alias = page.locator('[data-testid="alias-row"][data-name="v7k_n2p1"]');
  await alias.getByTestId('edit-row').click();
  await alias.getByTestId('field-wwpns').fill('50:05:07:68:10:00:00:02, 50-05-07-68-10-00-00-0B');
  await page.getByTestId('save').click();
  await waitForText(page.getByTestId('page-message'), 'Saved 1 alias');
  await waitForText(alias.getByTestId('field-wwpns'), '50:05:07:68:10:00:00:02 50:05:07:68:10:00:00:0b', { value: true });
  let stored = (await projectRecords('aliases')).find((a) => a.name === 'v7k_n2p1');
  assert.deepEqual(stored.wwpns, ['50:05:07:68:10:00:00:02', '50:05:07:68:10:00:00:0b']);
  assert.equal(stored.wwpn, '50:05:07:68:10:00:00:02');
  await alias.getByTestId('field-wwpns').press('Escape');
  await waitForText(alias.getByTestId('wwpns-more'), '+1');

  // A bad second WWPN is an error at the WWPNs cell, and nothing is saved.
  await alias.getByTestId('edit-row').click();
  await alias.getByTestId('field-wwpns').fill('50:05:07:68:10:00:00:02 50:05:07:68:10:00:00:zz');
  await page.getByTestId('save').click();
  await alias.locator('[data-testid="field-error"][data-field="wwpns"]').waitFor();
  stored = (await projectRecords('aliases')).find((a) => a.name === 'v7k_n2p1');
  assert.equal(stored.wwpns.length, 2);
  await page.getByTestId('discard').click();

  // Zone member roles: shown beside the member, chosen per member.
  await page.getByTestId('nav-zones').click();
  const zone = page.locator('[data-testid="zone-row"][data-name="z_esx02_v7k"]');
  await zone.waitFor();
  const before = (await projectRecords('zones')).find((z) => z.name === 'z_esx02_v7k');
  await zone.getByTestId('edit-row').click();
  await zone.locator('[data-testid="member-chip"][data-alias="v7k_n1p1"]').getByTestId('member-role').selectOption('target');
  await zone.locator('[data-testid="member-chip"][data-alias="esx02_hba0"]').getByTestId('member-role').selectOption('both');
  await page.getByTestId('save').click();
  await waitForText(zone.getByTestId('version'), String(before.version + 1));
  const after = (await projectRecords('zones')).find((z) => z.name === 'z_esx02_v7k');
  const roleOf = (name) => after.members.find((m) => m.alias === env.fx.aliasId[name]).role;
  assert.deepEqual([roleOf('v7k_n1p1'), roleOf('esx02_hba0'), roleOf('v7k_n2p1')], ['target', 'both', null]);
  await zone.getByTestId('field-name').press('Escape');
  const chip = zone.locator('[data-testid="member-chip"][data-alias="v7k_n1p1"]');
  assert.equal(await chip.getByTestId('member-role-read').textContent(), 'target');

  // A Cisco fabric's zoning mode and smart zoning, in the fabric form.
  const fabric = env.fx.fabricB;
  const current = await call(env.fx.admin.get(`/api/san/fabrics/${fabric.id}/`), 200, 'fabric');
  await page.goto(`${env.stack.url}/#/fabrics/${fabric.id}`);
  await page.getByTestId('fabric-detail').waitFor();
  await page.getByTestId('field-zoning_mode').selectOption('basic');
  await page.getByTestId('field-smart_zoning').check();
  await page.getByTestId('field-fos_name_rules').selectOption('legacy');
  await page.getByTestId('save').click();
  await waitForText(page.getByTestId('record-version'), String(current.version + 1));
  const saved = await call(env.fx.admin.get(`/api/san/fabrics/${fabric.id}/`), 200, 'fabric');
  assert.deepEqual([saved.zoning_mode, saved.smart_zoning, saved.fos_name_rules], ['basic', true, 'legacy']);
  await closeCleanly(page);
});

test('unsaved alias rows kept by the table before WWPN lists are restored into the list', async () => {
  const me = await call(env.fx.clients.alice.get('/api/auth/user/'), 200, 'who am I');
  const userId = (me.user ?? me).id;
  const stored = (await projectRecords('aliases')).find((a) => a.name === 'v7k_n1p1');
  const kept = {
    savedAt: new Date().toISOString(),
    rows: [
      { orig: stored, draft: { wwpn: '50:05:07:68:10:00:00:0c' }, deleted: false },
      { orig: null, draft: { fabric: env.fx.fabric.id, name: 'legacy_hba0', wwpn: '10:00:00:10:9b:aa:00:77', use: 'init' }, deleted: false },
    ],
  };
  const page = await openPage('#/zones');
  await page.evaluate(([key, value]) => window.localStorage.setItem(key, value),
    [`sanplane.unsaved.v1:${userId}:${env.fx.project.id}:aliases`, JSON.stringify(kept)]);
  await page.getByTestId('nav-aliases').click();
  await page.getByTestId('drafts-restore').click();
  await page.getByTestId('save').click();
  await waitForText(page.getByTestId('page-message'), 'Saved 2 aliases');
  const aliases = await projectRecords('aliases');
  assert.deepEqual(aliases.find((a) => a.name === 'v7k_n1p1').wwpns, ['50:05:07:68:10:00:00:0c']);
  assert.deepEqual(aliases.find((a) => a.name === 'legacy_hba0').wwpns, ['10:00:00:10:9b:aa:00:77']);
  await closeCleanly(page);
});
