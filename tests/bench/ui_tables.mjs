// The aliases and zones pages at scale: seeds one project with SANPLANE_BENCH_ALIASES aliases
// (default 5,000) and SANPLANE_BENCH_ZONES zones (default 3,000, three members each) through the
// API on a private stack, opens both pages in Chromium and prints, per page: time to interactive,
// DOM elements, JS heap, page height, the time per keystroke in the filter and in an edited cell,
// and the time to sort all rows by a header and to filter them by a whole pasted string, each
// also as the page's own Event Timing (the longest event handled, without the round trip to the
// browser). SANPLANE_BENCH_WEB_ROOT serves another copy of gateway/web (e.g. an older UI) to compare.
import { startStack } from '../integration/stack.mjs';
import { adminClient } from '../integration/fixtures.mjs';
import { launchBrowser, newUserPage, signIn } from '../e2e/helpers.mjs';
import { seedProject } from './seed_project.mjs';

const ALIASES = Number(process.env.SANPLANE_BENCH_ALIASES ?? 5000);
const ZONES = Number(process.env.SANPLANE_BENCH_ZONES ?? 3000);
// A page that has not shown its rows by then counts as never interactive, and a keystroke that
// has not been answered by then ends that measurement.
const INTERACTIVE_LIMIT_MS = Number(process.env.SANPLANE_BENCH_LIMIT_MS ?? 60000);
const KEY_LIMIT_MS = 20000;
const FILTER_TEXT = 'host01';
const CELL_TEXT = 'rack 12';
const PASTE_LINES = 100;

/**
 * Installed in the page before its scripts: counts the requests in flight and watches the long
 * tasks (50 ms or more of uninterrupted work, such as drawing thousands of rows). The page is
 * interactive at the later of the last answer and the end of the last long task, once neither has
 * happened for QUIET_MS; window.__benchInteractiveAt() answers that time then, else 0.
 */
function watchRequests(quietMs) {
  const send = window.fetch.bind(window);
  let inFlight = 0;
  let settledAt = 0;
  let busyUntil = 0;
  window.fetch = (...args) => {
    inFlight += 1;
    return send(...args).finally(() => {
      inFlight -= 1;
      if (!inFlight) settledAt = performance.now();
    });
  };
  const note = (entries) => { for (const e of entries) busyUntil = Math.max(busyUntil, e.startTime + e.duration); };
  const longTasks = new PerformanceObserver((list) => note(list.getEntries()));
  longTasks.observe({ type: 'longtask', buffered: true });
  // Event Timing: the longest input event (key, click, input) since the last read, from the
  // press until the frame that showed its effect, as the browser measured it.
  let longestEvent = 0;
  const events = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) longestEvent = Math.max(longestEvent, e.duration);
  });
  events.observe({ type: 'event', durationThreshold: 16, buffered: true });
  window.__benchTakeLongestEvent = () => {
    for (const e of events.takeRecords()) longestEvent = Math.max(longestEvent, e.duration);
    const longest = longestEvent;
    longestEvent = 0;
    return longest;
  };
  window.__benchInteractiveAt = () => {
    note(longTasks.takeRecords());
    const at = Math.max(settledAt, busyUntil);
    return !inFlight && settledAt && performance.now() - at >= quietMs ? at : 0;
  };
}
const QUIET_MS = 300;

const nextFrame = (page) => page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));

/** The promise's value, or `fallback` when it has not settled within `ms`. */
function within(promise, ms, fallback) {
  let timer;
  return Promise.race([promise, new Promise((resolve) => { timer = setTimeout(() => resolve(fallback), ms); })])
    .finally(() => clearTimeout(timer));
}

// The table shows the rows of the filter typed (the filter box hands its text on after the
// keystroke's frame; an older UI filters in the keystroke's own handler and has no data-filter).
const rowsShowFilter = (page) => page.waitForFunction(() => {
  const table = document.querySelector('table[data-filter]');
  return !table || table.dataset.filter === document.querySelector('[data-testid="filter"]').value;
}, null, { timeout: KEY_LIMIT_MS, polling: 'raf' });

