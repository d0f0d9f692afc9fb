// Browser tests of the Projects, Customers and API pages against the real stack: an engineer creates a
// project and makes it active; a project created through the API is opened, renamed and saved from the
// page; a project renamed elsewhere gives the dialog of fields (All theirs), a change of its notes
// elsewhere merges with the rename without one, and it is then deleted; a superuser creates a customer and adds a member, who then sees it; two members edit the
// same customer's notes (conflict dialog); the API page lists the operations of the OpenAPI
// description. Screenshots into build/screenshots/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  answerConflict, call, closeCleanly, expectConflict, newUserPage,
  screenshot, setContext, signedInClient, signIn, useBrowserStack, waitForText,
} from './helpers.mjs';

const env = useBrowserStack();

test('an engineer creates a project, finds it in the top-bar picker, makes it active and works in it', async () => {
  const { alice } = env.fx.clients;
  await setContext(alice, env.fx.customer.id, env.fx.project.id);
  const page = await newUserPage(env.browser);
  await signIn(page, env.stack.url, env.fx.people.alice, { hash: '#/zones' });
  await page.getByTestId('zones-table').waitFor();
  await page.getByTestId('nav-projects').click();
  const list = page.getByTestId('projects-page');
  await list.getByTestId('projects-table').waitFor();
  const existing = list.locator(`[data-testid="project-row"][data-id="${env.fx.project.id}"]`);
  await existing.getByTestId('active-badge').waitFor();
  assert.equal(await existing.getByTestId('edit-project').count(), 1, 'a project from the list can be opened');

  // A duplicate name is refused and shown at the name field.
  const form = page.getByTestId('project-create-form');
  await form.getByTestId('field-name').fill('Migration 2025');
  await form.getByTestId('field-name').press('Enter');
  const nameError = form.locator('[data-testid="field-error"][data-field="name"]');
  await waitForText(nameError, 'already exists');
  assert.equal(await form.getByTestId('field-name').getAttribute('aria-invalid'), 'true');

  // Create with the keyboard: type, Tab to the notes, Enter submits from the name field.
  await form.getByTestId('field-name').fill('Cutover 2026');
  assert.equal(await nameError.count(), 0, 'the error goes away on input');
  await form.getByTestId('field-name').press('Tab');
  await page.keyboard.type('Array replacement weekend');
  await form.getByTestId('field-name').press('Enter');
  await waitForText(page.getByTestId('page-message'), 'Created Cutover 2026');
  const row = list.locator('[data-testid="project-row"][data-name="Cutover 2026"]');
  await row.waitFor();
  const id = Number(await row.getAttribute('data-id'));
  assert.equal(await form.getByTestId('field-name').inputValue(), '', 'the form is cleared for the next project');

  // The top-bar picker lists it without reloading the page.
  const option = page.locator(`[data-testid="project-picker"] option[value="${id}"]`);
  await option.waitFor({ state: 'attached' });
  assert.equal(await option.textContent(), 'Cutover 2026');

  // Rename it with the version read when it is opened.
  await row.getByTestId('edit-project').click();
  const editor = page.getByTestId('project-edit-form');
  await waitForText(editor.getByTestId('record-version'), '0');
  assert.equal(await editor.getByTestId('field-notes').inputValue(), 'Array replacement weekend');
  assert.equal(await editor.getByTestId('record-modified-by').textContent(), 'alice');
  await page.waitForFunction(() => document.activeElement?.id === 'edit-project-name');
  await editor.getByTestId('field-name').fill('Cutover 2026 (DC1)');
  await editor.getByTestId('save').click();
  await waitForText(page.getByTestId('page-message'), 'Saved Cutover 2026 (DC1) (version 1)');
  const renamed = list.locator(`[data-testid="project-row"][data-id="${id}"]`);
  await waitForText(renamed.getByTestId('project-name'), 'Cutover 2026 (DC1)');
  await waitForText(option, 'Cutover 2026 (DC1)');

  // Make it active: the picker follows and the Zones page shows the project.
  await renamed.getByTestId('make-active').click();
  await renamed.getByTestId('active-badge').waitFor();
  await waitForText(page.getByTestId('page-message'), 'is now your active project');
  assert.equal(await page.getByTestId('project-picker').inputValue(), String(id));
  assert.equal(await existing.getByTestId('active-badge').count(), 0);
  await screenshot(page, 'projects.png');

  await page.getByTestId('nav-zones').click();
  await page.getByTestId('zones-page').waitFor();
  await waitForText(page.locator('[data-testid="zones-page"] h1'), 'Cutover 2026 (DC1)');
  await page.getByTestId('zones-empty').waitFor();

  const config = await call(alice.get('/api/core/user-config/'), 200, 'config');
  assert.deepEqual(config.active_project, { id, name: 'Cutover 2026 (DC1)' });
  const projects = await call(alice.get(`/api/core/projects/${env.fx.customer.id}/`), 200, 'projects');
  assert.ok(projects.some((p) => p.id === id && p.name === 'Cutover 2026 (DC1)'));
  await closeCleanly(page);
  await setContext(alice, env.fx.customer.id, env.fx.project.id);
});

