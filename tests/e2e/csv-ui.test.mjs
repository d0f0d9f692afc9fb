// Browser test of CSV in and out of the aliases table against the real stack: alice filters and
// sorts the table and downloads it as CSV; she imports a file with a bad line (the preview names
// it, nothing can be applied), then the corrected file, which adds its aliases to the table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { closeCleanly, filterRows, newUserPage, screenshot, signIn, useBrowserStack, waitForText } from './helpers.mjs';
import { parseCsv, toCsv } from '../integration/csv.mjs';

const env = useBrowserStack();

const HEADER = ['fabric', 'name', 'wwpns', 'use', 'notes'];

/** Clicks the element and answers the text of the file the browser downloads. */
async function downloaded(page, element) {
  const [download] = await Promise.all([page.waitForEvent('download'), element.click()]);
  return { name: download.suggestedFilename(), text: fs.readFileSync(await download.path(), 'utf8') };
}

test('aliases: Export CSV keeps the filter and the order; Import CSV previews, refuses a bad line, applies a good file', async () => {
  const page = await newUserPage(env.browser);
  await signIn(page, env.stack.url, env.fx.people.alice, { hash: '#/aliases' });
  const table = page.getByTestId('aliases-table');
  await table.waitFor();

  // The table shows the ESXi aliases, names descending; so does the download.
  await filterRows(page, 'esx');
  await page.getByTestId('sort-name').click();
  await page.getByTestId('sort-name').click();
  await page.locator('th[aria-sort="descending"] [data-testid="sort-name"]').waitFor();
  const shown = await table.getByTestId('alias-row').evaluateAll((rows) => rows.map((r) => r.querySelector('[data-testid="cell-name"]').textContent.trim()));
  assert.deepEqual(shown, ['esx02_hba0', 'esx01_hba0']);
  const exported = await downloaded(page, page.getByTestId('csv-export'));
  assert.equal(exported.name, 'aliases.csv');
  const rows = parseCsv(exported.text);
  assert.deepEqual(rows[0], ['fabric', 'name', 'wwpns', 'use', 'cisco_alias', 'create', 'delete',
    'include_in_zoning', 'logged_in', 'host', 'storage', 'notes', 'version']);
  assert.deepEqual(rows.slice(1).map((r) => [r[0], r[1], r[2], r[11]]), [
    ['FAB_A', 'esx02_hba0', '10:00:00:10:9b:aa:00:02', 'ESXi host 2'],
    ['FAB_A', 'esx01_hba0', '10:00:00:10:9b:aa:00:01', 'ESXi host 1'],
  ]);

  // A file with a bad WWPN on its third line: the preview lists it, Import stays disabled.
  await page.getByTestId('csv-import').click();
  const dialog = page.getByTestId('csv-import-dialog');
  await page.getByTestId('csv-import-text').fill(toCsv([
    HEADER,
    ['FAB_A', 'esx03_hba0', '10:00:00:10:9b:aa:00:03', 'init', 'ESXi host 3'],
    ['FAB_A', 'esx04_hba0', '10:00:00:10:9b:aa:00', 'init', 'ESXi host 4, "new"'],
  ]));
  await page.getByTestId('csv-import-preview').click();
  const error = dialog.getByTestId('csv-import-error');
  await error.waitFor();
  assert.equal(await error.count(), 1);
  assert.equal(await error.getAttribute('data-line'), '3');
  assert.match(await error.textContent(), /Line 3 · esx04_hba0: wwpns?: /);
  assert.equal(await page.getByTestId('csv-import-apply').isDisabled(), true);
  await screenshot(page, 'csv-import-preview.png');

  // The corrected file, picked from disk: previewed, then imported.
  await page.getByTestId('csv-import-file').setInputFiles({
    name: 'aliases.csv',
    mimeType: 'text/csv',
    buffer: Buffer.from(toCsv([
      HEADER,
      ['FAB_A', 'esx03_hba0', '10:00:00:10:9b:aa:00:03', 'init', 'ESXi host 3'],
      ['FAB_A', 'esx04_hba0', '10:00:00:10:9b:aa:00:04', 'init', 'ESXi host 4, "new"'],
    ])),
  });
  await waitForText(page.getByTestId('csv-import-text'), 'esx04_hba0', { value: true });
  await page.getByTestId('csv-import-preview').click();
  await waitForText(dialog.getByTestId('csv-import-counts'), '2 to create, 0 to update, 0 unchanged');
  assert.equal(await dialog.getByTestId('csv-import-error').count(), 0);
  await page.getByTestId('csv-import-apply').click();
  await waitForText(page.getByTestId('csv-imported'), '2 created, 0 updated, 0 unchanged');
  assert.equal(await dialog.count(), 0);

  // The table, loaded again, shows the new aliases.
  await filterRows(page, 'esx0');
  const newRow = table.locator('[data-testid="alias-row"]', { hasText: 'esx04_hba0' });
  await newRow.waitFor();
  assert.equal((await newRow.getByTestId('cell-notes').textContent()).trim(), 'ESXi host 4, "new"');
  assert.equal(await table.getByTestId('alias-row').count(), 4);
  await closeCleanly(page);
});

test('hosts: Export CSV downloads the listed hosts', async () => {
  const page = await newUserPage(env.browser);
  await signIn(page, env.stack.url, env.fx.people.alice, { hash: '#/hosts' });
  await page.getByTestId('hosts-table').waitFor();
  const exported = await downloaded(page, page.getByTestId('hosts-csv'));
  assert.equal(exported.name, 'hosts.csv');
  const rows = parseCsv(exported.text);
  assert.deepEqual(rows[0], ['id', 'name', 'customer', 'storage', 'host_type', 'wwpns', 'status', 'notes', 'version']);
  assert.deepEqual(rows.slice(1).map((r) => [r[1], r[4], r[5], r[6]]), [
    ['esx01', 'VMware', '10:00:00:10:9b:aa:00:01', 'online'],
    ['esx02', 'VMware', '10:00:00:10:9b:aa:00:02', 'online'],
  ]);
  await closeCleanly(page);
});
