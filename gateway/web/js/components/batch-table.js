// The table of a project's records saved in one bulk save (aliases, zones), drawn from a column
// list (see batch-cells.js), so adding a column to a page is one entry in its list. Built for
// thousands of rows: only the rows in view are drawn, rows read as text until one is opened for
// editing, and sorting and filtering run over a search index kept per row.
import { Fragment } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { fetchAll } from '../api.js';
import { changedByOtherRecently, timeAgo } from '../format.js';
import { draftKey } from '../drafts.js';
import { indexRow, nextSort, rowFilter, sortItems } from '../table-query.js';
import { AUDIT_HEADERS, AuditCells, Loading, Notice, useNow, useSession } from './common.js';
import { ConflictDialog } from './conflict-dialog.js';
import { FieldConflictDialog } from './field-conflict-dialog.js';
import { keptChangesText } from '../merge-save.js';
import { HistoryPanel } from './history-panel.js';
import { TableHead } from './table-head.js';
import { useBatchEditor } from './batch-editor.js';
import { useLiveTable } from './live-table.js';
import { editingText, useOpenRecord, useRecordEditors } from '../record-presence.js';
import { EditCell, ReadCell } from './batch-cells.js';
import { useVirtualRows } from './virtual-rows.js';
import { ColumnMenu, useColumnPrefs } from './column-prefs.js';

export { FieldError } from './batch-cells.js';

// Height of a row in read mode (styles.css keeps read rows to one line of this height).
const ROW_HEIGHT = 33;
const AUDIT_KEYS = new Set(['current_version', 'last_modified_by', 'last_modified_at']);
const CONTROLS = 'input:not([disabled]), select:not([disabled]), button:not([disabled]), textarea:not([disabled])';

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
function BatchToolbar({ editor, entity, plural: many, filter, onFilter, shown, total, addBlockedBy, onAdd }) {
  const pending = editor.dirtyCount;
  return html`<div class="toolbar">
    <button type="button" data-testid="add-row" onClick=${onAdd} disabled=${editor.busy || Boolean(addBlockedBy)}
      title=${addBlockedBy || ''}>+ Add ${entity}</button>
    <button type="button" class="primary" data-testid="save" disabled=${editor.busy || pending === 0} title="Save (Ctrl+S)"
      onClick=${() => editor.save()}>${editor.busy ? 'Saving…' : pending ? `Save ${pending} change${pending === 1 ? '' : 's'}` : 'Save'}</button>
    <button type="button" data-testid="discard" disabled=${editor.busy || pending === 0}
      onClick=${() => editor.discard()}>Discard</button>
    <button type="button" class="link" data-testid="reload" disabled=${editor.busy || pending > 0}
      title=${pending ? 'Save or discard your changes first' : 'Load the latest data'}
      onClick=${() => editor.reload()}>Reload</button>
    ${pending > 0 && html`<span class="unsaved" data-testid="unsaved-count" role="status">${plural(pending, `unsaved ${entity}`, `unsaved ${many}`)}</span>`}
    <span class="spacer"></span>
    <input type="search" class="filter" placeholder="Filter: names, WWPNs, fabrics, members…" aria-label="Filter rows" data-testid="filter"
      value=${filter} onInput=${(e) => onFilter(e.currentTarget.value)} />
    <span class="muted small" data-testid="row-count">${shown === total ? `${total}` : `${shown} of ${total}`} ${many}</span>
  </div>`;
}

/** The offer to put back the unsaved rows kept in this browser from an earlier visit. */
function DraftsOffer({ editor, entity, plural: many }) {
  const { offer } = editor;
  if (!offer) return null;
  return html`<div class="notice notice-info drafts-offer" data-testid="drafts-offer" role="status">
    ${plural(offer.rows.length, `unsaved ${entity}`, `unsaved ${many}`)} from your last visit
    (${timeAgo(offer.savedAt)}) ${offer.rows.length === 1 ? 'was' : 'were'} kept in this browser.
    <button type="button" class="primary" data-testid="drafts-restore" onClick=${editor.restoreDrafts}>Restore</button>
    <button type="button" data-testid="drafts-discard" onClick=${editor.dropDrafts}>Discard them</button>
  </div>`;
}

function rowClass(editor, row, recent, editing) {
  return [
    !row.orig && 'new',
    row.deleted && 'deleted',
    row.orig && editor.isChanged(row) && 'dirty',
    Object.keys(row.errors).length && 'has-error',
    recent && 'recent',
    editing && 'editing',
  ].filter(Boolean).join(' ');
}

