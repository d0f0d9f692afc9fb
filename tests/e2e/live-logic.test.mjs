// Unit tests of how live events meet what the web UI shows (gateway/web/js/live-merge.js; no
// browser, no stack): records others saved merged into a table's rows without touching unsaved
// edits, the marks on rows edited here, which change events concern a table, and the active users
// after presence events.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyPresence, collectChange, markState, markText, mergeRemote } from '../../gateway/web/js/live-merge.js';

const zone = (id, version, extra = {}) => ({ id, version, name: `z${id}`, notes: '', projects: [1], last_modified_by: 'alice', last_modified_at: '2026-11-30T10:00:00Z', ...extra });
const row = (key, orig, draft = {}, deleted = false) => ({ key, orig, draft, errors: {}, deleted });
// As the batch editor says: a row is changed when it is new or a draft field differs.
const isChanged = (r) => !r.orig || Object.entries(r.draft).some(([f, v]) => r.orig[f] !== v);

test('a newer record replaces a row without unsaved edits in place, and leaves edited rows alone but marked', () => {
  const rows = [
    row('a', zone(1, 3)),
    row('b', zone(2, 5), { notes: 'mine' }),
    row('c', zone(3, 1)),
    row('n', null, { name: 'new one' }),
  ];
  const theirs1 = zone(1, 4, { notes: 'bob', last_modified_by: 'bob' });
  const theirs2 = zone(2, 6, { notes: 'bob too', last_modified_by: 'bob', last_modified_at: '2026-11-30T10:05:00Z' });
  const result = mergeRemote(rows, [
    { id: 1, record: theirs1, by: 'bob' },
    { id: 2, record: theirs2, by: 'bob' },
  ], { isChanged });
  assert.deepEqual(result.rows.map((r) => r.key), ['a', 'b', 'c', 'n']);
  assert.equal(result.rows[0].orig, theirs1);
  assert.deepEqual(result.rows[0].draft, {});
  // The edited row keeps its loaded version and its edit.
  assert.equal(result.rows[1], rows[1]);
  assert.equal(result.rows[1].orig.version, 5);
  assert.deepEqual(result.rows[1].draft, { notes: 'mine' });
  assert.equal(result.rows[2], rows[2]);
  assert.equal(result.rows[3], rows[3]);
  assert.deepEqual([...result.marks.keys()], ['b']);
  assert.deepEqual(result.marks.get('b'), {
    deleted: false, record: theirs2, version: 6, by: 'bob', at: '2026-11-30T10:05:00Z',
  });
  assert.equal(markText(result.marks.get('b'), 'zone'), 'bob saved a newer version');
  assert.equal(result.added + result.removed, 0);
});

test('a version the row already has (its own save) changes nothing', () => {
  const rows = [row('a', zone(1, 4)), row('b', zone(2, 2), { notes: 'x' })];
  const result = mergeRemote(rows, [{ id: 1, record: zone(1, 4) }, { id: 2, record: zone(2, 2) }], { isChanged });
  assert.equal(result.rows, rows);
  assert.equal(result.marks.size, 0);
});

test('records created elsewhere appear when they belong; deleted ones go unless edited here', () => {
  const rows = [row('a', zone(1, 0)), row('b', zone(2, 0), { notes: 'mine' }), row('c', zone(3, 0), {}, true)];
  const result = mergeRemote(rows, [
    { id: 1, record: null, by: 'bob' },
    { id: 2, record: null, by: 'bob', at: '2026-11-30T10:06:00Z' },
    { id: 3, record: null, by: 'bob' },
    { id: 9, record: zone(9, 0) },
    { id: 10, record: zone(10, 0, { projects: [2] }) },
  ], { isChanged, belongs: (r) => r.projects.includes(1) });
  assert.deepEqual(result.rows.map((r) => r.orig?.id), [2, 3, 9]);
  assert.equal(result.added, 1);
  assert.equal(result.removed, 1);
  assert.deepEqual(result.marks.get('b'), { deleted: true, record: null, version: null, by: 'bob', at: '2026-11-30T10:06:00Z' });
  // A row marked for deletion here is an unsaved edit too.
  assert.equal(result.marks.get('c').deleted, true);
  assert.equal(markText(result.marks.get('b'), 'zone'), 'bob deleted this zone');
  assert.equal(markText({ deleted: false, by: null }, 'alias'), 'Someone saved a newer version');
});

