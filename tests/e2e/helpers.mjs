// Shared pieces of the browser tests: Chromium launch, sign-in, fixtures created through the
// REST API as admin, and small wait helpers (playwright-core has no `expect`).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';
import { Client } from '../integration/client.mjs';
import { startStack } from '../integration/stack.mjs';

export const SCREENSHOTS = fileURLToPath(new URL('../../build/screenshots/', import.meta.url));
export const VIEWPORT = { width: 1440, height: 900 };
const TIMEOUT = 15000;

export async function launchBrowser() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-background-networking',
      '--disable-gpu',
      '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1',
    ],
  });
}

/**
 * Registers the file's hooks: before its tests the stack, the fixture and Chromium start; after
 * them they stop. The returned object holds `stack`, `fx` and `browser` once the tests run.
 */
export function useBrowserStack() {
  const env = {};
  before(async () => {
    env.stack = await startStack();
    env.fx = await createFixture(env.stack);
    env.browser = await launchBrowser();
  });
  after(async () => {
    await env.browser?.close();
    await env.stack?.stop();
  });
  return env;
}

/** A fresh browser context with the console errors of its pages collected in `errors`. */
export async function newUserPage(browser) {
  const context = await browser.newContext({ viewport: VIEWPORT, timezoneId: 'UTC', locale: 'en-US' });
  const page = await context.newPage();
  page.setDefaultTimeout(TIMEOUT);
  page.errors = [];
  page.on('pageerror', (error) => page.errors.push(String(error)));
  page.on('console', (message) => {
    if (message.type() === 'error' && !/status of 4\d\d/.test(message.text())) page.errors.push(message.text());
  });
  return page;
}

/** Opens the UI at `hash` with the given heartbeat interval and signs in. */
export async function signIn(page, url, { username, password }, { hash = '#/zones', heartbeatMs = 500 } = {}) {
  await page.goto(`${url}/?heartbeat_ms=${heartbeatMs}${hash}`);
  await page.getByTestId('username').fill(username);
  await page.getByTestId('password').fill(password);
  await page.getByTestId('sign-in').click();
  await page.getByTestId('top-bar').waitFor();
}

/** Signs in again on the sign-in form an ended session returned the page to. */
export async function signInAgain(page, { username, password }) {
  await page.getByTestId('sign-in-form').waitFor();
  await page.getByTestId('username').fill(username);
  await page.getByTestId('password').fill(password);
  await page.getByTestId('sign-in').click();
}

/** Closes the page's context after checking that its pages logged no errors. */
export async function closeCleanly(page) {
  assert.deepEqual(page.errors, []);
  await page.context().close();
}

/** Waits for the conflict dialog and checks it names the user and the version that won. */
export async function expectConflict(dialog, user, version) {
  await dialog.waitFor();
  assert.equal(await dialog.getByTestId('conflict-user').textContent(), user);
  assert.equal(await dialog.getByTestId('conflict-version').textContent(), String(version));
}

/** Answers the conflict dialog with `button` (conflict-reload, conflict-keep-mine) and waits for it to go. */
export async function answerConflict(dialog, button) {
  await dialog.getByTestId(button).click();
  await dialog.waitFor({ state: 'detached' });
}

export async function screenshot(page, name) {
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
  await page.screenshot({ path: `${SCREENSHOTS}${name}`, fullPage: false });
}

