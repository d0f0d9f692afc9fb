// Unit tests of the web UI's pure helpers (no browser, no stack): conflict and field-error
// parsing of the API's error bodies, time formatting, reading the OpenAPI description, the
// tables' filtering and sorting, and the browser's side of saves that merge.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ApiError, bodyOf, conflictsOf, failedItemsOf, fetchAll, fieldErrorsOf, itemErrorsOf } from '../../gateway/web/js/api.js';
import { absoluteTime, changedByOtherRecently, formatBytes, localTimesIn, timeAgo } from '../../gateway/web/js/format.js';
import { labelOf, matchFailures, needsCurrentRecords } from '../../gateway/web/js/save-failures.js';
import { operationsByTag, typeText } from '../../gateway/web/js/openapi.js';
import {
  fieldConflictsOf, keptChangesOf, keptChangesText, mergeItem, mergeKeyed, mergeOnto, pickIdOf,
} from '../../gateway/web/js/merge-save.js';
import {
  collationKey, hexTerm, indexRow, nextSort, rowFilter, sortItems, textsMatch, wwpnDigits,
} from '../../gateway/web/js/table-query.js';

test('bulk-save conflict body (seed shape) becomes one conflict per failing item', () => {
  const error = new ApiError(409, {
    error: 'Some zones could not be saved.',
    details: [
      { zone: 'Zone_A', errors: { version: 'Conflict: This zone was modified by john at 2025-10-23 12:30:00. Please refresh and try again.', current_version: 6, last_modified_by: 'john', last_modified_at: '2025-10-23T12:30:00Z' } },
      { zone: 'Zone_B', errors: { id: 'This zone no longer exists (it was deleted by another user). Please refresh.' } },
      { zone: 'Zone_C', errors: { name: 'already exists' } },
    ],
  });
  const conflicts = conflictsOf(error, 'zone');
  assert.equal(conflicts.length, 2);
  assert.deepEqual(conflicts[0], {
    name: 'Zone_A',
    message: 'Conflict: This zone was modified by john at 2025-10-23 12:30:00. Please refresh and try again.',
    currentVersion: 6,
    lastModifiedBy: 'john',
    lastModifiedAt: '2025-10-23T12:30:00Z',
    deleted: false,
  });
  assert.equal(conflicts[1].deleted, true);
  assert.deepEqual(itemErrorsOf(error, 'zone')[2], { name: 'Zone_C', errors: { name: 'already exists' } });
});

test('storage conflict body and non-conflicts', () => {
  const storage = new ApiError(409, {
    error: 'Conflict', message: 'This storage system was modified by bob. Please reload and try again.',
    current_version: 7, last_modified_by: 'bob', last_modified_at: '2025-10-23T16:45:00Z',
  });
  const [conflict] = conflictsOf(storage, 'storage system');
  assert.equal(conflict.currentVersion, 7);
  assert.equal(conflict.lastModifiedBy, 'bob');
  assert.equal(storage.message, 'Conflict: This storage system was modified by bob. Please reload and try again.');
  assert.equal(conflictsOf(new ApiError(409, { error: 'A fabric with this name already exists.' }), 'fabric'), null);
  // A missing version is a 400, not a conflict.
  const missing = new ApiError(400, { error: 'Some zones could not be saved.', details: [{ zone: 'Z', errors: { version: 'The current version is required to update a zone.' } }] });
  assert.equal(conflictsOf(missing, 'zone'), null);
});

test('single-record field errors', () => {
  assert.deepEqual(fieldErrorsOf(new ApiError(400, { error: 'Invalid input', errors: { name: ['This field is required.'] } })), { name: 'This field is required.' });
  // Field errors are read from "errors" only, the one shape every service answers.
  assert.deepEqual(fieldErrorsOf(new ApiError(400, { error: 'Invalid input', vsan: 'must be an integer' })), {});
  assert.deepEqual(fieldErrorsOf(new ApiError(409, { error: 'x', errors: { name: 'y' } })), {});
});

test('relative times, recent changes and sizes', () => {
  const now = Date.parse('2025-10-23T12:32:00Z');
  assert.equal(timeAgo('2025-10-23T12:30:00Z', now), '2 minutes ago');
  assert.equal(timeAgo('2025-10-23T12:31:58.5Z', now), 'just now');
  assert.equal(timeAgo('2025-10-23T09:31:00Z', now), '3 hours ago');
  const record = { last_modified_by: 'john', last_modified_at: '2025-10-23T12:28:00Z' };
  assert.equal(changedByOtherRecently(record, 'mary', now), true);
  assert.equal(changedByOtherRecently(record, 'john', now), false);
  assert.equal(changedByOtherRecently({ ...record, last_modified_at: '2025-10-23T12:26:00Z' }, 'mary', now), false);
  assert.equal(formatBytes(109951162777600), '100.0 TiB');
});

