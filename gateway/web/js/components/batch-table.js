// The table of a project's records saved in one bulk save (aliases, zones), drawn from a column
// list (see batch-cells.js), so adding a column to a page is one entry in its list. Built for
// thousands of rows: only the rows in view are drawn, rows read as text until one is opened for
// editing, and sorting and filtering run over a search index kept per row.
import { Component, Fragment, h } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { fetchAll } from '../api.js';
import { changedByOtherRecently } from '../format.js';
import { draftKey } from '../drafts.js';
import { DraftsOffer } from './drafts-offer.js';
import { cellTexts, indexRow, nextSort, rowFilter, sortItems } from '../table-query.js';
import { AUDIT_HEADERS, AuditCells, Loading, Notice, useNow, useSession } from './common.js';
import { ConflictDialog } from './conflict-dialog.js';
import { FieldConflictDialog } from './field-conflict-dialog.js';
import { keptChangesText } from '../merge-save.js';
import { HistoryPanel } from './history-panel.js';
import { TableHead } from './table-head.js';
import { FilterInput } from './filter-input.js';
import { useBatchEditor } from './batch-editor.js';
import { useLiveTable } from './live-table.js';
import { editingText, useOpenRecord, useRecordEditors } from '../record-presence.js';
import { EditCell, ReadCell } from './batch-cells.js';
import { useVirtualRows } from './virtual-rows.js';
import { BulkBar, BulkNotice } from './bulk-bar.js';
import {
  parseTsv, pastedValue, planFillDown, planPaste, selectByClick, selectedInOrder, skippedText, toggleAllShown,
} from '../bulk-edit.js';
import { ColumnMenu, useColumnPrefs } from './column-prefs.js';

export { FieldError } from './batch-cells.js';

// Height of a row in read mode (styles.css keeps read rows to one line of this height).
const ROW_HEIGHT = 33;
const AUDIT_KEYS = new Set(['current_version', 'last_modified_by', 'last_modified_at']);
const CONTROLS = 'input:not([disabled]), select:not([disabled]), button:not([disabled]), textarea:not([disabled])';
// A row's own controls that are not its fields: Tab and the first/last field skip them.
const fieldControls = (tr) => [...tr.querySelectorAll(CONTROLS)].filter((c) => !c.closest('.actions-cell, .select-cell'));
// The cells after the columns, as a paste meets them: never written.
const AUDIT_PASTE = [
  { field: 'version', header: 'Version', editable: false },
  { field: 'last_modified_by', header: 'Modified by', editable: false },
  { field: 'last_modified_at', header: 'Modified', editable: false },
];
const TEXT_INPUTS = new Set(['text', 'search', 'email', 'number', 'password', 'tel', 'url']);
/** True where keys and a paste are the user's typing (text fields, lists), not the table's. */
const isTyping = (el) => Boolean(el) && (el.isContentEditable || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT'
  || (el.tagName === 'INPUT' && TEXT_INPUTS.has(el.type)));

const fromLookups = (option, lookups) => (typeof option === 'function' ? option(lookups) : option);
const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

/** Errors of a row that belong to no visible column (version conflict, deleted, …). */
function rowLevelErrors(row, fields) {
  return Object.entries(row.errors)
    .filter(([key]) => !fields.includes(key) && !AUDIT_KEYS.has(key))
    .map(([, message]) => message);
}

// The header cells after the columns: the audit columns and the row's actions.
const BATCH_TRAILING = [...AUDIT_HEADERS, html`<th><span class="sr-only">Actions</span></th>`];

/** A record as the conflict dialog names it: its name, and its fabric when it has one (zones of
 *  one name live in several fabrics). */
function describeRecord(valueOf, lookups) {
  const name = valueOf('name') || '(no name)';
  const fabricId = valueOf('fabric');
  const fabric = fabricId === undefined || fabricId === null ? null : (lookups.fabrics || []).find((f) => f.id === fabricId);
  return fabric ? `${name} (${fabric.name})` : name;
}

/** Add / Save / Discard / Reload, the unsaved count and the global filter above the table. */
function BatchToolbar({ editor, entity, plural: many, filter, onFilter, shown, total, addBlockedBy, onAdd, onDiscard }) {
  const pending = editor.dirtyCount;
  return html`<div class="toolbar">
    <button type="button" data-testid="add-row" onClick=${onAdd} disabled=${editor.busy || Boolean(addBlockedBy)}
      title=${addBlockedBy || ''}>+ Add ${entity}</button>
    <button type="button" class="primary" data-testid="save" disabled=${editor.busy || pending === 0} title="Save (Ctrl+S)"
      onClick=${() => editor.save()}>${editor.busy ? 'Saving…' : pending ? `Save ${pending} change${pending === 1 ? '' : 's'}` : 'Save'}</button>
    <button type="button" data-testid="discard" disabled=${editor.busy || pending === 0}
      onClick=${onDiscard}>Discard</button>
    <button type="button" class="link" data-testid="reload" disabled=${editor.busy || pending > 0}
      title=${pending ? 'Save or discard your changes first' : 'Load the latest data'}
      onClick=${() => editor.reload()}>Reload</button>
    ${pending > 0 && html`<span class="unsaved" data-testid="unsaved-count" role="status">${plural(pending, `unsaved ${entity}`, `unsaved ${many}`)}</span>`}
    <span class="spacer"></span>
    <${FilterInput} class="filter" placeholder="Filter: names, WWPNs, fabrics, members…" aria-label="Filter rows" data-testid="filter"
      value=${filter} onApply=${onFilter} />
    <span class="muted small" data-testid="row-count">${shown === total ? `${total}` : `${shown} of ${total}`} ${many}</span>
  </div>`;
}

