// Editing many rows of the aliases and zones tables at once, without the DOM: a spreadsheet's
// clipboard (TSV) read into lines of cells, where a pasted range lands in the table (which rows,
// which columns, which lines become new rows, which cells are skipped), how a pasted text becomes
// a cell's value (or why it cannot), the rows a shift-click selects, and which values a bulk edit
// or a fill-down writes. batch-table.js applies the results through the batch editor, so they
// become ordinary unsaved row edits.
import { optionsOf } from './table-query.js';

/**
 * The lines and cells of a clipboard range copied from a spreadsheet: lines by newlines (\n, \r\n
 * or \r), cells by tabs; one trailing line end is not a line. A cell the spreadsheet quoted (it
 * holds a tab, a line break or a quote: `"a ""b"" c"`) is read whole, its doubled quotes single.
 */
export function parseTsv(text) {
  const source = String(text ?? '');
  const lines = [];
  let cells = [];
  let cell = '';
  let at = 0;
  // Whether the line under way holds anything yet (an empty quoted cell does).
  let started = false;
  const endCell = () => { cells.push(cell); cell = ''; };
  const endLine = () => { endCell(); lines.push(cells); cells = []; started = false; };
  while (at < source.length) {
    const c = source[at];
    started = true;
    if (c === '"' && cell === '' && source.indexOf('"', at + 1) > at) {
      // A quoted cell, as long as its closing quote ends the cell; else the quote is text.
      let value = '';
      let i = at + 1;
      let closed = false;
      while (i < source.length) {
        if (source[i] === '"') {
          if (source[i + 1] === '"') { value += '"'; i += 2; continue; }
          closed = true;
          i += 1;
          break;
        }
        value += source[i];
        i += 1;
      }
      const next = source[i];
      if (closed && (next === undefined || next === '\t' || next === '\n' || next === '\r')) {
        cell = value;
        at = i;
        continue;
      }
    }
    if (c === '\t') {
      endCell();
    } else if (c === '\r' || c === '\n') {
      endLine();
      if (c === '\r' && source[at + 1] === '\n') at += 1;
    } else {
      cell += c;
    }
    at += 1;
  }
  if (started) endLine();
  return lines;
}

/**
 * Where a pasted range lands. grid: lines of cells (parseTsv); columns: the table's visible
 * columns from left to right, [{field, header, editable}]; startField: the focused cell's column;
 * rowKeys: the rows in the table's current order; startKey: the focused cell's row; locked(key):
 * true for a row whose cells take no paste (marked for delete).
 * Returns {cells: [{key, field, text}] for existing rows, created: [[{field, text}]] one per line
 * beyond the last row, skipped: [{header, count, why}]}.
 */
export function planPaste({ grid, columns, startField, rowKeys, startKey, locked = () => false }) {
  const firstColumn = columns.findIndex((c) => c.field === startField);
  const firstRow = rowKeys.indexOf(startKey);
  if (firstColumn < 0 || firstRow < 0) throw new Error('Focus a cell of the table to paste into.');
  const skipped = new Map();
  const skip = (header, why) => {
    const key = `${header}|${why}`;
    const entry = skipped.get(key) || { header, why, count: 0 };
    entry.count += 1;
    skipped.set(key, entry);
  };
  const cells = [];
  const created = [];
  grid.forEach((line, offset) => {
    const key = rowKeys[firstRow + offset];
    const newRow = [];
    line.forEach((text, i) => {
      const column = columns[firstColumn + i];
      if (!column) skip('', 'beyond the last column');
      else if (!column.editable) skip(column.header, 'not editable');
      else if (key !== undefined && locked(key)) skip(column.header, 'row marked for delete');
      else if (key === undefined) newRow.push({ field: column.field, text });
      else cells.push({ key, field: column.field, text });
    });
    if (key === undefined) created.push(newRow);
  });
  return { cells, created, skipped: [...skipped.values()] };
}

const TRUE_WORDS = new Set(['true', 'yes', 'y', '1', 'x', '✓', '✔', 'on']);
const FALSE_WORDS = new Set(['false', 'no', 'n', '0', '', 'off', '-']);

/**
 * The value a pasted text gives a column's cell: {value} or {error} (the text is not one of the
 * column's choices). A column may read its own texts: `paste(text, lookups, valueOf)` (valueOf:
 * the row's values as they are while the line is pasted, e.g. its fabric). A select takes an
 * option's label or value in any case (empty: the option without a value, if it has one); a
 * checkbox true/false, yes/no, 1/0, x or empty; anything else the text as it is.
 */