test('the API page reads operations by tag and short schema types', () => {
  const description = {
    tags: [{ name: 'san', description: 'SAN' }, { name: 'storage', description: 'Storage' }],
    paths: {
      '/api/san/fabrics/': { get: { tags: ['san'], summary: 'List fabrics' }, post: { tags: ['san'], summary: 'Create fabric' } },
      '/api/storage/{id}/': { delete: { tags: ['storage'], summary: 'Delete storage' } },
      '/api/misc/': { get: { summary: 'Untagged' } },
    },
  };
  const groups = operationsByTag(description);
  assert.deepEqual(groups.map((g) => [g.tag, g.operations.map((o) => `${o.method} ${o.path}`)]), [
    ['san', ['get /api/san/fabrics/', 'post /api/san/fabrics/']],
    ['storage', ['delete /api/storage/{id}/']],
    ['other', ['get /api/misc/']],
  ]);
  assert.equal(typeText({ type: 'integer', format: 'int64' }), 'integer (int64)');
  assert.equal(typeText({ type: ['string', 'null'] }), 'string | null');
  assert.equal(typeText({ type: 'array', items: { $ref: '#/components/schemas/Fabric' } }), 'Fabric[]');
  assert.equal(typeText({ anyOf: [{ $ref: '#/components/schemas/NamedRef' }, { type: 'null' }] }), 'NamedRef | null');
  assert.equal(typeText({ const: 'Conflict' }), '"Conflict"');
});

test('WWPNs match in any separator form and case', () => {
  assert.equal(wwpnDigits('10:00:00:10:9B:AA:00:01'), '100000109baa0001');
  assert.equal(wwpnDigits('10-00-00-10-9b-aa-00-01'), '100000109baa0001');
  assert.equal(wwpnDigits('100000109baa0001'), '100000109baa0001');
  assert.equal(wwpnDigits('10:00:00:10:9b:aa:00'), null, 'seven bytes are no WWPN');
  assert.equal(wwpnDigits('esx01_hba0'), null);
  assert.equal(hexTerm('9B-AA'), '9baa');
  assert.equal(hexTerm('esx'), null);
  assert.ok(textsMatch(['esx01_hba0', '10:00:00:10:9b:aa:00:01'], '9B-AA-00-01'));
  assert.ok(textsMatch(['esx01_hba0', '10:00:00:10:9b:aa:00:01'], '109baa0001 esx01'));
  assert.ok(!textsMatch(['esx01_hba0', '10:00:00:10:9b:aa:00:01'], '9b-ab'));
});

const COLUMNS = [
  { field: 'fabric', kind: 'select', options: ({ fabrics }) => fabrics.map((f) => ({ value: f.id, label: f.name })) },
  { field: 'name' },
  { field: 'wwpn' },
  { field: 'use', kind: 'select', options: [{ value: null, label: '—' }, { value: 'init', label: 'init' }, { value: 'target', label: 'target' }] },
  { field: 'create', kind: 'checkbox' },
];
const LOOKUPS = { fabrics: [{ id: 1, name: 'FAB_A' }, { id: 2, name: 'FAB_B' }] };
const ALIASES = [
  { fabric: 1, name: 'host10', wwpn: '10:00:00:10:9b:aa:00:10', use: 'init', create: true },
  { fabric: 2, name: 'host9', wwpn: '10:00:00:10:9b:aa:00:09', use: 'init', create: false },
  { fabric: 1, name: 'array1', wwpn: '50:05:07:68:10:00:00:01', use: 'target', create: false },
  { fabric: 2, name: 'spare', wwpn: '50:05:07:68:10:00:00:02', use: null, create: true },
];
const indexes = new Map(ALIASES.map((a) => [a, indexRow(COLUMNS, (field) => a[field], LOOKUPS)]));
const namesWhere = (text, columnFilters = {}) => {
  const keep = rowFilter(COLUMNS, text, columnFilters);
  return ALIASES.filter((a) => !keep || keep(indexes.get(a))).map((a) => a.name);
};