function rowClass(editor, row, recent, editing, selected) {
  return [
    selected && 'selected',
    !row.orig && 'new',
    row.deleted && 'deleted',
    row.orig && editor.isChanged(row) && 'dirty',
    Object.keys(row.errors).length && 'has-error',
    recent && 'recent',
    editing && 'editing',
  ].filter(Boolean).join(' ');
}

/** The row's selection box: a click toggles it, shift-click selects the range from the last one
 *  clicked, Ctrl/Cmd-click toggles it too. A button, not an input: rows read as text. */
function SelectCell({ row, name, selected, onSelect }) {
  return h('td', {
    class: 'select-cell',
    onMouseDown: (e) => { if (e.shiftKey) e.preventDefault(); },
    onClick: (e) => { e.stopPropagation(); onSelect(row.key, e); },
  }, h('button', {
    type: 'button', role: 'checkbox', class: 'select-box', 'data-testid': 'select-row', tabindex: '-1',
    'aria-checked': selected ? 'true' : 'false', 'aria-label': `Select ${name || 'the new row'}`,
  }));
}

const iconButton = (testid, title, label, disabled, onClick, text) => h('button', {
  type: 'button', class: 'icon', 'data-testid': testid, title, 'aria-label': label, disabled,
  onClick: (e) => { e.stopPropagation(); onClick(); },
}, text);

/** The row's buttons: edit, history, undo its changes, delete (or keep). */
function RowActions({ editor, row, editing, busy, canHistory, actions }) {
  return h('td', { class: 'nowrap actions-cell' },
    !editing && iconButton('edit-row', 'Edit (Enter)', 'Edit this row', busy, () => actions.open(row.key), '✎'),
    canHistory && row.orig && iconButton('history-row', 'History', 'History of this row', undefined, () => actions.history(row.orig.id), '⟲'),
    !editing && row.orig && !row.deleted && editor.isChanged(row)
      && iconButton('revert-row', "Undo this row's changes", "Undo this row's changes", busy, () => actions.revert(row.key), '↶'),
    h('button', {
      type: 'button', class: 'icon', 'data-testid': 'delete-row', disabled: busy,
      title: row.deleted ? 'Keep this row' : row.orig ? 'Delete when saving' : 'Remove this new row',
      onClick: (e) => { e.stopPropagation(); actions.toggleDelete(row.key); },
    }, row.deleted ? 'Undo' : '✕'));
}

/** Under a row: errors that belong to no column, a merge's note, who else has it open, and a newer
 *  version someone saved over its unsaved edits. */
function rowNotes({ row, fields, width, mark, markText, others, actions }) {
  const notes = [];
  const rowErrors = rowLevelErrors(row, fields);
  if (rowErrors.length) {
    notes.push(html`<tr class="row-error" data-testid="row-error"><td colspan=${width} role="alert">${rowErrors.join(' ')}</td></tr>`);
  }
  if (row.kept?.length) {
    notes.push(html`<tr class="row-kept" data-testid="row-kept" data-id=${row.orig?.id ?? ''}><td colspan=${width} role="status">
      Merged: kept ${keptChangesText(row.kept)}.</td></tr>`);
  }
  if (mark || others) {
    notes.push(html`<tr class="row-note" data-testid="row-note" data-id=${row.orig?.id ?? ''}><td colspan=${width}>
      ${others && html`<span class="editing-note" data-testid="row-editing">${others}</span>`}
      ${mark && html`<span class="stale-note" data-testid="row-stale" role="status">${markText(mark)} — <button type="button"
        class="link" data-testid="row-review" onClick=${(e) => { e.stopPropagation(); actions.review(row.key); }}>review</button></span>`}
    </td></tr>`);
  }
  return notes;
}

// Drawn for every row that comes into view (a filter keystroke, a sort, a scroll step), so written
// with h(): no template to interpret per row.
function BatchRow(props) {
  const {
    entity, editor, row, columns, lookups, user, now, editing, active, busy, canHistory, actions, selected, cursorField,
  } = props;
  const recent = changedByOtherRecently(row.orig, user.username, now);
  const Cell = editing ? EditCell : ReadCell;
  const name = editor.value(row, 'name') ?? '';
  const tr = h('tr', {
    'data-testid': `${entity}-row`, 'data-key': row.key, 'data-id': row.orig?.id ?? '',
    'data-name': name, 'data-row-error': Object.keys(row.errors).length ? 'true' : 'false',
    'data-editing': editing ? 'true' : 'false', 'data-stale': props.mark ? 'true' : 'false',
    'data-selected': selected ? 'true' : 'false', 'aria-selected': selected ? 'true' : 'false',
    class: rowClass(editor, row, recent, editing, selected), tabindex: active && !editing ? '0' : '-1',
    onMouseDown: editing ? undefined : (e) => { if (e.shiftKey) e.preventDefault(); },
    onClick: editing ? undefined : (e) => actions.cellClick(e, row.key),
    onKeyDown: (e) => actions.key(e, row.key, editing),
  },
  h(SelectCell, { row, name, selected, onSelect: actions.select }),
  ...columns.map((c) => h(Cell, { key: c.field, editor, row, column: c, lookups, cursor: !editing && cursorField === c.field })),
  row.orig ? h(AuditCells, { record: row.orig, me: user.username, now })
    : [h('td', { class: 'num muted', 'data-testid': 'version' }, 'new'), h('td', null), h('td', null)],
  h(RowActions, { editor, row, editing, busy, canHistory, actions }));
  const notes = rowNotes(props);
  return notes.length ? h(Fragment, null, tr, ...notes) : tr;
}