test('a complete list removes the saved rows it no longer holds', () => {
  const rows = [row('a', zone(1, 0)), row('b', zone(2, 0)), row('n', null, { name: 'new' })];
  const result = mergeRemote(rows, [{ id: 1, record: zone(1, 0) }], { complete: true, isChanged });
  assert.deepEqual(result.rows.map((r) => r.key), ['a', 'n']);
  assert.equal(result.removed, 1);
});

test('a mark lasts while its row is edited and older; undone edits take their record', () => {
  const mark = { deleted: false, record: zone(2, 6), version: 6, by: 'bob' };
  assert.equal(markState(row('b', zone(2, 5), { notes: 'mine' }), mark, isChanged), 'keep');
  assert.equal(markState(row('b', zone(2, 5)), mark, isChanged), 'apply');
  // Saved since (merged onto their version or later): nothing to review.
  assert.equal(markState(row('b', zone(2, 6), { notes: 'mine' }), mark, isChanged), 'drop');
  assert.equal(markState(undefined, mark, isChanged), 'drop');
  const gone = { deleted: true, record: null, version: null, by: 'bob' };
  assert.equal(markState(row('b', zone(2, 5), { notes: 'mine' }), gone, isChanged), 'keep');
  assert.equal(markState(row('b', zone(2, 5)), gone, isChanged), 'apply');
});

test('change events: only the table\'s entity and project (or a record it shows), the last one per record', () => {
  const pending = new Map();
  const shown = (id) => id === 7;
  const options = { entity: 'zone', projectId: 1, shown };
  assert.equal(collectChange(pending, { entity: 'alias', id: 1, version: 1, projects: [1] }, options), false);
  assert.equal(collectChange(pending, { entity: 'zone', id: 2, version: 1, projects: [2] }, options), false);
  assert.equal(collectChange(pending, { entity: 'zone', id: 7, version: 3, projects: [2] }, options), true);
  assert.equal(collectChange(pending, { entity: 'zone', id: 1, version: 1, action: 'update', projects: [1, 2] }, options), true);
  assert.equal(collectChange(pending, { entity: 'zone', id: 1, version: 2, action: 'delete', projects: [1] }, options), true);
  assert.deepEqual([...pending.keys()], [7, 1]);
  assert.equal(pending.get(1).action, 'delete');
});

test('presence events: a join adds the user, a move updates them in place, a leave removes them', () => {
  const alice = { id: 1, username: 'alice' };
  const carol = { id: 3, username: 'carol' };
  const customer = { id: 5, name: 'ACME' };
  const project = { id: 6, name: 'Migration' };
  let list = [{ user: alice, active_customer: customer, active_project: null, last_activity: '2026-11-30T10:00:00Z' }];
  list = applyPresence(list, { action: 'join', user: carol, active_customer: customer, active_project: null });
  assert.deepEqual(list.map((u) => u.user.username), ['alice', 'carol']);
  assert.ok(Date.parse(list[1].last_activity) > 0);
  list = applyPresence(list, { action: 'context', user: alice, active_customer: customer, active_project: project });
  assert.deepEqual(list.map((u) => [u.user.username, u.active_project?.name ?? null]), [['alice', 'Migration'], ['carol', null]]);
  list = applyPresence(list, { action: 'leave', user: carol, active_customer: customer, active_project: null });
  assert.deepEqual(list.map((u) => u.user.username), ['alice']);
  assert.equal(applyPresence(list, { action: 'leave', user: carol }), list);
});
