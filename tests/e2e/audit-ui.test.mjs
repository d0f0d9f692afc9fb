// Browser test of the audit page against the real stack: alice reads her customer's feed, narrows
// it to bob's entries (his sign-in and his zone edit, with the change as old → new) and to one kind
// of record, and downloads the same query as CSV.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { call, closeCleanly, newUserPage, signIn, useBrowserStack, waitForText } from './helpers.mjs';

const env = useBrowserStack();

/** The rows of the feed table as {entity, action, by}. */
async function rowsOf(page) {
  const rows = page.getByTestId('audit-entry');
  const out = [];
  for (let i = 0; i < await rows.count(); i += 1) {
    const row = rows.nth(i);
    out.push({
      entity: await row.getAttribute('data-entity'),
      action: await row.getAttribute('data-action'),
      by: (await row.getByTestId('audit-by').textContent()).trim(),
    });
  }
  return out;
}

test("the audit page: the customer's feed, narrowed to a user and a kind of record, and as CSV", async () => {
  const { alice, bob } = env.fx.clients;
  const { fabric, project } = env.fx;
  const [zone] = (await call(alice.post('/api/san/zones/save/', {
    project_id: project.id, zones: [{ fabric: fabric.id, name: 'z_audited', zone_type: 'standard', notes: 'first' }],
  }), 200, 'create zone')).zones;
  await call(bob.post('/api/san/zones/save/', {
    project_id: project.id, zones: [{ id: zone.id, version: zone.version, notes: 'bob was here' }],
  }), 200, 'bob edits the zone');

  const page = await newUserPage(env.browser);
  await signIn(page, env.stack.url, env.fx.people.alice, { hash: '#/audit' });
  await page.getByTestId('audit-page').waitFor();
  await waitForText(page.getByTestId('audit-count'), /\d+ entries/);
  // Alice's own sign-in is the newest entry; bob's edit and alice's create are there too.
  assert.equal(await page.getByTestId('audit-entry').first().getAttribute('data-entity'), 'user');
  const zoneRows = page.locator(`[data-testid="audit-entry"][data-entity="zone"][data-id="${zone.id}"]`);
  assert.deepEqual(await zoneRows.evaluateAll((rows) => rows.map((row) => row.dataset.action)), ['update', 'create']);

  await page.getByTestId('audit-user').fill('bob');
  await page.getByTestId('audit-apply').click();
  await waitForText(page.getByTestId('audit-entry').first().getByTestId('audit-by'), 'bob');
  const bobs = await rowsOf(page);
  assert.ok(bobs.length > 0 && bobs.every((row) => row.by === 'bob'), JSON.stringify(bobs));
  assert.ok(bobs.some((row) => row.entity === 'user' && row.action === 'sign_in'), JSON.stringify(bobs));
  const edit = page.locator(`[data-testid="audit-entry"][data-entity="zone"][data-id="${zone.id}"]`);
  assert.equal(await edit.getAttribute('data-action'), 'update');
  const notes = edit.locator('[data-testid="history-change"][data-field="notes"]');
  assert.equal(await notes.getByTestId('history-old').textContent(), 'first');
  assert.equal(await notes.getByTestId('history-new').textContent(), 'bob was here');

  await page.getByTestId('audit-entity').selectOption('zone');
  await page.getByTestId('audit-apply').click();
  await waitForText(page.getByTestId('audit-count'), /^1 entry$/);
  assert.deepEqual(await rowsOf(page), [{ entity: 'zone', action: 'update', by: 'bob' }]);

  // The CSV link asks the same query of the gateway.
  const href = await page.getByTestId('audit-csv').getAttribute('href');
  const url = new URL(href, env.stack.url);
  assert.equal(url.searchParams.get('format'), 'csv');
  assert.equal(url.searchParams.get('user'), 'bob');
  assert.equal(url.searchParams.get('entity'), 'zone');
  const csv = await page.request.get(url.toString());
  assert.equal(csv.status(), 200);
  assert.match(csv.headers()['content-type'], /^text\/csv/);
  const lines = (await csv.text()).trimEnd().split('\r\n');
  assert.equal(lines[0], 'at,entity,id,customer,version,action,by,from_version,changes');
  assert.equal(lines.length, 2, lines.join('\n'));
  assert.match(lines[1], new RegExp(`,zone,${zone.id},\\d+,${zone.version + 1},update,bob,`));

  // A user nobody is shows nothing, and says so.
  await page.getByTestId('audit-user').fill('nobody-at-all');
  await page.getByTestId('audit-entity').selectOption('');
  await page.getByTestId('audit-apply').click();
  await page.getByTestId('audit-empty').waitFor();
  await closeCleanly(page);
});