// Props of a row drawn again only when they change: `editor` (its functions read only the row
// given to them) and `actions` (which call the page's latest handlers) are the same for every row.
const ROW_PROPS_IGNORED = new Set(['editor', 'actions', 'markText']);
const sameList = (a, b) => a === b || (a.length === b.length && a.every((item, i) => item === b[i]));

/**
 * A row that is not drawn again while nothing it shows has changed: a filter keystroke or a
 * scroll step redraws only the rows that came into view. The row open for editing is always
 * drawn (its controls read the whole table, e.g. which aliases are zoned).
 */
class MemoRow extends Component {
  shouldComponentUpdate(next) {
    if (next.editing || this.props.editing) return true;
    for (const key of Object.keys(next)) {
      if (ROW_PROPS_IGNORED.has(key)) continue;
      const before = this.props[key];
      const after = next[key];
      if (Array.isArray(after) && Array.isArray(before) ? !sameList(before, after) : !Object.is(before, after)) return true;
    }
    return false;
  }

  render(props) {
    return h(BatchRow, props);
  }
}

/**
 * Which drawn row (its slot, the key the row is drawn under) each visible row takes: a row still
 * in view keeps its slot; a row coming into view takes the slot of one that left, so its elements
 * are reused and only what differs is written (a filter keystroke or a sort changes every row in
 * view: building ~25 rows of elements again cost most of the keystroke's time in layout and
 * style). The rows in `pinned` (the one holding the focus, the one being edited) never give their
 * slot to another row: the focus must not land on another record.
 */
function useRowSlots() {
  const state = useRef({ byKey: new Map(), next: 0 });
  return (rows, pinned) => {
    const { byKey } = state.current;
    const inView = new Set(rows.map((r) => r.key));
    const free = [];
    for (const [key, slot] of byKey) if (!inView.has(key) && !pinned.has(key)) free.push(slot);
    const taken = new Map();
    const slots = rows.map((r) => {
      let slot = byKey.get(r.key);
      if (slot === undefined) {
        slot = free.pop();
        if (slot === undefined) {
          slot = `slot${state.current.next}`;
          state.current.next += 1;
        }
      }
      taken.set(r.key, slot);
      return slot;
    });
    state.current.byKey = taken;
    return slots;
  };
}

/**
 * The rows in display order: new rows first (newest on top; a filter never hides what the user is
 * adding), then the saved rows sorted and filtered. The order is worked out again when rows come
 * or go, or the sort or a filter changes, not while the user types in a row, so a row being edited
 * stays where it is.
 */
function useRowOrder({ editor, columns, lookups, sort, filter, columnFilters, editingKey }) {
  const indexes = useMemo(() => new WeakMap(), [columns, lookups]);
  const indexOf = (row) => {
    let index = indexes.get(row);
    if (!index) {
      index = indexRow(columns, (field) => editor.value(row, field), lookups);
      indexes.set(row, index);
    }
    return index;
  };
  // Rows are indexed in idle moments after they load, so the first filter keystroke or sort does
  // not pay for thousands of them at once.
  useEffect(() => {
    const rows = editor.rows;
    const idle = window.requestIdleCallback || ((work) => setTimeout(() => work({ timeRemaining: () => 8 }), 1));
    let next = 0;
    let stopped = false;
    const step = (deadline) => {
      while (!stopped && next < rows.length && deadline.timeRemaining() > 1) indexOf(rows[next++]);
      if (!stopped && next < rows.length) idle(step);
    };
    idle(step);
    return () => { stopped = true; };
  }, [editor.layout, indexes]);
  const byKey = useMemo(() => new Map(editor.rows.map((r) => [r.key, r])), [editor.rows]);
  const sorted = useMemo(() => sortItems(editor.rows.filter((r) => r.orig), sort, indexOf).map((r) => r.key), [editor.layout, sort, indexes]);
  const predicate = useMemo(() => rowFilter(columns, filter, columnFilters), [columns, filter, columnFilters]);
  // Filtering reads the rows as they are now (edits included), sorting as they were at the last
  // layout change.
  const keys = useMemo(() => {
    const fresh = editor.rows.filter((r) => !r.orig).map((r) => r.key).reverse();
    const shown = predicate
      ? sorted.filter((key) => key === editingKey || (byKey.has(key) && predicate(indexOf(byKey.get(key)))))
      : sorted;
    return [...fresh, ...shown];
  }, [sorted, predicate, editor.layout]);
  // Rows removed since (a delete that went through) drop out here.
  return useMemo(() => keys.filter((key) => byKey.has(key)).map((key) => byKey.get(key)), [keys, byKey]);
}