test('the global filter reads fabric names, option labels and WWPNs; every term must match', () => {
  assert.equal(rowFilter(COLUMNS, '  ', {}), null, 'no filter keeps every row');
  assert.deepEqual(namesWhere('fab_b'), ['host9', 'spare']);
  assert.deepEqual(namesWhere('fab_b host'), ['host9']);
  assert.deepEqual(namesWhere('target'), ['array1']);
  assert.deepEqual(namesWhere('50-05-07-68-10-00-00-02'), ['spare']);
  assert.deepEqual(namesWhere('9BAA0010'), ['host10']);
  assert.deepEqual(namesWhere('yes'), [], 'checkboxes are not in the global filter');
});

test('column filters: a select or checkbox by value, a text column by substring', () => {
  assert.deepEqual(namesWhere('', { use: 'init' }), ['host10', 'host9']);
  assert.deepEqual(namesWhere('', { use: '' }), ['host10', 'host9', 'array1', 'spare']);
  assert.deepEqual(namesWhere('', { create: 'yes', fabric: '2' }), ['spare']);
  assert.deepEqual(namesWhere('', { name: 'HOST', wwpn: '9b:aa:00:1' }), ['host10']);
  assert.deepEqual(namesWhere('fab_a', { create: 'no' }), ['array1']);
});

test('sorting: natural order of names, labels of options, several columns, stable ties', () => {
  const sorted = (sort) => sortItems(ALIASES, sort, (a) => indexes.get(a)).map((a) => a.name);
  assert.deepEqual(sorted([{ field: 'name', descending: false }]), ['array1', 'host9', 'host10', 'spare']);
  assert.deepEqual(sorted([{ field: 'fabric', descending: true }, { field: 'name', descending: false }]), ['host9', 'spare', 'array1', 'host10']);
  assert.deepEqual(sorted([{ field: 'create', descending: false }]), ['host9', 'array1', 'host10', 'spare']);
  assert.deepEqual(sorted([]), ALIASES.map((a) => a.name));
});

test('header clicks: ascending, descending, off; shift-click adds and turns columns', () => {
  let sort = nextSort([], 'name', false);
  assert.deepEqual(sort, [{ field: 'name', descending: false }]);
  sort = nextSort(sort, 'name', false);
  assert.deepEqual(sort, [{ field: 'name', descending: true }]);
  assert.deepEqual(nextSort(sort, 'name', false), []);
  sort = nextSort(sort, 'use', true);
  assert.deepEqual(sort, [{ field: 'name', descending: true }, { field: 'use', descending: false }]);
  sort = nextSort(sort, 'use', true);
  assert.deepEqual(sort, [{ field: 'name', descending: true }, { field: 'use', descending: true }]);
  assert.deepEqual(nextSort(sort, 'use', true), [{ field: 'name', descending: true }]);
  assert.deepEqual(nextSort(sort, 'use', false), [{ field: 'use', descending: false }], 'a plain click after a multi-column sort starts over');
});

test('a time ahead of the browser\'s clock is "just now", never "in 5 seconds"', () => {
  const now = Date.parse('2025-10-23T12:32:00Z');
  assert.equal(timeAgo('2025-10-23T12:32:05Z', now), 'just now');
  assert.equal(timeAgo('2025-10-23T12:42:00Z', now), 'just now');
  assert.equal(timeAgo('2025-10-23T12:31:54Z', now), '6 seconds ago');
});

test('times in a service\'s message are written in the browser\'s zone, as the dialog writes its own', () => {
  const message = 'Conflict: This zone was modified by john at 2025-10-23 12:30:00. Please refresh and try again.';
  const local = absoluteTime('2025-10-23T12:30:00Z');
  assert.equal(localTimesIn(message), `Conflict: This zone was modified by john at ${local}. Please refresh and try again.`);
  assert.equal(localTimesIn('at 2025-10-23T12:30:00.5Z and 2025-10-23 12:30:00 UTC'), `at ${local} and ${local}`);
  assert.equal(localTimesIn('no time here'), 'no time here');
});

test('an answer that is not JSON (a proxy\'s HTML page) is no body, and its message is clean', () => {
  assert.equal(bodyOf('<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>', 'text/html'), null);
  assert.deepEqual(bodyOf('{"error":"x"}', 'application/json'), { error: 'x' });
  assert.deepEqual(bodyOf('{"error":"x"}', null), { error: 'x' });
  assert.equal(bodyOf('{broken', 'application/json'), null);
  assert.equal(bodyOf('', 'application/json'), null);
  const error = new ApiError(503, null);
  assert.match(error.message, /unavailable.*HTTP 503/);
  assert.doesNotMatch(error.message, /</);
  assert.equal(new ApiError(500, null).message, 'Request failed (HTTP 500).');
});

