// Unit tests of editing many rows of the aliases and zones tables at once (gateway/web/js/bulk-edit.js;
// no browser, no stack): a spreadsheet's clipboard read into cells, where a pasted range lands,
// how pasted texts become values, selection by click, fill-down and bulk member changes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  parseTsv, pastedValue, planFillDown, planMemberChange, planPaste, selectByClick, selectedInOrder, skippedText, toggleAllShown,
} from '../../gateway/web/js/bulk-edit.js';

test('a TSV range: lines by \\n, \\r\\n or \\r, cells by tabs, one trailing line end ignored', () => {
  assert.deepEqual(parseTsv('a\tb\nc\td\n'), [['a', 'b'], ['c', 'd']]);
  assert.deepEqual(parseTsv('a\tb\r\nc\td\r\n'), [['a', 'b'], ['c', 'd']]);
  assert.deepEqual(parseTsv('a\rb'), [['a'], ['b']]);
  assert.deepEqual(parseTsv('one'), [['one']]);
  // Empty cells stay cells; an empty line inside the range is one empty cell.
  assert.deepEqual(parseTsv('a\t\tc\n\nd'), [['a', '', 'c'], [''], ['d']]);
  assert.deepEqual(parseTsv('\n'), [['']]);
  assert.deepEqual(parseTsv(''), []);
});

test('cells a spreadsheet quoted keep their tabs, line breaks and quotes', () => {
  assert.deepEqual(parseTsv('"two\nlines"\tx\r\n"say ""hi"""\t""\n'), [['two\nlines', 'x'], ['say "hi"', '']]);
  // A quote that does not wrap the whole cell is text.
  assert.deepEqual(parseTsv('5" disk\tb\n"a"b\tc'), [['5" disk', 'b'], ['"a"b', 'c']]);
});

const COLUMNS = [
  { field: 'fabric', header: 'Fabric', editable: true },
  { field: 'name', header: 'Name', editable: true },
  { field: 'notes', header: 'Notes', editable: true },
  { field: 'version', header: 'Version', editable: false },
];

test('a pasted range fills from the focused cell rightwards and down the table order; extra lines become new rows', () => {
  const plan = planPaste({
    grid: [['n1', 'x1'], ['n2', 'x2'], ['n3', 'x3'], ['n4', 'x4']],
    columns: COLUMNS, startField: 'name', rowKeys: ['r9', 'r2', 'r5'], startKey: 'r2',
  });
  assert.deepEqual(plan.cells, [
    { key: 'r2', field: 'name', text: 'n1' }, { key: 'r2', field: 'notes', text: 'x1' },
    { key: 'r5', field: 'name', text: 'n2' }, { key: 'r5', field: 'notes', text: 'x2' },
  ]);
  assert.deepEqual(plan.created, [
    [{ field: 'name', text: 'n3' }, { field: 'notes', text: 'x3' }],
    [{ field: 'name', text: 'n4' }, { field: 'notes', text: 'x4' }],
  ]);
  assert.deepEqual(plan.skipped, []);
});

test('cells that land on columns not editable, past the last column or on rows marked for delete are skipped and counted', () => {
  const plan = planPaste({
    grid: [['a', '7', 'more'], ['b', '8', 'more']],
    columns: COLUMNS, startField: 'notes', rowKeys: ['r1', 'r2'], startKey: 'r1', locked: (key) => key === 'r2',
  });
  assert.deepEqual(plan.cells, [{ key: 'r1', field: 'notes', text: 'a' }]);
  assert.deepEqual(plan.created, []);
  assert.deepEqual(plan.skipped, [
    { header: 'Version', why: 'not editable', count: 2 },
    { header: '', why: 'beyond the last column', count: 2 },
    { header: 'Notes', why: 'row marked for delete', count: 1 },
  ]);
  assert.equal(skippedText(plan.skipped), '2 cells of Version (not editable), 2 cells (beyond the last column), 1 cell of Notes (row marked for delete)');
  assert.throws(() => planPaste({ grid: [['a']], columns: COLUMNS, startField: 'nope', rowKeys: ['r1'], startKey: 'r1' }), /Focus a cell/);
});