/**
 * The page of one project's records: toolbar, notices, the table and the conflict dialog.
 * entity/plural: "zone"/"zones" (also the test ids: zones-page, zones-table, zone-row, zones-empty);
 * listUrl, saveUrl, deleteUrl: the project's list, the bulk save and the delete endpoints;
 * lookups: the page's related records, the same object for as long as they do not change;
 * addBlockedBy: why a row cannot be added yet (e.g. no fabric), or empty;
 * adoptDraft(draft, orig): turns a row kept in the browser by an older UI into today's fields;
 * initialFilter: the global filter the page opens with (the address's ?q=, e.g. from an import's
 * links to what it changed);
 * historyUrl: where `{id}/history/` and `{id}/restore/` answer (adds each saved row's History);
 * describeHistoryItem(field, item, lookups)?: a list item as text (in a history entry and in the
 * dialog of fields both sides changed);
 * a column's `mergeKey` makes its list merge item by item in a save (a zone's members by alias);
 * a column's `paste(text, lookups, valueOf)` reads a pasted text (see bulk-edit.js), `bulk: false`
 * keeps it out of the bulk bar's "Set", `editable: false` out of pastes and fill-downs;
 * bulkActions?: the page's own part of the bulk bar, ({rows (the selected), editor, lookups,
 * apply(edits, text)}) where apply makes unsaved edits of [{key, field, value}] undoable.
 * Keys: Enter opens the focused row for editing and closes it again, Escape closes it and undoes
 * what was typed since it opened, Tab past its last field opens the next row (Shift+Tab the one
 * before), arrow keys move between rows (left and right between the cells of a row), Ctrl+S saves.
 * Space selects the focused row, Escape (outside a row being edited) clears the selection, Ctrl+V
 * on a cell pastes a spreadsheet range from there, Ctrl+D fills the focused column down the
 * selected rows, Ctrl+Z undoes the last paste, fill-down or bulk edit.
 */