test('a project created through the API is opened, renamed and saved from the page', async () => {
  const { alice } = env.fx.clients;
  await setContext(alice, env.fx.customer.id, env.fx.project.id);
  const created = await call(env.fx.admin.post('/api/core/projects/', {
    name: 'Storage refresh', customer: env.fx.customer.id, notes: 'Planned by admin',
  }), 201, 'admin create');
  const page = await newUserPage(env.browser);
  await signIn(page, env.stack.url, env.fx.people.alice, { hash: '#/projects' });
  const row = page.locator(`[data-testid="project-row"][data-id="${created.id}"]`);
  await row.getByTestId('edit-project').click();
  const editor = page.getByTestId('project-edit-form');
  await waitForText(editor.getByTestId('record-version'), String(created.version));
  assert.equal(await editor.getAttribute('data-id'), String(created.id));
  assert.equal(await editor.getByTestId('field-name').inputValue(), 'Storage refresh');
  assert.equal(await editor.getByTestId('field-notes').inputValue(), 'Planned by admin');
  assert.equal(await editor.getByTestId('record-modified-by').textContent(), 'admin');
  assert.equal(await editor.getByTestId('record-modified-at').locator('time').count(), 1);
  assert.equal(await editor.getByTestId('save').isDisabled(), true, 'nothing to save before an edit');
  assert.equal(await page.getByTestId('projects-help').count(), 0);
  await screenshot(page, 'project-edit.png');

  await page.waitForFunction(() => document.activeElement?.id === 'edit-project-name');
  await editor.getByTestId('field-name').fill('Storage refresh 2026');
  await editor.getByTestId('field-notes').fill('Planned by admin; dates agreed with alice');
  await editor.getByTestId('save').press('Enter');
  await waitForText(page.getByTestId('page-message'), `Saved Storage refresh 2026 (version ${created.version + 1})`);
  await editor.waitFor({ state: 'detached' });
  await waitForText(row.getByTestId('project-name'), 'Storage refresh 2026');
  await waitForText(page.locator(`[data-testid="project-picker"] option[value="${created.id}"]`), 'Storage refresh 2026');

  const stored = await call(env.fx.admin.get(`/api/core/projects/detail/${created.id}/`), 200, 'detail');
  assert.equal(stored.version, created.version + 1, 'one save moves the version by one');
  assert.equal(stored.last_modified_by, 'alice');
  assert.equal(stored.name, 'Storage refresh 2026');
  assert.equal(stored.notes, 'Planned by admin; dates agreed with alice');

  // Opening it again reads the saved record.
  await row.getByTestId('edit-project').click();
  await waitForText(editor.getByTestId('record-version'), String(created.version + 1));
  assert.equal(await editor.getByTestId('record-modified-by').textContent(), 'alice');
  await editor.getByTestId('field-name').press('Escape');
  await editor.waitFor({ state: 'detached' });
  await closeCleanly(page);
});