test('failing items are matched to the rows sent: blank names, renamed rows, one name in two fabrics', () => {
  assert.equal(labelOf({ name: '' }, null), 'Unknown');
  assert.equal(labelOf({ notes: 'x' }, { name: 'z1' }), 'z1');
  assert.equal(labelOf({ name: 'z2' }, { name: 'z1' }), 'z2');
  const sent = [
    { key: 'a', item: { id: 1, version: 3, notes: 'x' }, orig: { id: 1, name: 'twin', version: 3 } },
    { key: 'b', item: { id: 2, version: 5, notes: 'y' }, orig: { id: 2, name: 'twin', version: 5 } },
    { key: 'c', item: { name: '', fabric: 1 }, orig: null },
    { key: 'd', item: { name: 'renamed' }, orig: { id: 4, name: 'old', version: 1 } },
  ];
  const error = new ApiError(409, {
    error: 'Some zones could not be saved.',
    details: [
      { zone: 'twin', errors: { version: 'Conflict', current_version: 6, last_modified_by: 'bob', last_modified_at: '2025-10-23T12:30:00Z' } },
      { zone: 'Unknown', errors: { name: 'This field may not be blank.' } },
      { zone: 'renamed', errors: { id: 'This zone no longer exists (it was deleted by another user). Please refresh.' } },
    ],
  });
  const failures = failedItemsOf(error, 'zone');
  assert.equal(failures[0].conflict.currentVersion, 6);
  assert.equal(failures[1].conflict, null);
  assert.equal(failures[2].conflict.deleted, true);
  // The twin at version 5 is the one bob moved to 6; the one at 3 would fit too, so order decides
  // only among rows that can be the one.
  assert.deepEqual(matchFailures(sent, failures), ['a', 'c', 'd']);
  const atSix = [{ ...sent[0], orig: { ...sent[0].orig, version: 6 } }, sent[1]];
  assert.deepEqual(matchFailures(atSix, failures.slice(0, 1)), ['b']);
  // Two failures of one name take two rows, in the order sent.
  assert.deepEqual(matchFailures(sent, [{ name: 'twin', conflict: null }, { name: 'twin', conflict: null }]), ['a', 'b']);
  assert.deepEqual(matchFailures(sent, [{ name: 'nobody', conflict: null }]), [null]);
  // Twins loaded at one version: only the records as they are now tell which one bob moved on.
  assert.equal(needsCurrentRecords(sent, failures.slice(0, 1)), true);
  const now = new Map([[1, { id: 1, version: 3 }], [2, { id: 2, version: 6 }], [4, { id: 4, version: 1 }]]);
  assert.deepEqual(matchFailures(sent, failures.slice(0, 1), now), ['b']);
  // A record deleted meanwhile and sent without its name is answered as "Unknown": the row whose
  // record is gone.
  const gone = [{ name: 'Unknown', conflict: { deleted: true, currentVersion: null } }];
  assert.equal(needsCurrentRecords(sent, gone), true);
  assert.deepEqual(matchFailures(sent, gone, new Map([[1, {}], [4, {}]])), ['b']);
  assert.equal(needsCurrentRecords(sent, failures.slice(1, 2)), false, 'field errors need no lookup');
  assert.deepEqual(failedItemsOf(new ApiError(400, { error: 'x' }), 'zone'), []);
});

test('a merged save sends the changed fields with the loaded version; its 409 lists the fields', () => {
  assert.deepEqual(mergeItem({ id: 7, version: 3, notes: 'a' }, { notes: 'b' }), { id: 7, base_version: 3, notes: 'b' });
  const error = new ApiError(409, {
    error: 'Someone else changed the same fields since you loaded them; nothing was saved.',
    conflicts: [
      { field: 'notes', base: '', theirs: 'x', mine: 'y', changed_by: 'alice', changed_at: '2026-11-30T10:05:00Z', id: 7 },
      { field: 'members', base: { alias: 2, role: 'target' }, theirs: null, mine: { alias: 2, role: 'init' }, changed_by: 'bob', changed_at: null, id: 7 },
    ],
  });
  const found = fieldConflictsOf(error);
  assert.deepEqual(found[0], { id: 7, field: 'notes', base: '', theirs: 'x', mine: 'y', changedBy: 'alice', changedAt: '2026-11-30T10:05:00Z' });
  assert.equal(found[1].theirs, null);
  assert.deepEqual(found.map((c) => pickIdOf(c, { members: 'alias' })), ['notes', 'members:2']);
  // The seed's bulk conflict and other errors are not field conflicts.
  assert.equal(fieldConflictsOf(new ApiError(409, { error: 'Some zones could not be saved.', details: [] })), null);
  assert.equal(fieldConflictsOf(new ApiError(400, { error: 'x', conflicts: [] })), null);
});