export function BatchTablePage({
  entity, plural: many, title, help, project, columns, lookups, listUrl, saveUrl, deleteUrl, historyUrl, describeHistoryItem, addBlockedBy, adoptDraft, initialFilter = '', onQuery,
  bulkActions,
}) {
  const { user } = useSession();
  const now = useNow();
  const [filter, setFilter] = useState(initialFilter);
  // A link to this page with another ?q= while it is open filters again.
  const firstFilter = useRef(true);
  useEffect(() => {
    if (firstFilter.current) firstFilter.current = false;
    else setFilter(initialFilter);
  }, [initialFilter]);
  const [columnFilters, setColumnFilters] = useState({});
  const [sort, setSort] = useState([]);
  // What the rows shown are, for what acts on them outside the table (Export CSV).
  useEffect(() => { onQuery?.({ filter, sort }); }, [filter, sort]);
  const [editingKey, setEditingKey] = useState(null);
  const [activeKey, setActiveKey] = useState(null);
  // The column of the active row's current cell (where a paste or a fill-down starts).
  const [activeField, setActiveField] = useState(null);
  // The selected rows by key (data, not DOM: rows out of view or filtered out stay selected) and
  // the row a shift-click extends from.
  const [selection, setSelection] = useState(() => ({ selected: new Set(), anchor: null }));
  // The last paste, fill-down or bulk edit, until it is undone or a save starts: {record, text}.
  const [lastEdit, setLastEdit] = useState(null);
  const [bulkNotice, setBulkNotice] = useState(null);
  // The id of the saved record whose history is open, or null.
  const [historyId, setHistoryId] = useState(null);
  const fields = columns.map((c) => c.field);
  const defaultsOf = () => Object.fromEntries(columns.map((c) => [c.field, fromLookups(c.initial, lookups)]));
  // The error keys a cell shows; any other error of a row is shown under the whole row.
  const cellErrorKeys = columns.flatMap((c) => [c.field, ...(c.errorFields || [])]);
  const editor = useBatchEditor({
    entity,
    plural: many,
    saveUrl,
    deleteUrl,
    projectId: project.id,
    historyUrl,
    // The lists that merge item by item (a column's `mergeKey`: a zone's members by alias).
    keyedLists: Object.fromEntries(columns.filter((c) => c.mergeKey).map((c) => [c.field, c.mergeKey])),
    describe: (valueOf) => describeRecord(valueOf, lookups),
    load: () => fetchAll(listUrl),
    fields,
    defaults: () => defaultsOf(),
    draftKey: draftKey(user.id, project.id, many),
    adoptDraft,
    leaveWarning: (count) => `You have ${plural(count, `unsaved ${entity}`, `unsaved ${many}`)} in ${project.name}; `
      + 'they stay in this browser and are offered back when you open this page again.',
  });
  const live = useLiveTable({
    editor, entity, projectId: project.id, listUrl, fields, describe: (valueOf) => describeRecord(valueOf, lookups),
  });
  const rows = useRowOrder({ editor, columns, lookups, sort, filter, columnFilters, editingKey });
  const keys = useMemo(() => rows.map((r) => r.key), [rows]);
  const [scroller, setScroller] = useState(null);
  const bodyRef = useRef(null);
  const { start, end, padTop, padBottom, scrollToKey } = useVirtualRows({ keys, scroller, bodyRef, rowHeight: ROW_HEIGHT });
  const slotsOf = useRowSlots();
  // The columns the user chose to see, at the widths they gave them (column-prefs.js).
  const prefs = useColumnPrefs(many, useMemo(() => columns.map((c) => ({ ...c, key: c.field, label: c.label || c.header })), [columns]), user.id);
  const shownColumns = prefs.visible;
  const width = shownColumns.length + 5; // the selection box, the audit cells and the actions

  // Where focus goes once a row is drawn: {key, target: field name | 'first' | 'last' | 'row'}.
  const pendingFocus = useRef(null);
  // The row as it was when it was opened, for Escape.
  const opened = useRef(null);
  const editorRef = useRef(editor);
  editorRef.current = editor;

  useLayoutEffect(() => {
    const want = pendingFocus.current;
    if (!want) return;
    const tr = bodyRef.current?.querySelector(`tr[data-key="${want.key}"]`);
    if (!tr) return;
    pendingFocus.current = null;
    const controls = fieldControls(tr);
    let target = tr;
    if (want.target === 'first') target = controls[0] || tr;
    else if (want.target === 'last') target = controls[controls.length - 1] || tr;
    else if (want.target.startsWith?.('cell:')) target = tr.querySelector(`td[data-field="${want.target.slice(5)}"]`) || tr;
    else if (want.target !== 'row') target = tr.querySelector(`td[data-field="${want.target}"]`)?.querySelector(CONTROLS) || controls[0] || tr;
    target.focus();
  });

  function focusRow(key, target) {
    pendingFocus.current = { key, target };
    scrollToKey(key);
  }

  function open(key, target = 'first') {
    const row = editor.rows.find((r) => r.key === key);
    if (!row) return;
    opened.current = { key, draft: row.draft, deleted: row.deleted, marks: { errors: row.errors, invalid: row.invalid }, fresh: false };
    setEditingKey(key);
    setActiveKey(key);
    if (target && target !== 'first' && target !== 'last') setActiveField(target);
    focusRow(key, target || 'first');
  }

  function close(key, { undo = false } = {}) {
    const before = opened.current;
    // The cell typed in last stays the row's current cell.
    const field = document.activeElement?.closest?.('td[data-field]')?.dataset.field;
    if (field) setActiveField(field);
    if (undo && before?.key === key) {
      if (before.fresh) editor.revertRow(key);
      else editor.restoreRow(key, before.draft, before.deleted, before.marks);
    }
    setEditingKey(null);
    if (!(undo && before?.fresh)) focusRow(key, 'row');
  }

  function addRow() {
    const key = editor.addRow();
    if (scroller) scroller.scrollTop = 0;
    // The row is drawn (on top) from the next render on, open for editing; Escape removes it.
    setEditingKey(key);
    setActiveKey(key);
    opened.current = { key, fresh: true };
    pendingFocus.current = { key, target: 'first' };
  }

  function neighbour(key, step) {
    const at = keys.indexOf(key);
    return at < 0 ? null : keys[at + step] ?? null;
  }

  function onKey(event, key, editing) {
    if (event.defaultPrevented) return;
    if (!editing) {
      // Keys on the row's own buttons (✎, ✕) are theirs; the row and its cells take the rest.
      const cell = event.target.matches?.('td[data-field]') ? event.target.dataset.field : null;
      if (event.target !== event.currentTarget && !cell) return;
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.key === 'Enter' || event.key === 'F2') {
        event.preventDefault();
        open(key, cell || undefined);
      } else if (event.key === ' ') {
        event.preventDefault();
        select(key, { shiftKey: event.shiftKey });
      } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        const next = neighbour(key, event.key === 'ArrowDown' ? 1 : -1);
        if (next) {
          event.preventDefault();
          setActiveKey(next);
          focusRow(next, cell ? `cell:${cell}` : 'row');
        }
      } else if (event.key === 'ArrowLeft' || event.key === 'ArrowRight') {
        const from = cell ?? (key === activeKey ? activeField : null);
        const at = shownColumns.findIndex((c) => c.field === from);
        const to = shownColumns[at < 0 ? 0 : Math.max(0, Math.min(shownColumns.length - 1, at + (event.key === 'ArrowRight' ? 1 : -1)))];
        event.preventDefault();
        setActiveKey(key);
        setActiveField(to.field);
        focusRow(key, `cell:${to.field}`);
      }
      return;
    }
    const inTextArea = event.target.tagName === 'TEXTAREA';
    if (event.key === 'Escape') {
      event.preventDefault();
      close(key, { undo: true });
    } else if (event.key === 'Enter' && !inTextArea && event.target.tagName !== 'BUTTON') {
      event.preventDefault();
      close(key);
    } else if (event.key === 'Tab') {
      const controls = fieldControls(event.currentTarget);
      const edge = event.shiftKey ? controls[0] : controls[controls.length - 1];
      if (event.target !== edge) return;
      const next = neighbour(key, event.shiftKey ? -1 : 1);
      if (!next) return;
      event.preventDefault();
      open(next, event.shiftKey ? 'last' : 'first');
    }
  }

  // Ctrl+S (Cmd+S) saves from anywhere on the page, unless the conflict dialog is asking.
  useEffect(() => {
    const onKeyDown = (event) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 's') {
        event.preventDefault();
        const current = editorRef.current;
        if (!current.conflict && !current.busy && current.dirtyCount) current.save();
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);

  // A row that went away (a new row removed, a reload) is no longer being edited, nor selected.
  useEffect(() => {
    if (editingKey && !editor.rows.some((r) => r.key === editingKey)) setEditingKey(null);
    if (selection.selected.size) {
      const present = new Set(editor.rows.map((r) => r.key));
      if ([...selection.selected].some((key) => !present.has(key))) {
        setSelection(({ selected, anchor }) => ({
          selected: new Set([...selected].filter((key) => present.has(key))), anchor: present.has(anchor) ? anchor : null,
        }));
      }
    }
  }, [editor.rows]);

  // Once a save starts, what it sends is no longer undone by Ctrl+Z (it would be an edit of its own).
  useEffect(() => { if (editor.busy) setLastEdit(null); }, [editor.busy]);

  // ---- Selection, bulk edits, paste and fill-down: each becomes ordinary unsaved row edits.
  const rowByKey = useMemo(() => new Map(editor.rows.map((r) => [r.key, r])), [editor.rows]);
  const columnByField = new Map(columns.map((c) => [c.field, c]));
  const { selected } = selection;
  const selectedKeys = useMemo(() => selectedInOrder(selected, keys).filter((key) => rowByKey.has(key)), [selected, keys, rowByKey]);
  const shownSelected = useMemo(() => keys.filter((key) => selected.has(key)).length, [selected, keys]);
  // The selected rows for the page's bulk actions; the same array while only the filter or the order changes.
  const selectedRows = useMemo(() => [...selected].map((key) => rowByKey.get(key)).filter(Boolean), [selected, rowByKey]);
  const nameOf = (row) => editor.value(row, 'name') || '(no name)';
  const many_ = (n) => plural(n, entity, many);

  /** A click on a row's box (or Space, or a shift/Ctrl-click on its cells). */
  function select(key, event = {}) {
    setSelection((s) => selectByClick({ ...s, key, order: keys, range: Boolean(event.shiftKey) }));
  }

  function selectAllShown() {
    setSelection((s) => ({ ...s, selected: toggleAllShown(s.selected, keys) }));
  }

  function clearSelection() {
    setSelection({ selected: new Set(), anchor: null });
  }

  /** Edits [{key, field, value | error} | {key, deleted}] and new rows made one undoable step. */
  function apply(edits, text, created = []) {
    if (!edits.length && !created.length) {
      setBulkNotice({ kind: 'info', text: `${text} Nothing changed.` });
      return;
    }
    const record = editor.editRows(edits, created);
    setLastEdit({ record, text });
    setBulkNotice({ kind: 'info', text, undo: true });
  }

  function undo() {
    if (!lastEdit) return;
    editor.undoEdits(lastEdit.record);
    setLastEdit(null);
    setBulkNotice({ kind: 'info', text: `Undone: ${lastEdit.text}` });
  }

  /** Rows of the selection a bulk edit writes to (not those marked for delete), and a note of the others. */
  function writable() {
    const rowsToWrite = selectedKeys.map((key) => rowByKey.get(key)).filter((r) => !r.deleted);
    const left = selectedKeys.length - rowsToWrite.length;
    return { rowsToWrite, note: left ? ` ${plural(left, 'row', 'rows')} marked for delete left as they are.` : '' };
  }

  function bulkSet(field, value) {
    const column = columnByField.get(field);
    const { rowsToWrite, note } = writable();
    const shown = cellTexts(column, value, lookups).join(', ') || '(empty)';
    apply(rowsToWrite.map((r) => ({ key: r.key, field, value })),
      `Set ${column.label || column.header} to "${shown}" on ${many_(rowsToWrite.length)}.${note}`);
  }

  function bulkDelete(deleted) {
    const chosen = selectedKeys.map((key) => rowByKey.get(key));
    const saved = chosen.filter((r) => r.orig && r.deleted !== deleted);
    const fresh = chosen.filter((r) => !r.orig).length;
    const note = fresh ? ` ${plural(fresh, 'new row', 'new rows')} left alone (✕ removes a new row).` : '';
    apply(saved.map((r) => ({ key: r.key, deleted })),
      `${deleted ? 'Marked' : 'Unmarked'} ${many_(saved.length)} ${deleted ? 'for delete' : ''}.${note}`.replace(' .', '.'));
  }

  /** The table's current cell: the focused cell, else the active row's current cell. */
  function cursorOf(target) {
    const inTable = target?.closest && bodyRef.current?.contains(target);
    const tr = inTable ? target.closest('tr[data-key]') : null;
    const key = tr?.dataset.key ?? (rowByKey.has(activeKey) ? activeKey : null);
    if (!key) return null;
    const field = (inTable && target.closest('td[data-field]')?.dataset.field)
      || (key === activeKey && activeField) || shownColumns[0].field;
    return { key, field };
  }

  function fillDown(target) {
    const cursor = cursorOf(target);
    const column = cursor && columnByField.get(cursor.field);
    if (!column || column.editable === false) {
      setBulkNotice({ kind: 'error', text: 'Focus a cell of an editable column to fill it down the selected rows.' });
      return;
    }
    const rowsToWrite = new Set(writable().rowsToWrite.map((r) => r.key));
    const plan = planFillDown({ selected, order: keys, field: column.field, valueOf: (key, field) => editor.value(rowByKey.get(key), field) })
      .filter((edit) => rowsToWrite.has(edit.key));
    if (!plan.length) {
      setBulkNotice({ kind: 'error', text: 'Select two or more rows to fill down (the first selected row gives the value).' });
      return;
    }
    const from = rowByKey.get(selectedKeys[0]);
    apply(plan, `Filled ${column.label || column.header} down from ${nameOf(from)} into ${many_(plan.length)}.`);
  }

  function paste(event) {
    const cursor = cursorOf(event.target);
    if (!cursor || !bodyRef.current?.contains(event.target)) return;
    const text = event.clipboardData?.getData('text/plain') ?? '';
    const grid = parseTsv(text);
    if (!grid.length) return;
    event.preventDefault();
    const pasteColumns = [...shownColumns.map((c) => ({ field: c.field, header: c.header, editable: c.editable !== false })), ...AUDIT_PASTE];
    const plan = planPaste({
      grid, columns: pasteColumns, startField: cursor.field, rowKeys: keys, startKey: cursor.key,
      locked: (key) => Boolean(rowByKey.get(key)?.deleted),
    });
    let bad = 0;
    // Each line's cells left to right, so a fabric pasted before the members is the one they are read in.
    const readLine = (cells, valueOf, onValue, onError) => {
      const values = {};
      for (const { field, text: cellText } of cells) {
        const result = pastedValue(columnByField.get(field), cellText, lookups, (f) => (f in values ? values[f] : valueOf(f)));
        if (result.error !== undefined) {
          bad += 1;
          onError(field, result.error);
        } else {
          values[field] = result.value;
          onValue(field, result.value);
        }
      }
    };
    const edits = [];
    const perRow = new Map();
    for (const cell of plan.cells) perRow.set(cell.key, [...(perRow.get(cell.key) || []), cell]);
    for (const [key, cells] of perRow) {
      const row = rowByKey.get(key);
      readLine(cells, (f) => editor.value(row, f), (field, value) => edits.push({ key, field, value }),
        (field, error) => edits.push({ key, field, error }));
    }
    const base = defaultsOf();
    const created = plan.created.map((cells) => {
      const values = {};
      const errors = {};
      readLine(cells, (f) => base[f], (field, value) => { values[field] = value; }, (field, error) => { errors[field] = error; });
      return { values, errors };
    });
    const parts = [`Pasted ${plural(plan.cells.length + plan.created.reduce((n, c) => n + c.length, 0), 'cell', 'cells')} into ${many_(perRow.size)}`];
    if (created.length) parts.push(`added ${plural(created.length, `new ${entity}`, `new ${many}`)}`);
    let message = `${parts.join(' and ')}.`;
    if (bad) message += ` ${plural(bad, 'value', 'values')} could not be used: marked on ${bad === 1 ? 'its cell' : 'their cells'}.`;
    if (plan.skipped.length) message += ` Skipped ${skippedText(plan.skipped)}.`;
    apply(edits, message, created);
  }

  // The document's keys and paste outside text fields: Ctrl+D, Ctrl+Z, Escape, Ctrl+V on a cell.
  const bulkRef = useRef(null);
  bulkRef.current = {
    fillDown, undo, clearSelection, paste, hasSelection: selected.size > 0, canUndo: Boolean(lastEdit), editingKey,
    inTable: (el) => Boolean(bodyRef.current?.contains(el)),
  };
  useEffect(() => {
    const blocked = (event) => isTyping(event.target) || editorRef.current.conflict || editorRef.current.busy
      || event.target.closest?.('[role="dialog"], .history-panel');
    const onKeyDown = (event) => {
      if (event.defaultPrevented || blocked(event)) return;
      const bulk = bulkRef.current;
      const key = event.key.toLowerCase();
      const command = (event.ctrlKey || event.metaKey) && !event.altKey && !event.shiftKey;
      if (command && key === 'd' && (bulk.hasSelection || bulk.inTable(event.target))) {
        event.preventDefault();
        bulk.fillDown(event.target);
      } else if (command && key === 'z' && bulk.canUndo) {
        event.preventDefault();
        bulk.undo();
      } else if (event.key === 'Escape' && bulk.hasSelection && !bulk.editingKey) {
        event.preventDefault();
        bulk.clearSelection();
      }
    };
    const onPaste = (event) => {
      if (!event.defaultPrevented && !blocked(event)) bulkRef.current.paste(event);
    };
    document.addEventListener('keydown', onKeyDown);
    document.addEventListener('paste', onPaste);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      document.removeEventListener('paste', onPaste);
    };
  }, []);

  /** A click on a read row: with Shift or Ctrl/Cmd it selects (a range, or one more), else it opens the row. */
  function onCellClick(event, key) {
    const td = event.target.closest('td[data-field]');
    if (event.shiftKey || event.ctrlKey || event.metaKey) {
      select(key, event);
      setActiveKey(key);
      if (td) {
        setActiveField(td.dataset.field);
        td.focus();
      }
      return;
    }
    open(key, td?.dataset.field);
  }

  // What a row's buttons and keys call: the same object on every render (rows are drawn again
  // only when what they show changes), calling this render's handlers.
  const handlersRef = useRef(null);
  handlersRef.current = {
    open: (key, field) => open(key, field), key: onKey, select, cellClick: onCellClick, history: setHistoryId,
    revert: (key) => editor.revertRow(key), toggleDelete: (key) => editor.toggleDelete(key), review: (key) => live.review(key),
  };
  const rowActions = useMemo(() => Object.fromEntries(Object.keys(handlersRef.current)
    .map((name) => [name, (...args) => handlersRef.current[name](...args)])), []);
  const setColumnFilter = (field, value) => setColumnFilters((all) => ({ ...all, [field]: value }));
  const total = editor.rows.length;
  const visible = rows.slice(start, end);
  const focusedKey = bodyRef.current?.contains(document.activeElement) ? document.activeElement.closest('tr[data-key]')?.dataset.key : null;
  const slots = slotsOf(visible, new Set([focusedKey, editingKey].filter(Boolean)));
  // Record presence: the row open for editing is announced; who else has a drawn row open shows under it.
  useOpenRecord(entity, editor.rows.find((r) => r.key === editingKey)?.orig?.id);
  const editors = useRecordEditors(entity, visible.map((r) => r.orig?.id), user);
  // The one row Tab reaches in the table (the others are reached with the arrow keys).
  const historyOf = historyId === null ? null : editor.rows.find((r) => r.orig?.id === historyId) || null;
  const tabStop = visible.some((r) => r.key === activeKey) ? activeKey : visible[0]?.key;

  return html`<section class="page" data-testid=${`${many}-page`}>
    <header class="page-head">
      <h1>${title} <span class="muted">· ${project.name}</span></h1>
      <p class="muted small">${help}</p>
    </header>
    <${BatchToolbar} editor=${editor} entity=${entity} plural=${many} filter=${filter} onFilter=${setFilter}
      shown=${rows.length} total=${total} onAdd=${addRow}
      onDiscard=${() => { editor.discard(); setLastEdit(null); setBulkNotice(null); }}
      addBlockedBy=${editor.status === 'failed' ? `The ${many} could not be loaded` : editor.status === 'loading' ? `Loading ${many}…` : addBlockedBy} />
    ${selected.size > 0 && html`<${BulkBar} entity=${entity} plural=${many} count=${selectedKeys.length}
      hidden=${selectedKeys.length - shownSelected} columns=${columns} lookups=${lookups} busy=${editor.busy}
      onSet=${bulkSet} onMarkDelete=${bulkDelete} onClear=${clearSelection}>
      ${bulkActions && html`<${bulkActions} rows=${selectedRows} editor=${editor} lookups=${lookups}
        busy=${editor.busy} apply=${apply} />`}
    <//>`}
    <${BulkNotice} notice=${bulkNotice && { ...bulkNotice, undo: bulkNotice.undo && Boolean(lastEdit) }}
      onUndo=${undo} onClose=${() => setBulkNotice(null)} />
    <div class="toolbar"><${ColumnMenu} prefs=${prefs} /></div>
    <${DraftsOffer} offer=${editor.offer} entity=${entity} plural=${many} onRestore=${editor.restoreDrafts} onDiscard=${editor.dropDrafts} />
    <${Notice} notice=${editor.notice} />
    ${editor.status === 'loading' ? html`<${Loading} what=${many} />`
      : editor.status === 'failed' ? html`<p class="empty" data-testid=${`${many}-load-failed`}>
        The ${many} of this project could not be loaded.
        <button type="button" data-testid="retry-load" onClick=${() => editor.reload()}>Try again</button></p>` : html`
    <div class="table-wrap scroll" ref=${setScroller}><table class="grid editable" data-testid=${`${many}-table`}
        aria-rowcount=${rows.length + 2} data-filter=${filter}>
      <colgroup>
        <col style="width:32px" />
        ${shownColumns.map((c) => html`<col style=${(prefs.widthOf(c.field) || c.width) ? `width:${prefs.widthOf(c.field) || c.width}px` : ''} />`)}
        <col style="width:46px" /><col style="width:104px" /><col style="width:112px" /><col style="width:146px" />
      </colgroup>
      <${TableHead} columns=${shownColumns} prefs=${prefs} lookups=${lookups} sort=${sort} trailing=${BATCH_TRAILING}
        leading=${[html`<th class="select-cell"><button type="button" role="checkbox" class="select-box" data-testid="select-all"
          aria-checked=${shownSelected === 0 ? 'false' : shownSelected === keys.length ? 'true' : 'mixed'}
          aria-label=${`Select the ${keys.length} ${many} the filters show`} title=${`Select the ${keys.length} ${many} the filters show`}
          disabled=${!keys.length} onClick=${selectAllShown}></button></th>`]}
        onSort=${(field, additive) => setSort((s) => nextSort(s, field, additive))}
        columnFilters=${columnFilters} onColumnFilter=${setColumnFilter} />
      <tbody ref=${bodyRef}>
        ${padTop > 0 && html`<tr class="spacer-row" aria-hidden="true"><td colspan=${width} style=${`height:${padTop}px`}></td></tr>`}
        ${visible.map((row, i) => html`<${MemoRow} key=${slots[i]} entity=${entity} editor=${editor} row=${row} columns=${shownColumns}
          lookups=${lookups} user=${user} now=${now} editing=${row.key === editingKey}
          active=${row.key === tabStop} fields=${cellErrorKeys} width=${width} actions=${rowActions}
          canHistory=${Boolean(historyUrl)} busy=${editor.busy} mark=${live.markOf(row)} markText=${live.markText}
          others=${row.orig ? editingText(editors(row.orig.id)) : ''}
          selected=${selected.has(row.key)} cursorField=${row.key === activeKey ? activeField : null} />`)}
        ${padBottom > 0 && html`<tr class="spacer-row" aria-hidden="true"><td colspan=${width} style=${`height:${padBottom}px`}></td></tr>`}
      </tbody>
    </table></div>
    ${!total && html`<p class="empty" data-testid=${`${many}-empty`}>No ${many} in this project yet.</p>`}
    ${total > 0 && !rows.length && html`<p class="empty" data-testid=${`${many}-none-match`}>No ${many} match the filters.</p>`}`}
    ${editor.conflict?.kind === 'fields' ? html`<${FieldConflictDialog} entity=${entity} items=${editor.conflict.items} busy=${editor.busy}
      describeItem=${describeHistoryItem && ((field, item) => describeHistoryItem(field, item, lookups))}
      onApply=${editor.applyPicks} onCancel=${editor.cancelConflict} />`
    : editor.conflict && html`<${ConflictDialog} entity=${entity} conflicts=${editor.conflict.items} busy=${editor.busy}
      onReload=${editor.reloadTheirs} onKeepMine=${editor.keepMine} onCancel=${editor.cancelConflict} />`}
    ${live.dialog}
    ${historyOf && html`<${HistoryPanel} key=${historyOf.orig.id} entity=${entity} name=${historyOf.orig.name}
      url=${`${historyUrl}${historyOf.orig.id}/`} version=${historyOf.orig.version}
      restoreBlockedBy=${editor.dirtyCount ? 'Save or discard your changes first' : ''}
      describeItem=${describeHistoryItem && ((field, item) => describeHistoryItem(field, item, lookups))}
      onRestored=${() => editor.reload()} onClose=${() => setHistoryId(null)} />`}
  </section>`;
}