/** Waits until the locator's text (or input value) satisfies `want` (string = includes). */
export async function waitForText(locator, want, { value = false, timeout = TIMEOUT } = {}) {
  const ok = (text) => (typeof want === 'string' ? text.includes(want) : want.test(text));
  const deadline = Date.now() + timeout;
  let last = '';
  while (Date.now() < deadline) {
    try {
      last = value ? await locator.inputValue({ timeout: 1000 }) : (await locator.textContent({ timeout: 1000 })) ?? '';
      if (ok(last)) return last;
    } catch {
      // not there yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${want} in ${locator}; last seen: ${JSON.stringify(last)}`);
}

/**
 * Types `text` into a batch table's filter and waits until the table shows the rows it matches
 * (the box hands its text to the table after the keystroke's frame).
 */
export async function filterRows(page, text) {
  await page.getByTestId('filter').fill(text);
  await page.waitForFunction((want) => document.querySelector('table[data-filter]')?.dataset.filter === want, text, { timeout: TIMEOUT });
}

export async function call(promise, expected, what) {
  const answer = await promise;
  const ok = Array.isArray(expected) ? expected.includes(answer.status) : answer.status === expected;
  assert.ok(ok, `${what}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

export async function signedInClient(url, username, password) {
  const client = new Client(url);
  await client.login(username, password);
  return client;
}

/** Sets the user's active customer and project (either may be null). */
export async function setContext(client, customerId, projectId) {
  await call(client.put('/api/core/user-config/', { active_customer_id: customerId, active_project_id: projectId }), 200, 'user-config');
}

export async function listAll(client, path) {
  const body = await call(client.get(`${path}${path.includes('?') ? '&' : '?'}page_size=500`), 200, `GET ${path}`);
  return Array.isArray(body) ? body : body.results;
}

/**
 * Two engineers (alice, bob) in customer "ACME Storage", project "Migration 2025", with a fabric,
 * aliases, zones, a storage system, hosts and volumes. Both users' active context is set.
 */
export async function createFixture(stack) {
  const admin = await signedInClient(stack.url, stack.admin.username, stack.admin.password);
  const people = {
    alice: { username: 'alice', password: 'alice-password-1', first_name: 'Alice', last_name: 'Anders' },
    bob: { username: 'bob', password: 'bob-password-1', first_name: 'Bob', last_name: 'Berg' },
  };
  for (const p of Object.values(people)) {
    await call(admin.post('/api/core/users/', { ...p, email: `${p.username}@example.com`, is_superuser: false }), 201, `create ${p.username}`);
  }
  const customer = await call(admin.post('/api/customers/', { name: 'ACME Storage', notes: 'Test customer' }), 201, 'create customer');
  for (const p of Object.values(people)) {
    await call(admin.post(`/api/customers/${customer.id}/members/`, { username: p.username }), [200, 201], `add ${p.username}`);
  }
  const project = await call(admin.post('/api/core/projects/', { name: 'Migration 2025', customer: customer.id, notes: '' }), 201, 'create project');
  const fabric = await call(admin.post('/api/san/fabrics/', {
    customer: customer.id, name: 'FAB_A', zoneset_name: 'cfg_fab_a', san_vendor: 'BR', vsan: null, domain_id: 1, exists: true, notes: 'Production fabric A',
  }), 201, 'create fabric');
  const fabricB = await call(admin.post('/api/san/fabrics/', {
    customer: customer.id, name: 'FAB_B', zoneset_name: 'vsan20_zs', san_vendor: 'CI', vsan: 20, domain_id: 2, exists: true, notes: 'Production fabric B',
  }), 201, 'create fabric B');
  const saved = await call(admin.post('/api/san/aliases/save/', {
    project_id: project.id,
    aliases: [
      { fabric: fabric.id, name: 'esx01_hba0', wwpn: '10:00:00:10:9b:aa:00:01', use: 'init', cisco_alias: 'device-alias', create: true, include_in_zoning: true, notes: 'ESXi host 1' },
      { fabric: fabric.id, name: 'esx02_hba0', wwpn: '10:00:00:10:9b:aa:00:02', use: 'init', cisco_alias: 'device-alias', create: true, include_in_zoning: true, notes: 'ESXi host 2' },
      { fabric: fabric.id, name: 'v7k_n1p1', wwpn: '50:05:07:68:10:00:00:01', use: 'target', cisco_alias: 'device-alias', create: false, include_in_zoning: true, notes: 'V7000 node 1 port 1' },
      { fabric: fabric.id, name: 'v7k_n2p1', wwpn: '50:05:07:68:10:00:00:02', use: 'target', cisco_alias: 'device-alias', create: false, include_in_zoning: true, notes: 'V7000 node 2 port 1' },
    ],
  }), 200, 'save aliases');
  const aliasId = Object.fromEntries(saved.aliases.map((a) => [a.name, a.id]));
  await call(admin.post('/api/san/zones/save/', {
    project_id: project.id,
    zones: [
      { fabric: fabric.id, name: 'z_esx01_v7k', zone_type: 'standard', create: true, notes: 'ESXi 1 to V7000',
        members: [{ alias: aliasId.esx01_hba0 }, { alias: aliasId.v7k_n1p1 }, { alias: aliasId.v7k_n2p1 }] },
      { fabric: fabric.id, name: 'z_esx02_v7k', zone_type: 'standard', create: true, notes: 'ESXi 2 to V7000',
        members: [{ alias: aliasId.esx02_hba0 }, { alias: aliasId.v7k_n1p1 }, { alias: aliasId.v7k_n2p1 }] },
      { fabric: fabric.id, name: 'z_backup', zone_type: 'smart', create: false, notes: 'Backup zone', members: [] },
    ],
  }), 200, 'save zones');
  const storage = await call(admin.post('/api/storage/', {
    customer: customer.id, name: 'V7000-PROD', storage_type: 'FlashSystem', vendor: 'IBM', model: '724',
    machine_type: '2076', serial_number: '78E00AB', location: 'DC1 row 4', capacity_bytes: 109951162777600,
    used_capacity_bytes: 42949672960000, available_capacity_bytes: 67001489817600, notes: 'Primary array',
  }), 201, 'create storage');
  await call(admin.post(`/api/storage/${storage.id}/import/`, {
    hosts: [
      { name: 'esx01', host_type: 'VMware', wwpns: ['10:00:00:10:9b:aa:00:01'], status: 'online' },
      { name: 'esx02', host_type: 'VMware', wwpns: ['10:00:00:10:9b:aa:00:02'], status: 'online' },
    ],
    volumes: [
      { name: 'vmfs_ds01', volume_id: '0001', unique_id: '600507680C8080000000000000000001', capacity_bytes: 2199023255552, pool_name: 'Pool0', thin_provisioned: true },
      { name: 'vmfs_ds02', volume_id: '0002', unique_id: '600507680C8080000000000000000002', capacity_bytes: 4398046511104, pool_name: 'Pool0', thin_provisioned: true },
    ],
  }), 200, 'import hosts and volumes');

  const clients = {};
  for (const [key, p] of Object.entries(people)) {
    clients[key] = await signedInClient(stack.url, p.username, p.password);
  }
  await call(clients.alice.put('/api/core/user-config/', { active_customer_id: customer.id, active_project_id: project.id }), 200, 'alice context');
  return { admin, people, clients, customer, project, fabric, fabricB, storage, aliasId };
}

// Rows of the aliases and zones tables read as text until opened for editing.

/** Opens `row` for editing at `field` (unless it is open already) and fills the field. */
export async function editField(row, field, value) {
  const input = row.getByTestId(`field-${field}`);
  if (!(await input.count())) await row.getByTestId(`cell-${field}`).click();
  await input.fill(value);
}

/** The live notes drawn under the row of record `id` ("bob is editing", "bob saved a newer version — review"). */
export function rowNote(page, id) {
  return page.locator(`[data-testid="row-note"][data-id="${id}"]`);
}

/** A cell's value: its control's value while the row is being edited, else its text. */
export async function cellValue(row, field) {
  const input = row.getByTestId(`field-${field}`);
  if (await input.count()) return input.inputValue();
  return ((await row.getByTestId(`cell-${field}`).textContent()) ?? '').trim();
}

/** Waits until the cell's value (see cellValue) includes `want`. */
export async function waitForCell(row, field, want, { timeout = TIMEOUT } = {}) {
  const deadline = Date.now() + timeout;
  let last = '';
  while (Date.now() < deadline) {
    try {
      last = await cellValue(row, field);
      if (last.includes(want)) return last;
    } catch {
      // the row is being drawn again
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out waiting for ${want} in the ${field} cell; last seen: ${JSON.stringify(last)}`);
}