const medianAndMax = (times) => {
  const sorted = [...times].sort((a, b) => a - b);
  return [sorted[Math.floor(sorted.length / 2)], sorted[sorted.length - 1]];
};

/**
 * Milliseconds from each key press until the frame after it: [median, slowest], and with
 * `untilRows` also until the frame after the table showed the rows of the text typed so far:
 * [median, slowest, rows median, rows slowest]. Nulls when one key took longer than KEY_LIMIT_MS
 * (the page is not usable; the rest is not typed).
 */
async function keystrokes(page, text, { untilRows = false } = {}) {
  const times = [];
  const rowTimes = [];
  for (const key of text) {
    const start = performance.now();
    const answered = await within(page.keyboard.press(key === ' ' ? 'Space' : key).then(() => nextFrame(page)).then(() => true), KEY_LIMIT_MS, false);
    if (!answered) return [null, null, null, null];
    times.push(performance.now() - start);
    if (untilRows) {
      await rowsShowFilter(page);
      await nextFrame(page);
      rowTimes.push(performance.now() - start);
    }
  }
  return untilRows ? [...medianAndMax(times), ...medianAndMax(rowTimes)] : medianAndMax(times);
}

/** Milliseconds from the start of `act` until the frame after it, and the page's longest event. */
async function timed(page, act) {
  await page.evaluate(() => window.__benchTakeLongestEvent());
  const start = performance.now();
  await act();
  await nextFrame(page);
  const ms = performance.now() - start;
  return [ms, await page.evaluate(() => window.__benchTakeLongestEvent())];
}

/**
 * Measures one page in a browser of its own, closed afterwards whatever state the page is in. A
 * step that times out (the page stopped answering) ends the measurement with what it has.
 */
async function measurePage(url, credentials, plural, entity) {
  const browser = await launchBrowser();
  const result = { page: plural };
  try {
    await measureIn(browser, url, credentials, plural, entity, result);
  } catch (error) {
    result.stoppedBy = error.message.split('\n')[0];
  } finally {
    await within(browser.close(), 10000, null);
  }
  console.error(JSON.stringify(result));
  return result;
}