test('picks merge onto the current record: untouched fields take mine, collided ones the pick', () => {
  const base = { notes: '', zone_type: 'standard', name: 'z' };
  const current = { notes: 'alice', zone_type: 'standard', name: 'z2' };
  const mine = { notes: 'bob', zone_type: 'smart', name: 'z2' };
  // theirs on notes: notes stay alice's; zone_type only I changed; name both changed alike.
  assert.deepEqual(mergeOnto({ base, current, mine, pickOf: () => 'theirs' }), { zone_type: 'smart' });
  assert.deepEqual(mergeOnto({ base, current, mine, pickOf: (f) => (f === 'notes' ? 'mine' : undefined) }),
    { notes: 'bob', zone_type: 'smart' });
});

test('members merge per alias: both sides\' additions kept, the same member\'s role by the pick', () => {
  const base = [{ alias: 1 }, { alias: 2, role: 'target' }];
  const theirs = [{ alias: 1, role: null }, { alias: 2, role: 'both' }, { alias: 3 }];
  const mine = [{ alias: 2, role: 'init' }, { alias: 4 }];
  // I removed 1 (they left it alone), added 4; they added 3; both changed 2's role.
  assert.deepEqual(mergeKeyed(base, theirs, mine, 'alias', () => 'theirs'), [{ alias: 2, role: 'both' }, { alias: 3 }, { alias: 4 }]);
  assert.deepEqual(mergeKeyed(base, theirs, mine, 'alias', (k) => (k === 2 ? 'mine' : 'theirs')),
    [{ alias: 2, role: 'init' }, { alias: 3 }, { alias: 4 }]);
  // Through mergeOnto with the pick's id as the dialog makes it.
  const draft = mergeOnto({
    base: { members: base }, current: { members: theirs }, mine: { members: mine }, keyedLists: { members: 'alias' },
    pickOf: (field, key) => (`${field}:${key}` === 'members:2' ? 'mine' : 'theirs'),
  });
  assert.deepEqual(draft.members, [{ alias: 2, role: 'init' }, { alias: 3 }, { alias: 4 }]);
  // Nothing left to save when the merge is what is there.
  assert.deepEqual(mergeOnto({
    base: { members: base }, current: { members: [{ alias: 1 }, { alias: 2, role: 'both' }] },
    mine: { members: [{ alias: 1 }, { alias: 2, role: 'init' }] }, keyedLists: { members: 'alias' },
  }), {});
});

test('what a merged save kept of others\' changes, in words', () => {
  const answer = { merges: [
    { id: 7, merged: true, mine: ['members'], theirs: [{ field: 'notes', changed_by: 'alice' }, { field: 'zone_type', changed_by: 'alice' }, { field: 'name', changed_by: 'carol' }] },
    { id: 8, merged: false, mine: ['notes'], theirs: [] },
  ] };
  const kept = keptChangesOf(answer);
  assert.deepEqual([...kept.keys()], [7]);
  assert.equal(keptChangesText(kept.get(7)), "alice's changes to notes and zone_type, carol's to name");
  assert.equal(keptChangesText([{ field: 'notes', changed_by: 'alice' }]), "alice's change to notes");
  assert.equal(keptChangesOf({ zones: [] }).size, 0);
});

/** A list endpoint of `pages` pages of two rows each, answering page 2 last; counts requests in flight. */
function fakeList(pages, { failing = null } = {}) {
  const seen = { asked: [], inFlight: 0, most: 0 };
  const fake = async (url) => {
    const page = Number(new URL(url, 'http://sanplane.test').searchParams.get('page'));
    seen.asked.push(page);
    seen.inFlight += 1;
    seen.most = Math.max(seen.most, seen.inFlight);
    await new Promise((resolve) => { setTimeout(resolve, page === 2 ? 40 : 5); });
    seen.inFlight -= 1;
    if (page === failing) return new Response('{"error":"Service Unavailable"}', { status: 503, headers: { 'Content-Type': 'application/json' } });
    const body = { results: [page * 10, page * 10 + 1], count: pages * 2, num_pages: pages, current_page: page, page_size: 500, has_next: page < pages };
    return new Response(JSON.stringify(body), { headers: { 'Content-Type': 'application/json' } });
  };
  return { seen, fake };
}