test('a project changed elsewhere: a rename on both sides asks, notes elsewhere merge, then delete', async () => {
  await setContext(env.fx.clients.bob, env.fx.customer.id, null);
  const created = await call(env.fx.admin.post('/api/core/projects/', { name: 'Scratch', customer: env.fx.customer.id, notes: '' }), 201, 'admin create');
  const id = created.id;
  const v0 = created.version;
  const page = await newUserPage(env.browser);
  await signIn(page, env.stack.url, env.fx.people.bob, { hash: '#/projects' });
  const row = page.locator(`[data-testid="project-row"][data-id="${id}"]`);
  await row.getByTestId('edit-project').click();
  const editor = page.getByTestId('project-edit-form');
  await waitForText(editor.getByTestId('record-version'), String(v0));

  // Someone else renames it after this page read the version: the rename is a field both changed.
  await call(env.fx.admin.put(`/api/core/projects/update/${id}/`, { name: 'Scratch A', version: v0 }), 200, 'admin update');
  await editor.getByTestId('field-name').fill('Scratch B');
  await editor.getByTestId('save').click();
  const dialog = page.getByTestId('conflict-dialog');
  await expectConflict(dialog, 'admin', v0 + 1);
  const name = dialog.locator('[data-testid="field-conflict"][data-field="name"]');
  assert.deepEqual([await name.getByTestId('field-base').textContent(), await name.getByTestId('field-theirs').textContent(),
    await name.getByTestId('field-mine').textContent()], ['Scratch', 'Scratch A', 'Scratch B']);

  // All theirs: the editor shows the admin's name and version, nothing is saved.
  await answerConflict(dialog, 'conflict-reload');
  await waitForText(editor.getByTestId('record-version'), String(v0 + 1));
  await waitForText(editor.getByTestId('field-name'), 'Scratch A', { value: true });
  assert.equal(await editor.getByTestId('record-modified-by').textContent(), 'admin');
  await waitForText(page.getByTestId('page-message'), 'Kept their values');
  let stored = await call(env.fx.admin.get(`/api/core/projects/detail/${id}/`), 200, 'detail');
  assert.equal(stored.name, 'Scratch A', 'nothing of the stale save was written');

  // The notes changed elsewhere, the name here: the save merges them, no dialog.
  await call(env.fx.admin.put(`/api/core/projects/update/${id}/`, { notes: 'set by admin again', version: v0 + 1 }), 200, 'admin update 2');
  await editor.getByTestId('field-name').fill('Scratch B');
  await editor.getByTestId('save').click();
  await waitForText(page.getByTestId('page-message'), `Saved Scratch B (version ${v0 + 3})`);
  assert.equal(await dialog.count(), 0);
  stored = await call(env.fx.admin.get(`/api/core/projects/detail/${id}/`), 200, 'detail');
  assert.equal(stored.name, 'Scratch B');
  assert.equal(stored.notes, 'set by admin again', 'the admin\'s notes were kept');
  assert.equal(stored.last_modified_by, 'bob');

  // The project lists an alias: the delete releases it (the confirmation says so), and the alias
  // stays in its fabric and its other project.
  const listed = await call(env.fx.admin.post('/api/san/aliases/save/', {
    project_id: id,
    aliases: [{ fabric: env.fx.fabric.id, name: 'scratch_hba0', wwpn: '10:00:00:10:9b:aa:00:99', use: 'init', projects: [env.fx.project.id] }],
  }), 200, 'alias in the project');

  // Delete with the version read when it is opened.
  await waitForText(row.getByTestId('project-name'), 'Scratch B');
  await row.getByTestId('edit-project').click();
  await waitForText(editor.getByTestId('record-version'), String(v0 + 3));
  await editor.getByTestId('delete').click();
  await waitForText(editor.getByTestId('delete-note'), 'stay in their fabrics');
  await editor.getByTestId('confirm-delete').click();
  await waitForText(page.getByTestId('page-message'), 'Deleted Scratch B');
  await row.waitFor({ state: 'detached' });
  await call(env.fx.admin.get(`/api/core/projects/detail/${id}/`), 404, 'deleted');
  const kept = await call(env.fx.admin.get(`/api/san/aliases/project/${env.fx.project.id}/?page_size=500`), 200, 'aliases');
  const alias = kept.results.find((a) => a.id === listed.aliases[0].id);
  assert.deepEqual(alias.projects, [env.fx.project.id], 'released from the deleted project only');

  // A project deleted by someone else after the list loaded: opening it says so and drops the row.
  const gone = await call(env.fx.admin.post('/api/core/projects/', { name: 'Short-lived', customer: env.fx.customer.id, notes: '' }), 201, 'admin create 2');
  await page.reload();
  const goneRow = page.locator(`[data-testid="project-row"][data-id="${gone.id}"]`);
  await goneRow.waitFor();
  await call(env.fx.admin.delete(`/api/core/projects/delete/${gone.id}/?version=${gone.version}`), [200, 204], 'admin delete');
  await goneRow.getByTestId('edit-project').click();
  await waitForText(page.getByTestId('page-error'), 'Short-lived no longer exists');
  await goneRow.waitFor({ state: 'detached' });
  assert.equal(await editor.count(), 0);
  await closeCleanly(page);
});