async function measureIn(browser, url, credentials, plural, entity, result) {
  console.error(`measuring ${plural}…`);
  const page = await newUserPage(browser);
  page.setDefaultTimeout(KEY_LIMIT_MS);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  await signIn(page, url, credentials, { hash: '#/fabrics', heartbeatMs: 30000 });
  await page.addInitScript(watchRequests, QUIET_MS);
  // Interactive: the rows are shown, every request the page made (the records and their lookups,
  // such as a zone page's aliases) has been answered, and the work on the answers is done (see
  // watchRequests); counted in the page's clock from the start of its navigation.
  // A new document (not a hash change of the signed-in one), so the whole page loads.
  await page.goto('about:blank');
  try {
    await page.goto(`${url}/?heartbeat_ms=30000#/${plural}`, { timeout: INTERACTIVE_LIMIT_MS });
    const settled = await page.waitForFunction((selector) => document.querySelector(selector) && window.__benchInteractiveAt(),
      `[data-testid="${entity}-row"]`, { timeout: INTERACTIVE_LIMIT_MS, polling: 100 });
    result.interactiveMs = Math.round(await settled.jsonValue());
  } catch {
    result.interactiveMs = null;
  }
  const heap = async () => {
    await cdp.send('HeapProfiler.collectGarbage').catch(() => {});
    const { metrics } = await cdp.send('Performance.getMetrics');
    return metrics.find((m) => m.name === 'JSHeapUsedSize').value / 2 ** 20;
  };
  // A page still busy drawing may not answer these either.
  Object.assign(result, await within(page.evaluate(() => ({
    elements: document.getElementsByTagName('*').length,
    rowsInDom: document.querySelectorAll('tbody tr[data-testid]').length,
    heightPx: document.documentElement.scrollHeight,
    // When the last answer of the SAN API arrived: the part of the wait that is the server's.
    lastAnswerMs: Math.max(0, ...performance.getEntriesByType('resource')
      .filter((e) => e.name.includes('/api/san/')).map((e) => e.responseEnd)),
  })), 10000, {}));
  result.heapMiB = await within(heap(), 10000, null);
  if (page.errors.length) result.pageErrors = page.errors.slice(0, 3);
  if (result.interactiveMs === null) return;

  // Sorting every row by name, descending then ascending (the page starts sorted by name or id).
  const sorts = [];
  for (let i = 0; i < 2; i += 1) sorts.push(await timed(page, () => page.getByTestId('sort-name').click()));
  result.sortMs = Math.max(...sorts.map(([ms]) => ms));
  result.sortEventMs = Math.max(...sorts.map(([, event]) => event));

  await page.getByTestId('filter').click();
  await page.evaluate(() => window.__benchTakeLongestEvent());
  [result.filterKeyMs, result.filterKeyMaxMs, result.filterRowsMs, result.filterRowsMaxMs] = await keystrokes(page, FILTER_TEXT, { untilRows: true });
  if (result.filterKeyMs === null) return;
  result.filterKeyEventMs = await page.evaluate(() => window.__benchTakeLongestEvent());
  await page.getByTestId('filter').fill('');
  await nextFrame(page);
  // The whole filter at once, as when pasted: every row is matched in one go.
  [result.filterAllMs, result.filterAllEventMs] = await timed(page, async () => {
    await page.getByTestId('filter').fill(FILTER_TEXT);
    await rowsShowFilter(page);
  });
  result.shownAfterFilter = await page.getByTestId('row-count').textContent();
  await page.getByTestId('filter').fill('');
  await rowsShowFilter(page);
  await nextFrame(page);

  // The older UI draws every cell as an input; the newer one opens a row for editing first.
  const row = page.locator(`[data-testid="${entity}-row"]`).first();
  if (!(await row.getByTestId('field-notes').count())) await row.getByTestId('cell-notes').click();
  await row.getByTestId('field-notes').click();
  await page.keyboard.press('End');
  await page.evaluate(() => window.__benchTakeLongestEvent());
  [result.cellKeyMs, result.cellKeyMaxMs] = await keystrokes(page, CELL_TEXT);
  result.cellKeyEventMs = await page.evaluate(() => window.__benchTakeLongestEvent());
  if (!(await page.getByTestId('select-all').count())) return;
  await measureBulk(page, row, result);
}

/**
 * Editing in bulk at this size: every row selected ("select all" with no filter), the DOM then, a
 * filter keystroke with the selection held, notes set on all of them and undone, and a range of
 * PASTE_LINES lines pasted onto the first row's notes cell and undone.
 */
async function measureBulk(page, row, result) {
  await page.keyboard.press('Escape');
  [result.selectAllMs] = await timed(page, () => page.getByTestId('select-all').click());
  await page.getByTestId('selected-count').waitFor();
  result.selected = Number((await page.getByTestId('selected-count').textContent()).split(' ')[0]);
  result.selectedElements = await page.evaluate(() => document.getElementsByTagName('*').length);
  await page.getByTestId('filter').click();
  [result.selectedKeyMs, result.selectedKeyMaxMs] = await keystrokes(page, FILTER_TEXT);
  await page.getByTestId('filter').fill('');
  await nextFrame(page);
  await page.getByTestId('bulk-field').selectOption('notes');
  await page.getByTestId('bulk-value').fill('bulk');
  [result.bulkSetMs] = await timed(page, () => page.getByTestId('bulk-apply').click());
  [result.bulkUndoMs] = await timed(page, () => page.getByTestId('bulk-undo').click());
  await row.getByTestId('cell-notes').click();
  await page.keyboard.press('Escape');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowRight');
  const lines = Array.from({ length: PASTE_LINES }, (_, i) => `pasted ${i}`).join('\n');
  [result.pasteMs] = await timed(page, () => page.evaluate((tsv) => {
    const data = new DataTransfer();
    data.setData('text/plain', tsv);
    document.activeElement.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  }, lines));
  result.pasted = await page.getByTestId('bulk-notice-text').textContent();
  [result.pasteUndoMs] = await timed(page, () => page.keyboard.press('Control+z'));
}