export function pastedValue(column, text, lookups, valueOf = () => undefined) {
  const raw = String(text ?? '');
  if (column.paste) return column.paste(raw, lookups, valueOf);
  const word = raw.trim();
  if (column.kind === 'checkbox') {
    const lower = word.toLowerCase();
    if (TRUE_WORDS.has(lower)) return { value: true };
    if (FALSE_WORDS.has(lower)) return { value: false };
    return { error: `"${word}" is not yes or no.` };
  }
  if (column.kind === 'select') {
    const options = optionsOf(column, lookups);
    const lower = word.toLowerCase();
    const found = options.find((o) => (word === '' ? o.value === null || o.value === undefined || o.value === ''
      : String(o.label).toLowerCase() === lower || String(o.value ?? '').toLowerCase() === lower));
    if (found) return { value: found.value ?? null };
    const choices = options.filter((o) => o.value !== null && o.value !== undefined && o.value !== '').map((o) => o.label).join(', ');
    return { error: `"${word}" is not a ${(column.label || column.header).toLowerCase()} here (${choices || 'no choices'}).` };
  }
  return { value: raw };
}

/**
 * The keys a click selects: a plain or Ctrl/Cmd-click toggles `key`; a shift-click selects every
 * row from the anchor (the last row clicked without shift) to `key` in the table's current order,
 * keeping what was selected. Returns the new selection (a new Set) and the new anchor.
 */
export function selectByClick({ selected, anchor, key, order, range }) {
  const next = new Set(selected);
  if (range && anchor !== null && anchor !== undefined) {
    const from = order.indexOf(anchor);
    const to = order.indexOf(key);
    if (from >= 0 && to >= 0) {
      for (let i = Math.min(from, to); i <= Math.max(from, to); i += 1) next.add(order[i]);
      return { selected: next, anchor };
    }
  }
  if (next.has(key)) next.delete(key);
  else next.add(key);
  return { selected: next, anchor: key };
}

/**
 * The header checkbox: every shown row selected -> those rows unselected (rows selected but hidden
 * by the filter stay); otherwise every shown row is added.
 */
export function toggleAllShown(selected, shown) {
  const next = new Set(selected);
  const all = shown.length > 0 && shown.every((key) => next.has(key));
  for (const key of shown) {
    if (all) next.delete(key);
    else next.add(key);
  }
  return next;
}

/** The selected keys in the table's order (selected rows the filter hides come last, as they were selected). */
export function selectedInOrder(selected, order) {
  const shown = order.filter((key) => selected.has(key));
  const seen = new Set(shown);
  return [...shown, ...[...selected].filter((key) => !seen.has(key))];
}

const clone = (value) => (value && typeof value === 'object' ? JSON.parse(JSON.stringify(value)) : value);

/**
 * Fill-down: the first selected row's value of `field` (in the table's order) written into every
 * other selected row. valueOf(key, field) reads a row's value. Returns [{key, field, value}].
 */
export function planFillDown({ selected, order, field, valueOf }) {
  const keys = selectedInOrder(selected, order);
  if (keys.length < 2) return [];
  const value = valueOf(keys[0], field);
  return keys.slice(1).map((key) => ({ key, field, value: clone(value) }));
}

/**
 * A zone member added to each selected zone of the alias's fabric ({alias, role: null} at the
 * end), or removed from each one holding it. zones: [{key, fabric, members}]. Returns
 * {changes: [{key, field: 'members', value}], unchanged: n (already held / not held), otherFabric: n}.
 */
export function planMemberChange({ zones, alias, remove = false }) {
  const changes = [];
  let unchanged = 0;
  let otherFabric = 0;
  for (const zone of zones) {
    const members = zone.members || [];
    const holds = members.some((m) => m.alias === alias.id);
    if (remove) {
      if (holds) changes.push({ key: zone.key, field: 'members', value: members.filter((m) => m.alias !== alias.id) });
      else unchanged += 1;
    } else if (zone.fabric !== alias.fabric) {
      otherFabric += 1;
    } else if (holds) {
      unchanged += 1;
    } else {
      changes.push({ key: zone.key, field: 'members', value: [...members, { alias: alias.id, role: null }] });
    }
  }
  return { changes, unchanged, otherFabric };
}

/** "3 cells of Version (not editable), 1 cell beyond the last column": what a paste left out. */
export function skippedText(skipped) {
  return skipped.map(({ header, count, why }) => `${count} cell${count === 1 ? '' : 's'}${header ? ` of ${header}` : ''} (${why})`).join(', ');
}