test('a superuser creates a customer and adds a member, who then sees it', async () => {
  const carol = { username: 'carol', password: 'carol-password-1', first_name: 'Carol', last_name: 'Chen' };
  await call(env.fx.admin.post('/api/core/users/', { ...carol, email: 'carol@example.com', is_superuser: false }), 201, 'create carol');

  const admin = await newUserPage(env.browser);
  await signIn(admin, env.stack.url, env.stack.admin, { hash: '#/customers' });
  await admin.getByTestId('customers-table').waitFor();
  await admin.getByTestId('new-customer').click();
  const form = admin.getByTestId('record-form');
  await form.getByTestId('field-name').fill('ACME Storage');
  await form.getByTestId('field-notes').fill('Duplicate');
  await form.getByTestId('save').click();
  await waitForText(form.locator('[data-testid="field-error"][data-field="name"]'), 'already exists');

  await form.getByTestId('field-name').fill('Globex Datacenter');
  await form.getByTestId('field-notes').fill('Two sites, Brocade and Cisco fabrics');
  await form.getByTestId('save').click();
  await waitForText(form.getByTestId('record-version'), '0');
  const customerId = Number(await form.getAttribute('data-id'));
  assert.ok(customerId > 0);
  await admin.locator(`[data-testid="customer-picker"] option[value="${customerId}"]`).waitFor({ state: 'attached' });

  // Members: an unknown username is shown at the field; then carol is added.
  const members = admin.getByTestId('members');
  await members.getByTestId('members-empty').waitFor();
  await members.getByTestId('member-username').fill('nobody-here');
  await members.getByTestId('member-username').press('Enter');
  await waitForText(members.locator('[data-testid="field-error"][data-field="username"]'), 'User not found');
  await members.getByTestId('member-username').fill('carol');
  await members.getByTestId('add-member').click();
  await members.locator('[data-testid="member"][data-username="carol"]').waitFor();
  await waitForText(members.getByTestId('page-message'), 'Added carol');
  assert.equal(await members.locator('[data-testid="field-error"]').count(), 0);
  await screenshot(admin, 'customers.png');

  // Carol signs in in her own browser context and sees the customer, read-only but for the notes.
  const page = await newUserPage(env.browser);
  await signIn(page, env.stack.url, carol, { hash: '#/customers' });
  const rows = page.locator('[data-testid="customer-row"]');
  await rows.first().waitFor();
  assert.deepEqual(await rows.locator('[data-testid="open"]').allTextContents(), ['Globex Datacenter']);
  await page.locator(`[data-testid="customer-picker"] option[value="${customerId}"]`).waitFor({ state: 'attached' });
  await rows.first().getByTestId('open').click();
  const detail = page.getByTestId('record-form');
  await waitForText(detail.getByTestId('record-version'), '0');
  assert.equal(await detail.getByTestId('field-name').getAttribute('readonly'), '');
  assert.equal(await detail.getByTestId('delete').count(), 0);
  assert.equal(await page.getByTestId('members').count(), 0);
  assert.equal(await page.getByTestId('new-customer').count(), 0);

  const carolClient = await signedInClient(env.stack.url, carol.username, carol.password);
  const seen = await call(carolClient.get('/api/customers/'), 200, 'carol customers');
  assert.deepEqual(seen.results.map((c) => c.name), ['Globex Datacenter']);
  assert.deepEqual([...admin.errors, ...page.errors], []);
  await admin.context().close();
  await page.context().close();
});