const stack = await startStack({
  env: { SANPLANE_LOG_LEVEL: 'warn', ...(process.env.SANPLANE_BENCH_WEB_ROOT ? { SANPLANE_WEB_ROOT: process.env.SANPLANE_BENCH_WEB_ROOT } : {}) },
});
try {
  const admin = await adminClient(stack);
  const seeding = performance.now();
  // Saves of 500: on a loaded machine a save of 1,000 zones can pass the gateway's deadline.
  await seedProject(admin, { aliases: ALIASES, zones: ZONES, batch: 500 });
  console.log(`seeded ${ALIASES} aliases and ${ZONES} zones in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);
  const credentials = { username: stack.admin.username, password: stack.admin.password };
  const rows = [
    await measurePage(stack.url, credentials, 'aliases', 'alias'),
    await measurePage(stack.url, credentials, 'zones', 'zone'),
  ];
  const fmt = (v, digits = 0) => (v === null || v === undefined ? '—' : Number(v).toFixed(digits));
  const keys = (median, max, event) => (median === undefined ? '—' : median === null ? `over ${KEY_LIMIT_MS / 1000} s` : `${fmt(median)} / ${fmt(max)} / ${fmt(event)}`);
  const pair = (frame, event) => (frame === undefined ? '—' : `${fmt(frame)} / ${fmt(event)}`);
  console.log(`\n${ALIASES} aliases, ${ZONES} zones; Chromium headless, 1440×900\n`);
  // "event" columns: the page's own Event Timing, the longest event of that step (0: every event
  // was shorter than 16 ms, the API's smallest threshold).
  // "filter key": until the frame that shows the key typed; "its rows": until the frame after the
  // table showed the rows it matches.
  console.log('| page | interactive s | last API answer s | DOM elements | rows in DOM | JS heap MiB | page height px | filter key ms (median / max / event) | its rows ms (median / max) | cell key ms (median / max / event) | sort all ms (frame / event) | whole filter ms (frame / event) |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
  const bulkRows = rows.filter((r) => r.bulkSetMs !== undefined);
  for (const r of rows) {
    const interactive = r.interactiveMs === null ? `not within ${INTERACTIVE_LIMIT_MS / 1000}` : fmt(r.interactiveMs / 1000, 1);
    console.log(`| ${r.page} | ${interactive} | ${fmt(r.lastAnswerMs / 1000, 1)} | ${fmt(r.elements)} | ${fmt(r.rowsInDom)} | ${fmt(r.heapMiB)} | ${fmt(r.heightPx)} | `
      + `${keys(r.filterKeyMs, r.filterKeyMaxMs, r.filterKeyEventMs)} | ${pair(r.filterRowsMs, r.filterRowsMaxMs)} | ${keys(r.cellKeyMs, r.cellKeyMaxMs, r.cellKeyEventMs)} | `
      + `${pair(r.sortMs, r.sortEventMs)} | ${pair(r.filterAllMs, r.filterAllEventMs)} |${r.stoppedBy ? ` stopped: ${r.stoppedBy}` : ''}`);
  }
  if (bulkRows.length) {
    console.log(`\nEditing in bulk (every row selected; a paste of ${PASTE_LINES} lines); each time includes the round trip to the browser\n`);
    console.log('| page | rows selected | select all ms | DOM elements selected | filter key ms, all selected (median / max) | set notes on all ms | its undo ms | paste ms | its undo ms |');
    console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const r of bulkRows) {
      console.log(`| ${r.page} | ${fmt(r.selected)} | ${fmt(r.selectAllMs)} | ${fmt(r.selectedElements)} | ${keys(r.selectedKeyMs, r.selectedKeyMaxMs)} | `
        + `${fmt(r.bulkSetMs)} | ${fmt(r.bulkUndoMs)} | ${fmt(r.pasteMs)} | ${fmt(r.pasteUndoMs)} |`);
    }
  }
} finally {
  await stack.stop();
}