/** Under a row: who else has it open, and a newer version someone saved over its unsaved edits. */
function LiveNotes({ row, live, editors, width }) {
  const mark = live.markOf(row);
  const others = row.orig ? editingText(editors(row.orig.id)) : '';
  if (!mark && !others) return null;
  return html`<tr class="row-note" data-testid="row-note" data-id=${row.orig?.id ?? ''}><td colspan=${width}>
    ${others && html`<span class="editing-note" data-testid="row-editing">${others}</span>`}
    ${mark && html`<span class="stale-note" data-testid="row-stale" role="status">${live.markText(mark)} — <button type="button"
      class="link" data-testid="row-review" onClick=${(e) => { e.stopPropagation(); live.review(row.key); }}>review</button></span>`}
  </td></tr>`;
}

function BatchRow({ entity, editor, row, columns, lookups, user, now, editing, active, fields, width, onOpen, onKey, onHistory, live, editors }) {
  const recent = changedByOtherRecently(row.orig, user.username, now);
  const rowErrors = rowLevelErrors(row, fields);
  const Cell = editing ? EditCell : ReadCell;
  return html`<${Fragment}>
    <tr data-testid=${`${entity}-row`} data-key=${row.key} data-id=${row.orig?.id ?? ''}
        data-name=${editor.value(row, 'name') ?? ''} data-row-error=${Object.keys(row.errors).length ? 'true' : 'false'}
        data-editing=${editing ? 'true' : 'false'} data-stale=${live.markOf(row) ? 'true' : 'false'}
        class=${rowClass(editor, row, recent, editing)} tabindex=${active && !editing ? '0' : '-1'}
        onClick=${editing ? undefined : (e) => onOpen(row.key, e.target.closest('td[data-field]')?.dataset.field)}
        onKeyDown=${(e) => onKey(e, row.key, editing)}>
      ${columns.map((c) => html`<${Cell} key=${c.field} editor=${editor} row=${row} column=${c} lookups=${lookups} />`)}
      ${row.orig ? html`<${AuditCells} record=${row.orig} me=${user.username} now=${now} />`
        : html`<td class="num muted" data-testid="version">new</td><td></td><td></td>`}
      <td class="nowrap actions-cell">
        ${!editing && html`<button type="button" class="icon" data-testid="edit-row" title="Edit (Enter)" aria-label="Edit this row"
          disabled=${editor.busy} onClick=${(e) => { e.stopPropagation(); onOpen(row.key); }}>✎</button>`}
        ${onHistory && row.orig && html`<button type="button" class="icon" data-testid="history-row" title="History"
          aria-label="History of this row" onClick=${(e) => { e.stopPropagation(); onHistory(row.orig.id); }}>⟲</button>`}
        <button type="button" class="icon" data-testid="delete-row" disabled=${editor.busy}
          title=${row.deleted ? 'Keep this row' : row.orig ? 'Delete when saving' : 'Remove this new row'}
          onClick=${(e) => { e.stopPropagation(); editor.toggleDelete(row.key); }}>${row.deleted ? 'Undo' : '✕'}</button>
      </td>
    </tr>
    ${rowErrors.length ? html`<tr class="row-error" data-testid="row-error"><td colspan=${width} role="alert">${rowErrors.join(' ')}</td></tr>` : null}
    ${row.kept?.length ? html`<tr class="row-kept" data-testid="row-kept" data-id=${row.orig?.id ?? ''}><td colspan=${width} role="status">
      Merged: kept ${keptChangesText(row.kept)}.</td></tr>` : null}
    <${LiveNotes} row=${row} live=${live} editors=${editors} width=${width} />
  <//>`;
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
 * a column's `mergeKey` makes its list merge item by item in a save (a zone's members by alias).
 * Keys: Enter opens the focused row for editing and closes it again, Escape closes it and undoes
 * what was typed since it opened, Tab past its last field opens the next row (Shift+Tab the one
 * before), arrow keys move between rows, Ctrl+S saves.
 */