test('fetchAll reads the pages after the first three at a time and puts each in its place', async () => {
  const saved = globalThis.fetch;
  try {
    const list = fakeList(7);
    globalThis.fetch = list.fake;
    const rows = await fetchAll('/api/san/aliases/project/1/');
    assert.deepEqual(rows, [10, 11, 20, 21, 30, 31, 40, 41, 50, 51, 60, 61, 70, 71]);
    assert.deepEqual([...list.seen.asked].sort((a, b) => a - b), [1, 2, 3, 4, 5, 6, 7]);
    assert.equal(list.seen.asked[0], 1);
    assert.equal(list.seen.most, 3);

    const single = fakeList(1);
    globalThis.fetch = single.fake;
    assert.deepEqual(await fetchAll('/api/san/zones/project/1/'), [10, 11]);
    assert.deepEqual(single.seen.asked, [1]);

    // One page failing fails the whole read: a table never shows part of its rows as if they were all.
    globalThis.fetch = fakeList(5, { failing: 4 }).fake;
    await assert.rejects(fetchAll('/api/san/zones/project/1/'), (error) => error instanceof ApiError && error.status === 503);
  } finally {
    globalThis.fetch = saved;
  }
});

test('timeAgo gives the text of the `now` it is asked at, also for a time it wrote before', () => {
  const at = '2025-10-23T12:30:00Z';
  assert.equal(timeAgo(at, Date.parse('2025-10-23T12:32:00Z')), '2 minutes ago');
  assert.equal(timeAgo(at, Date.parse('2025-10-23T12:32:00Z')), '2 minutes ago');
  assert.equal(timeAgo(at, Date.parse('2025-10-23T14:30:00Z')), '2 hours ago');
  assert.equal(timeAgo(at, Date.parse('2025-10-23T12:32:00Z')), '2 minutes ago');
});

test('collation keys order texts as the collator does: case aside, digit runs as numbers, punctuation in its place', () => {
  const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
  const sign = (n) => Math.sign(n);
  const compareByKey = (a, b) => { const ka = collationKey(a); const kb = collationKey(b); return ka < kb ? -1 : ka > kb ? 1 : 0; };
  // A fixed pseudo-random sequence (the same pairs every run): names, WWPNs, notes and punctuation.
  let seed = 20261201;
  const random = () => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648; };
  const alphabet = 'aAbBhHzZ0123456789_-:. ,;/()[]#@!?+*=&%$~|\\\'"`^{}<>';
  const text = () => Array.from({ length: 1 + Math.floor(random() * 8) }, () => alphabet[Math.floor(random() * alphabet.length)]).join('');
  for (let n = 0; n < 20000; n += 1) {
    const a = text();
    const b = random() < 0.4 ? `${a.slice(0, -1)}${alphabet[Math.floor(random() * alphabet.length)]}` : text();
    assert.equal(sign(compareByKey(a, b)), sign(collator.compare(a, b)), `${JSON.stringify(a)} vs ${JSON.stringify(b)}`);
  }
  for (const [a, b, expected] of [['h9', 'h10', -1], ['H10', 'h10', 0], ['h010', 'h10', 0], ['zone_1', 'zone-1', sign(collator.compare('zone_1', 'zone-1'))],
    ['10:00:00:10:9b:aa:00:02', '10:00:00:10:9b:aa:00:10', -1], ['', 'a', -1]]) {
    assert.equal(sign(compareByKey(a, b)), expected, `${a} vs ${b}`);
  }
  // Outside printable ASCII the collator compares: no key.
  assert.equal(collationKey('Zürich'), null);
  assert.equal(collationKey('tab\there'), null);
  const columns = [{ field: 'name' }];
  const names = ['Zürich', 'zone10', 'zone9', 'Zone_a', 'zurich', 'zone9'];
  const indexes = new Map(names.map((name, i) => [i, indexRow(columns, () => name, {})]));
  const sorted = sortItems([...names.keys()], [{ field: 'name', descending: false }], (i) => indexes.get(i)).map((i) => names[i]);
  assert.deepEqual(sorted, [...names].sort(collator.compare));
});