test('a pasted text becomes a select option by label or value, a checkbox by yes/no words, or an error', () => {
  const use = { field: 'use', header: 'Use', kind: 'select', options: [{ value: null, label: '—' }, { value: 'init', label: 'init' }, { value: 'target', label: 'target' }] };
  const fabric = { field: 'fabric', header: 'Fabric', kind: 'select', options: ({ fabrics }) => fabrics.map((f) => ({ value: f.id, label: f.name })) };
  const flag = { field: 'create', header: 'Create', kind: 'checkbox' };
  const lookups = { fabrics: [{ id: 3, name: 'FAB_A' }, { id: 4, name: 'FAB_B' }] };
  assert.deepEqual(pastedValue(use, ' Target ', lookups), { value: 'target' });
  assert.deepEqual(pastedValue(use, '', lookups), { value: null });
  assert.match(pastedValue(use, 'host', lookups).error, /"host" is not a use here \(init, target\)/);
  assert.deepEqual(pastedValue(fabric, 'fab_b', lookups), { value: 4 });
  assert.match(pastedValue(fabric, 'FAB_X', lookups).error, /FAB_A, FAB_B/);
  for (const yes of ['TRUE', 'yes', 'x', '1', '✓']) assert.deepEqual(pastedValue(flag, yes, lookups), { value: true });
  for (const no of ['false', 'No', '0', '']) assert.deepEqual(pastedValue(flag, no, lookups), { value: false });
  assert.match(pastedValue(flag, 'maybe', lookups).error, /not yes or no/);
  assert.deepEqual(pastedValue({ field: 'notes', header: 'Notes' }, ' as is ', lookups), { value: ' as is ' });
  // A column that reads its own texts gets the row's values as they are while the line is pasted.
  const members = { field: 'members', paste: (text, _l, valueOf) => ({ value: `${text}@${valueOf('fabric')}` }) };
  assert.deepEqual(pastedValue(members, 'a;b', lookups, (f) => (f === 'fabric' ? 4 : null)), { value: 'a;b@4' });
});

test('click toggles, shift-click selects the range from the anchor in the current order, select-all takes the shown rows', () => {
  const order = ['a', 'b', 'c', 'd', 'e'];
  let s = { selected: new Set(), anchor: null };
  s = selectByClick({ ...s, key: 'b', order, range: false });
  assert.deepEqual([...s.selected], ['b']);
  s = selectByClick({ ...s, key: 'd', order, range: true });
  assert.deepEqual([...s.selected].sort(), ['b', 'c', 'd']);
  assert.equal(s.anchor, 'b');
  // Upwards from the same anchor adds too; a toggle removes one and moves the anchor.
  s = selectByClick({ ...s, key: 'a', order, range: true });
  assert.deepEqual([...s.selected].sort(), ['a', 'b', 'c', 'd']);
  s = selectByClick({ ...s, key: 'c', order, range: false });
  assert.deepEqual([...s.selected].sort(), ['a', 'b', 'd']);
  assert.equal(s.anchor, 'c');
  // Shift-click with no anchor is a plain toggle.
  assert.deepEqual([...selectByClick({ selected: new Set(), anchor: null, key: 'e', order, range: true }).selected], ['e']);

  const hiddenToo = new Set(['z']);
  const all = toggleAllShown(hiddenToo, ['a', 'b']);
  assert.deepEqual([...all].sort(), ['a', 'b', 'z']);
  assert.deepEqual([...toggleAllShown(all, ['a', 'b'])], ['z']);
  assert.deepEqual(selectedInOrder(new Set(['z', 'c', 'a']), ['a', 'b', 'c']), ['a', 'c', 'z']);
});

test('fill-down copies the first selected row in the table order into the others, lists copied apart', () => {
  const values = { a: { notes: 'top', members: [{ alias: 1 }] }, b: { notes: 'x' }, c: { notes: 'y' } };
  const plan = planFillDown({ selected: new Set(['c', 'a']), order: ['b', 'a', 'c'], field: 'members', valueOf: (k, f) => values[k][f] });
  assert.deepEqual(plan, [{ key: 'c', field: 'members', value: [{ alias: 1 }] }]);
  assert.notEqual(plan[0].value, values.a.members);
  assert.deepEqual(planFillDown({ selected: new Set(['b']), order: ['b'], field: 'notes', valueOf: () => '' }), []);
});

test('a member added to the selected zones of its fabric only, and removed from those holding it', () => {
  const zones = [
    { key: 'z1', fabric: 1, members: [{ alias: 10, role: null }] },
    { key: 'z2', fabric: 1, members: [{ alias: 11, role: 'target' }] },
    { key: 'z3', fabric: 2, members: [] },
  ];
  const added = planMemberChange({ zones, alias: { id: 10, fabric: 1 } });
  assert.deepEqual(added.changes, [{ key: 'z2', field: 'members', value: [{ alias: 11, role: 'target' }, { alias: 10, role: null }] }]);
  assert.equal(added.unchanged, 1);
  assert.equal(added.otherFabric, 1);
  const removed = planMemberChange({ zones, alias: { id: 11, fabric: 1 }, remove: true });
  assert.deepEqual(removed.changes, [{ key: 'z2', field: 'members', value: [] }]);
  assert.equal(removed.unchanged, 2);
});