export function BatchTablePage({
  entity, plural: many, title, help, project, columns, lookups, listUrl, saveUrl, deleteUrl, historyUrl, describeHistoryItem, addBlockedBy, adoptDraft, initialFilter = '', onQuery,
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
  // The id of the saved record whose history is open, or null.
  const [historyId, setHistoryId] = useState(null);
  const fields = columns.map((c) => c.field);
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
    defaults: () => Object.fromEntries(columns.map((c) => [c.field, fromLookups(c.initial, lookups)])),
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
  // The columns the user chose to see, at the widths they gave them (column-prefs.js).
  const prefs = useColumnPrefs(many, useMemo(() => columns.map((c) => ({ ...c, key: c.field, label: c.label || c.header })), [columns]), user.id);
  const shownColumns = prefs.visible;
  const width = shownColumns.length + 4; // the audit cells and the actions

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
    const controls = [...tr.querySelectorAll(CONTROLS)].filter((c) => !c.closest('.actions-cell'));
    let target = tr;
    if (want.target === 'first') target = controls[0] || tr;
    else if (want.target === 'last') target = controls[controls.length - 1] || tr;
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
    opened.current = { key, draft: row.draft, deleted: row.deleted, fresh: false };
    setEditingKey(key);
    setActiveKey(key);
    focusRow(key, target || 'first');
  }

  function close(key, { undo = false } = {}) {
    const before = opened.current;
    if (undo && before?.key === key) {
      if (before.fresh) editor.revertRow(key);
      else editor.restoreRow(key, before.draft, before.deleted);
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
      // Keys on the row's own buttons (✎, ✕) are theirs.
      if (event.target !== event.currentTarget) return;
      if (event.key === 'Enter' || event.key === 'F2') {
        event.preventDefault();
        open(key);
      } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        const next = neighbour(key, event.key === 'ArrowDown' ? 1 : -1);
        if (next) {
          event.preventDefault();
          setActiveKey(next);
          focusRow(next, 'row');
        }
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
      const tr = event.currentTarget;
      const controls = [...tr.querySelectorAll(CONTROLS)].filter((c) => !c.closest('.actions-cell'));
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

  // A row that went away (a new row removed, a reload) is no longer being edited.
  useEffect(() => {
    if (editingKey && !editor.rows.some((r) => r.key === editingKey)) setEditingKey(null);
  }, [editor.rows]);

  const setColumnFilter = (field, value) => setColumnFilters((all) => ({ ...all, [field]: value }));
  const total = editor.rows.length;
  const visible = rows.slice(start, end);
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
      addBlockedBy=${editor.status === 'failed' ? `The ${many} could not be loaded` : editor.status === 'loading' ? `Loading ${many}…` : addBlockedBy} />
    <div class="toolbar"><${ColumnMenu} prefs=${prefs} /></div>
    <${DraftsOffer} editor=${editor} entity=${entity} plural=${many} />
    <${Notice} notice=${editor.notice} />
    ${editor.status === 'loading' ? html`<${Loading} what=${many} />`
      : editor.status === 'failed' ? html`<p class="empty" data-testid=${`${many}-load-failed`}>
        The ${many} of this project could not be loaded.
        <button type="button" data-testid="retry-load" onClick=${() => editor.reload()}>Try again</button></p>` : html`
    <div class="table-wrap scroll" ref=${setScroller}><table class="grid editable" data-testid=${`${many}-table`}
        aria-rowcount=${rows.length + 2}>
      <colgroup>
        ${shownColumns.map((c) => html`<col style=${(prefs.widthOf(c.field) || c.width) ? `width:${prefs.widthOf(c.field) || c.width}px` : ''} />`)}
        <col style="width:46px" /><col style="width:104px" /><col style="width:112px" /><col style="width:100px" />
      </colgroup>
      <${TableHead} columns=${shownColumns} prefs=${prefs} lookups=${lookups} sort=${sort} trailing=${BATCH_TRAILING}
        onSort=${(field, additive) => setSort((s) => nextSort(s, field, additive))}
        columnFilters=${columnFilters} onColumnFilter=${setColumnFilter} />
      <tbody ref=${bodyRef}>
        ${padTop > 0 && html`<tr class="spacer-row" aria-hidden="true"><td colspan=${width} style=${`height:${padTop}px`}></td></tr>`}
        ${visible.map((row) => html`<${BatchRow} key=${row.key} entity=${entity} editor=${editor} row=${row} columns=${shownColumns}
          lookups=${lookups} user=${user} now=${now} editing=${row.key === editingKey}
          active=${row.key === tabStop} fields=${cellErrorKeys} width=${width}
          onOpen=${(key, field) => open(key, field)} onKey=${onKey} onHistory=${historyUrl ? setHistoryId : null}
          live=${live} editors=${editors} />`)}
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