test('two members edit the same customer\'s notes: the second gets the conflict dialog naming the first', async () => {
  const start = await call(env.fx.admin.get(`/api/customers/${env.fx.customer.id}/`), 200, 'customer');
  const n = start.version;
  const pageA = await newUserPage(env.browser);
  const pageB = await newUserPage(env.browser);
  await signIn(pageA, env.stack.url, env.fx.people.alice, { hash: `#/customers/${env.fx.customer.id}` });
  await signIn(pageB, env.stack.url, env.fx.people.bob, { hash: `#/customers/${env.fx.customer.id}` });
  const formA = pageA.getByTestId('record-form');
  const formB = pageB.getByTestId('record-form');
  await waitForText(formA.getByTestId('record-version'), String(n));
  await waitForText(formB.getByTestId('record-version'), String(n));

  await formA.getByTestId('field-notes').fill('alice: contract renewed to 2027');
  await formA.getByTestId('save').click();
  await waitForText(formA.getByTestId('record-version'), String(n + 1));

  await formB.getByTestId('field-notes').fill('bob: new escalation contact');
  await formB.getByTestId('save').click();
  const dialog = pageB.getByTestId('conflict-dialog');
  await expectConflict(dialog, 'alice', n + 1);
  assert.match(await dialog.locator('h2').textContent(), /This customer was changed by someone else/);
  assert.equal(await pageB.evaluate(() => document.activeElement?.dataset.testid), 'conflict-reload');

  let customer = await call(env.fx.admin.get(`/api/customers/${env.fx.customer.id}/`), 200, 'customer');
  assert.equal(customer.notes, 'alice: contract renewed to 2027', 'the stale save changed nothing');

  await answerConflict(dialog, 'conflict-keep-mine');
  await waitForText(formB.getByTestId('record-version'), String(n + 2));
  customer = await call(env.fx.admin.get(`/api/customers/${env.fx.customer.id}/`), 200, 'customer');
  assert.equal(customer.notes, 'bob: new escalation contact');
  assert.equal(customer.last_modified_by, 'bob');
  assert.equal(customer.name, 'ACME Storage');
  assert.deepEqual([...pageA.errors, ...pageB.errors], []);
  await pageA.context().close();
  await pageB.context().close();
});

test('the API page lists the operations of the OpenAPI description by tag, with their details', async () => {
  const page = await newUserPage(env.browser);
  await signIn(page, env.stack.url, env.fx.people.alice, { hash: '#/zones' });
  await page.getByTestId('nav-api').click();
  await page.getByTestId('api-page').waitFor();
  const description = await (await fetch(`${env.stack.url}/api/openapi.json`)).json();
  const tags = page.getByTestId('api-tag');
  await tags.first().waitFor();
  assert.deepEqual(await tags.evaluateAll((sections) => sections.map((s) => s.dataset.tag)),
    description.tags.map((t) => t.name));
  const operations = Object.values(description.paths).reduce((n, item) => n + Object.keys(item).length, 0);
  assert.equal(await page.getByTestId('api-operation').count(), operations);

  const save = page.locator('[data-operation="SaveZones"]');
  await save.locator('summary').click();
  await waitForText(save.getByTestId('api-request-body'), 'zones');
  await screenshot(page, 'api.png');
  await page.getByTestId('api-filter').fill('zones/save');
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="api-operation"]').length === 1);
  await page.context().close();
});
