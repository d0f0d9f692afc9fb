// The table of records saved one at a time (fabrics, storage systems, projects, customers) and of
// the read-only lists (hosts, volumes): built for thousands of rows like the aliases and zones
// tables. Only the rows in view are drawn (virtual-rows.js); sorting and filtering are
// useListQuery's; the columns shown and their widths are the user's (column-prefs.js). With
// `save`, rows read as text until a cell is opened: the row's editable cells become controls,
// and each edited row is saved with PATCH (or PUT) as only its changed fields and `base_version`,
// the version it was loaded at, so others' changes since merge in (a field both changed opens the
// dialog of fields; a stale version the conflict dialog). Keys: arrows move between cells, Enter
// or F2 opens the row at the active cell and Enter closes it again, Escape closes it and undoes
// what was typed since it opened, Tab past the row's last control opens the next row, Ctrl+S
// saves every edited row.
import { Fragment } from 'preact';
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { api, conflictsOf, fieldErrorsOf } from '../api.js';
import { changedByOtherRecently } from '../format.js';
import { fieldConflictsOf, keptChangesText, mergeOnto, pickIdOf, same } from '../merge-save.js';
import { editingText, useOpenRecord, useRecordEditors } from '../record-presence.js';
import { addLeaveGuard } from '../leave-guard.js';
import { draftKey, readDrafts, writeDrafts } from '../drafts.js';
import { AUDIT_HEADERS, AuditCells, ListFilter, NoneMatch, useListQuery, useNow, useSession } from './common.js';
import { ColumnMenu, useColumnPrefs } from './column-prefs.js';
import { ConflictDialog } from './conflict-dialog.js';
import { DraftsOffer } from './drafts-offer.js';
import { FieldConflictDialog } from './field-conflict-dialog.js';
import { TableHead } from './table-head.js';
import { useVirtualRows } from './virtual-rows.js';

const ROW_HEIGHT = 33;
// How long after the last change the unsaved rows are written to the browser's storage.
const KEEP_DELAY_MS = 400;
const CONTROLS = 'input:not([disabled]), select:not([disabled]), textarea:not([disabled])';
const plural = (n, one, many) => `${n} ${n === 1 ? one : many}`;

/** What a cell shows in read mode. */
function readContent(column, record) {
  if (column.render) return column.render(record);
  const value = record[column.key];
  if (column.edit?.kind === 'checkbox') return value ? '✓' : '';
  if (column.edit?.kind === 'select') return column.edit.options.find((o) => o.value === value)?.label ?? (value ?? '');
  return value ?? '';
}

function parseNumber(raw) {
  if (raw === '') return null;
  const n = Number(raw);
  return Number.isFinite(n) ? n : raw;
}

/** A cell's control while its row is open. */
function EditControl({ column, value, error, onChange }) {
  const { kind = 'text', options = [] } = column.edit;
  const common = {
    'data-testid': `field-${column.key}`, 'aria-label': column.label, 'aria-invalid': error ? 'true' : undefined,
    class: error ? 'invalid' : '',
  };
  if (kind === 'checkbox') {
    return html`<input type="checkbox" ...${common} checked=${Boolean(value)} onChange=${(e) => onChange(e.currentTarget.checked)} />`;
  }
  if (kind === 'select') {
    return html`<select ...${common} value=${String(value ?? '')}
        onChange=${(e) => onChange(options.find((o) => String(o.value ?? '') === e.currentTarget.value)?.value ?? null)}>
      ${options.map((o) => html`<option value=${String(o.value ?? '')}>${o.label}</option>`)}
    </select>`;
  }
  if (kind === 'number') {
    return html`<input type="number" ...${common} value=${value ?? ''} onInput=${(e) => onChange(parseNumber(e.currentTarget.value))} />`;
  }
  return html`<input type="text" ...${common} value=${value ?? ''} spellcheck="false" onInput=${(e) => onChange(e.currentTarget.value)} />`;
}

/**
 * table: the name the user's columns are kept under ("fabrics"); entity: the kind as events and
 * presence name it ("storage"); label: as people read it ("storage system");
 * records: the list (null while loading); columns: [{key, label, render?, text?, className?,
 * width?, cellTestid?, edit?: {kind: text|number|select|checkbox, options?}, editable?(record)}];
 * testid/rowTestid: the table's and each row's test ids; openHref(record)?: the first cell links
 * to the record's own page (its form: the fields too large for a cell, history, delete);
 * actions(record)?: the last cell's buttons; rowAttrs(record)?: more attributes of a row;
 * save?: {url(id), method: 'patch' | 'put', detailUrl(id)} makes the table editable (a record
 * listed without its version is read from detailUrl when its row opens);
 * draftScope: what the list is of, in the key its unsaved rows are kept under in this browser
 * (e.g. "customer-3"; tables of one name but another scope keep theirs apart);
 * onSaved(record)?: after each row saved; empty: what an empty list says; audit: false leaves out
 * the version and last-change columns (a list without them); actionsWidth: of the last column, in
 * px; children: more of the toolbar.
 */
export function RecordTable({
  table, entity, label = entity, records, columns, testid, rowTestid, openHref, actions, rowAttrs, save, onSaved,
  draftScope = 'all', empty = 'Nothing here yet.', audit = true, actionsWidth = 90, children,
}) {
  const { user } = useSession();
  const now = useNow();
  const prefs = useColumnPrefs(table, columns, user?.id);
  const shownColumns = prefs.visible;
  // Saved answers newer than the list (which reads itself again when the change event comes).
  const [saved, setSaved] = useState(() => new Map());
  const current = useMemo(() => (records || []).map((r) => {
    const mine = saved.get(r.id);
    return mine && r.version !== undefined && mine.version > r.version ? { ...r, ...mine } : r;
  }), [records, saved]);
  const query = useListQuery(current, columns);
  const rows = query.shown;
  const keys = useMemo(() => rows.map((r) => String(r.id)), [rows]);
  const [scroller, setScroller] = useState(null);
  const bodyRef = useRef(null);
  const { start, end, padTop, padBottom, scrollToKey } = useVirtualRows({ keys, scroller, bodyRef, rowHeight: ROW_HEIGHT });

  // Unsaved edits by record id: {orig (the record they were made on), draft, errors, kept}.
  const [edits, setEditsState] = useState(() => new Map());
  const editsRef = useRef(edits);
  const setEdits = (update) => {
    editsRef.current = typeof update === 'function' ? update(editsRef.current) : update;
    setEditsState(editsRef.current);
  };
  const [active, setActive] = useState(null); // {id, key}
  const [editingId, setEditingIdState] = useState(null);
  const editingRef = useRef(null);
  const setEditingId = (id) => {
    editingRef.current = id;
    setEditingIdState(id);
  };
  const opened = useRef(null); // {id, draft}: the row's edits when it was opened, for Escape
  const pendingFocus = useRef(null); // {id, key | 'first' | 'last', control}
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState(null);
  const [conflict, setConflict] = useState(null);

  const recordOf = (id) => current.find((r) => r.id === id);
  const editable = (record, column) => Boolean(save && column.edit && (!column.editable || column.editable(record)));
  const changesOf = (edit) => {
    const out = {};
    for (const [field, value] of Object.entries(edit.draft)) if (!same(value, edit.orig[field])) out[field] = value;
    return out;
  };
  const isDirty = (edit) => Boolean(edit) && Object.keys(changesOf(edit)).length > 0;
  // An open row without changes takes a newer version that comes in, as the base of its edits.
  const rebased = (edit, id) => {
    const record = recordOf(id);
    return !isDirty(edit) && record?.version !== undefined && record.version > edit.orig.version ? { ...edit, orig: record } : edit;
  };
  const dirtyIds = [...edits].filter(([, e]) => isDirty(e)).map(([id]) => id);
  const dirtyRef = useRef(0);
  dirtyRef.current = dirtyIds.length;
  // A row with unsaved edits (or open for editing) shows them on the record they were made on;
  // any other row shows the list as it is now.
  const editOf = (id) => {
    const edit = edits.get(id);
    if (!edit) return null;
    if (isDirty(edit) || Object.keys(edit.errors).length) return edit;
    return id === editingId ? rebased(edit, id) : null;
  };
  const valueOf = (record, field) => {
    const edit = editOf(record.id);
    if (!edit) return record[field];
    return field in edit.draft ? edit.draft[field] : edit.orig[field];
  };
  // Rows left without edits forget the record they were opened on; a merged save's note stays
  // until the list moves past the record it was about.
  useEffect(() => {
    const stale = [...editsRef.current].filter(([id, e]) => id !== editingId && !isDirty(e) && !Object.keys(e.errors).length
      && (!e.kept || (recordOf(id)?.version ?? 0) > e.orig.version));
    if (!stale.length) return;
    setEdits((all) => {
      const next = new Map(all);
      for (const [id] of stale) next.delete(id);
      return next;
    });
  }, [editingId, records]);

  // Unsaved rows are kept in this browser (per user, table and scope) as the changed fields and the
  // record they were made on, so that a navigation, a reload or an ended sign-in loses nothing:
  // the next visit offers them back, and saving them merges with what others saved since.
  const keptAt = save && user ? draftKey(user.id, draftScope, table) : null;
  const [offer, setOffer] = useState(null);
  const offerRef = useRef(null);
  offerRef.current = offer;
  const offered = useRef(false);
  useEffect(() => {
    if (!keptAt || records === null || offered.current) return;
    offered.current = true;
    setOffer(readDrafts(keptAt));
  }, [records === null]);
  const keepUnsaved = useRef(null);
  keepUnsaved.current = () => {
    // Nothing is written while the kept rows are still on offer: they would be overwritten.
    if (!keptAt || !offered.current || offerRef.current) return;
    writeDrafts(keptAt, [...editsRef.current].filter(([, e]) => isDirty(e)).map(([, e]) => ({ orig: e.orig, draft: changesOf(e) })));
  };
  useEffect(() => {
    const timer = setTimeout(() => keepUnsaved.current(), KEEP_DELAY_MS);
    return () => clearTimeout(timer);
  }, [edits, offer]);
  useEffect(() => {
    const keep = () => keepUnsaved.current();
    window.addEventListener('pagehide', keep);
    return () => {
      window.removeEventListener('pagehide', keep);
      keep();
    };
  }, []);

  /** Puts the kept rows back, each edit onto the record it was made on. */
  function restoreDrafts() {
    const kept = offer;
    setOffer(null);
    if (!kept) return;
    const listed = new Map(current.map((r) => [r.id, r]));
    const next = new Map(editsRef.current);
    const gone = [];
    let moved = 0;
    for (const item of kept.rows) {
      const record = item.orig && listed.get(item.orig.id);
      if (!record) {
        gone.push(item.orig?.name ?? `#${item.orig?.id}`);
        continue;
      }
      if (record.version !== undefined && record.version !== item.orig.version) moved += 1;
      next.set(record.id, { orig: item.orig, draft: item.draft || {}, errors: {}, kept: null });
    }
    setEdits(next);
    const restored = kept.rows.length - gone.length;
    let text = `Restored ${plural(restored, `unsaved ${label}`, `unsaved ${label}s`)}.`;
    if (moved) text += ` ${moved} of them changed since; saving merges those changes, or asks where both changed a field.`;
    if (gone.length) text += ` Not restored, no longer in this list (deleted, or moved out of your reach): ${gone.join(', ')}.`;
    setNotice({ kind: gone.length ? 'error' : 'ok', text });
  }

  function dropDrafts() {
    setOffer(null);
    if (keptAt) writeDrafts(keptAt, []);
  }

  // Leaving with unsaved rows asks first; so does closing the tab.
  useEffect(() => addLeaveGuard(() => (dirtyRef.current
    ? `You have ${plural(dirtyRef.current, `unsaved ${label}`, `unsaved ${label}s`)}; `
      + 'they stay in this browser and are offered back when you open this page again.' : '')), []);
  useEffect(() => {
    if (!dirtyIds.length) return undefined;
    const warn = (event) => { event.preventDefault(); event.returnValue = ''; };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirtyIds.length > 0]);

  useLayoutEffect(() => {
    const want = pendingFocus.current;
    if (!want) return;
    const tr = bodyRef.current?.querySelector(`tr[data-key="${want.id}"]`);
    if (!tr) return;
    pendingFocus.current = null;
    const controls = [...tr.querySelectorAll(CONTROLS)];
    let target = null;
    if (want.control === 'first') target = controls[0];
    else if (want.control === 'last') target = controls[controls.length - 1];
    else if (want.control) target = tr.querySelector(`td[data-field="${want.key}"]`)?.querySelector(CONTROLS) || controls[0];
    target = target || tr.querySelector(`td[data-field="${want.key}"]`) || tr;
    target.focus();
  });

  function focusCell(id, key, control = null) {
    pendingFocus.current = { id, key, control };
    setActive({ id, key });
    scrollToKey(String(id));
  }

  async function open(id, key, control = 'cell') {
    const record = recordOf(id);
    if (!record || !save || busy) return;
    const column = shownColumns.find((c) => c.key === key);
    const target = column && editable(record, column) ? key : shownColumns.find((c) => editable(record, c))?.key;
    if (!target) return;
    let edit = editsRef.current.get(id) && rebased(editsRef.current.get(id), id);
    if (edit && edit !== editsRef.current.get(id)) setEdits((all) => new Map(all).set(id, edit));
    if (!edit) {
      let orig = record;
      if (orig.version === undefined) {
        // Listed without its version (the projects list): read it, the base of the save.
        try {
          orig = await api.get(save.detailUrl(id));
        } catch (error) {
          setNotice({ kind: 'error', text: error.message });
          return;
        }
      }
      edit = { orig, draft: {}, errors: {}, kept: null };
      setEdits((all) => new Map(all).set(id, edit));
    }
    opened.current = { id, draft: edit.draft };
    setEditingId(id);
    focusCell(id, target, control === 'cell' ? true : control);
  }

  function close(id, { undo = false } = {}) {
    const before = opened.current;
    if (undo && before?.id === id) {
      setEdits((all) => {
        const next = new Map(all);
        const edit = next.get(id);
        if (edit) next.set(id, { ...edit, draft: before.draft, errors: {} });
        return next;
      });
    }
    setEditingId(null);
    focusCell(id, active?.id === id ? active.key : shownColumns[0]?.key);
  }

  function setField(id, field, value) {
    setEdits((all) => {
      const record = recordOf(id);
      const edit = all.get(id) ? rebased(all.get(id), id) : record && { orig: record, draft: {}, errors: {}, kept: null };
      if (!edit) return all;
      const errors = { ...edit.errors };
      delete errors[field];
      return new Map(all).set(id, { ...edit, draft: { ...edit.draft, [field]: value }, errors });
    });
  }

  function discard() {
    setEdits(new Map());
    setEditingId(null);
    setNotice(null);
  }

  // A saved row: it shows the merged record; edits made while the save was in flight stay.
  function adopt(id, record, sent, merge) {
    setSaved((all) => new Map(all).set(id, record));
    setEdits((all) => {
      const next = new Map(all);
      const edit = next.get(id);
      const draft = Object.fromEntries(Object.entries(edit?.draft || {})
        .filter(([f, v]) => (f in sent ? !same(v, sent[f]) : !same(v, edit.orig[f]))));
      const kept = merge?.merged && merge.theirs?.length ? merge.theirs : null;
      // The row still open keeps its entry: what is typed next is made on the saved record.
      if (Object.keys(draft).length || kept || editingRef.current === id) next.set(id, { orig: record, draft, errors: {}, kept });
      else next.delete(id);
      return next;
    });
    onSaved?.(record);
  }

  /** Saves one row's changes onto `base`; false when it stopped (errors, a dialog). */
  async function saveRow(id, base, changes) {
    try {
      let answer = await api[save.method || 'patch'](save.url(id), { ...changes, base_version: base.version });
      if (!answer || answer.version === undefined) answer = await api.get(save.detailUrl(id));
      const { merge, ...record } = answer;
      adopt(id, record, changes, merge);
      return { ok: true, merged: Boolean(merge?.merged && merge.theirs?.length) };
    } catch (error) {
      const found = fieldConflictsOf(error);
      if (found) {
        try {
          const latest = await api.get(save.detailUrl(id));
          setConflict({
            kind: 'fields', id, base, current: latest,
            items: [{ id, name: base.name ?? '', loadedVersion: base.version, currentVersion: latest.version,
              fields: found.map((c) => ({ ...c, pickId: pickIdOf(c) })) }],
          });
          setNotice({ kind: 'error', text: error.message });
        } catch (failure) {
          setNotice({ kind: 'error', text: `${error.message} ${failure.message}` });
        }
        return { ok: false };
      }
      const conflicts = conflictsOf(error, entity);
      if (conflicts) {
        setConflict({ id, items: conflicts.map((c) => ({ ...c, name: c.name || base.name || '' })) });
        setNotice({ kind: 'error', text: `${error.message} Nothing was saved.` });
        return { ok: false };
      }
      const errors = fieldErrorsOf(error);
      if (!Object.keys(errors).length) errors._row = error.message;
      setEdits((all) => {
        const edit = all.get(id);
        return edit ? new Map(all).set(id, { ...edit, errors }) : all;
      });
      setNotice({ kind: 'error', text: `${base.name ?? `#${id}`}: ${error.message}` });
      return { ok: false };
    }
  }

  /** Saves every edited row, one after the other; `answered`: called from a dialog's answer. */
  async function saveAll(answered = false) {
    const ids = [...editsRef.current].filter(([, e]) => isDirty(e)).map(([id]) => id);
    if (!ids.length || busy || (conflict && !answered)) return;
    setBusy(true);
    setNotice(null);
    let done = 0;
    let merged = 0;
    try {
      for (const id of ids) {
        const edit = editsRef.current.get(id);
        if (!edit) continue;
        const result = await saveRow(id, edit.orig, changesOf(edit));
        if (!result.ok) return;
        done += 1;
        if (result.merged) merged += 1;
      }
      const kept = merged ? `; merged with others' changes to ${merged} (see the row${merged === 1 ? '' : 's'})` : '';
      setNotice({ kind: 'ok', text: `Saved ${plural(done, label, `${label}s`)}${kept}.` });
    } finally {
      setBusy(false);
    }
  }
  const saveRef = useRef(saveAll);
  saveRef.current = saveAll;

  // Ctrl+S (Cmd+S) saves from anywhere on the page, unless a dialog is asking.
  useEffect(() => {
    if (!save) return undefined;
    const onKeyDown = (event) => {
      if ((event.ctrlKey || event.metaKey) && !event.altKey && event.key.toLowerCase() === 's') {
        event.preventDefault();
        saveRef.current();
      }
    };
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, [Boolean(save)]);

  /** The dialog of fields answered: the edits merged onto the record as it is now, and saved. */
  async function applyPicks(picks) {
    const { id, base, current: latest } = conflict;
    const edit = editsRef.current.get(id);
    const mine = edit ? changesOf(edit) : {};
    const draft = mergeOnto({ base, current: latest, mine, pickOf: (field) => picks[`${id}|${field}`] });
    setConflict(null);
    setEdits((all) => new Map(all).set(id, { orig: latest, draft, errors: {}, kept: null }));
    editsRef.current = new Map(editsRef.current).set(id, { orig: latest, draft, errors: {}, kept: null });
    setSaved((all) => new Map(all).set(id, latest));
    if (Object.keys(draft).length) {
      await saveAll(true);
    } else {
      setEdits((all) => { const next = new Map(all); next.delete(id); return next; });
      setNotice({ kind: 'ok', text: `Kept their values (version ${latest.version}); nothing of yours was left to save.` });
    }
  }

  /** The conflict dialog of a stale version: theirs drops the row's edits, mine puts them onto theirs. */
  async function resolve(mode) {
    const { id } = conflict;
    setConflict(null);
    try {
      const latest = await api.get(save.detailUrl(id));
      setSaved((all) => new Map(all).set(id, latest));
      const edit = editsRef.current.get(id);
      if (mode === 'theirs' || !edit) {
        setEdits((all) => { const next = new Map(all); next.delete(id); return next; });
        setNotice({ kind: 'ok', text: `Loaded version ${latest.version}; your edits were discarded.` });
        return;
      }
      const next = new Map(editsRef.current).set(id, { orig: latest, draft: changesOf(edit), errors: {}, kept: null });
      setEdits(next);
      await saveAll(true);
    } catch (error) {
      setNotice({ kind: 'error', text: error.message });
    }
  }

  function neighbour(id, step) {
    const at = keys.indexOf(String(id));
    const key = at < 0 ? undefined : keys[at + step];
    return key === undefined ? null : Number(key);
  }

  function onKey(event, record, editing) {
    if (event.defaultPrevented) return;
    const id = record.id;
    if (!editing) {
      const td = event.target.closest('td[data-field]');
      if (!td || event.target !== td) return;
      const key = td.dataset.field;
      const at = shownColumns.findIndex((c) => c.key === key);
      if (event.key === 'Enter' || event.key === 'F2') {
        if (!save) return;
        event.preventDefault();
        open(id, key);
      } else if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
        const next = neighbour(id, event.key === 'ArrowDown' ? 1 : -1);
        if (next !== null) {
          event.preventDefault();
          focusCell(next, key);
        }
      } else if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
        const next = shownColumns[at + (event.key === 'ArrowRight' ? 1 : -1)];
        if (next) {
          event.preventDefault();
          focusCell(id, next.key);
        }
      }
      return;
    }
    if (event.key === 'Escape') {
      event.preventDefault();
      close(id, { undo: true });
    } else if (event.key === 'Enter' && event.target.tagName !== 'BUTTON') {
      event.preventDefault();
      const key = event.target.closest('td[data-field]')?.dataset.field;
      if (key) setActive({ id, key });
      setEditingId(null);
      focusCell(id, key || shownColumns[0].key);
    } else if (event.key === 'Tab') {
      const controls = [...event.currentTarget.querySelectorAll(CONTROLS)];
      const edge = event.shiftKey ? controls[0] : controls[controls.length - 1];
      if (event.target !== edge) return;
      const next = neighbour(id, event.shiftKey ? -1 : 1);
      if (next === null) return;
      event.preventDefault();
      open(next, null, event.shiftKey ? 'last' : 'first');
    }
  }

  // Record presence: the row open for editing is announced; who else has a drawn row open shows
  // under it. A read-only table (hosts, volumes: nobody edits them here) asks nobody.
  const visible = rows.slice(start, end);
  useOpenRecord(entity, save ? editingId : null);
  const editors = useRecordEditors(entity, save ? visible.map((r) => r.id) : [], user);
  const width = shownColumns.length + (audit ? 3 : 0) + (actions ? 1 : 0);
  const auditHeaders = audit ? AUDIT_HEADERS : [];
  const tabStop = active && visible.some((r) => r.id === active.id) ? active : (visible[0] ? { id: visible[0].id, key: shownColumns[0]?.key } : null);

  if (records === null) return null;
  if (!records.length) return html`<p class="empty" data-testid=${`${testid}-empty`}>${empty}</p>`;
  const pending = dirtyIds.length;
  return html`<${ListFilter} query=${query} total=${records.length} testid=${testid}>
      ${save && html`<button type="button" class="primary" data-testid="save-rows" disabled=${busy || !pending} title="Save (Ctrl+S)"
        onClick=${() => saveAll()}>${busy ? 'Saving…' : pending ? `Save ${plural(pending, 'change', 'changes')}` : 'Save'}</button>
      <button type="button" data-testid="discard-rows" disabled=${busy || !pending} onClick=${discard}>Discard</button>
      ${pending > 0 && html`<span class="unsaved" data-testid="unsaved-count" role="status">${plural(pending, `unsaved ${label}`, `unsaved ${label}s`)}</span>`}`}
      ${children}
      <${ColumnMenu} prefs=${prefs} />
    <//>
    <${DraftsOffer} offer=${offer} entity=${label} plural=${`${label}s`} onRestore=${restoreDrafts} onDiscard=${dropDrafts} />
    ${notice && html`<div class=${`notice ${notice.kind === 'error' ? 'notice-error' : 'notice-ok'}`} data-testid="table-notice"
      role=${notice.kind === 'error' ? 'alert' : 'status'}>${notice.text}</div>`}
    <div class="table-wrap scroll" ref=${setScroller}><table class="grid editable records" data-testid=${testid} aria-rowcount=${rows.length + 2}>
      <colgroup>
        ${shownColumns.map((c) => html`<col style=${(prefs.widthOf(c.key) || c.width) ? `width:${prefs.widthOf(c.key) || c.width}px` : ''} />`)}
        ${audit && html`<col style="width:46px" /><col style="width:110px" /><col style="width:112px" />`}
        ${actions && html`<col style=${`width:${actionsWidth}px`} />`}
      </colgroup>
      <${TableHead} ...${query.head} columns=${query.head.columns.filter((c) => prefs.isShown(c.field))
        .sort((a, b) => shownColumns.findIndex((s) => s.key === a.field) - shownColumns.findIndex((s) => s.key === b.field))}
        prefs=${prefs} trailing=${actions ? [...auditHeaders, html`<th><span class="sr-only">Actions</span></th>`] : auditHeaders} />
      <tbody ref=${bodyRef}>
        ${padTop > 0 && html`<tr class="spacer-row" aria-hidden="true"><td colspan=${width} style=${`height:${padTop}px`}></td></tr>`}
        ${visible.map((record) => {
          const edit = editOf(record.id);
          const editing = editingId === record.id;
          const shown = edit ? edit.orig : record;
          const recent = changedByOtherRecently(record, user?.username, now);
          const others = editingText(editors(record.id));
          const rowErrors = edit?.errors?._row;
          return html`<${Fragment} key=${record.id}>
            <tr data-testid=${rowTestid} data-id=${record.id} data-key=${String(record.id)} ...${rowAttrs ? rowAttrs(record) : {}}
                data-editing=${editing ? 'true' : 'false'}
                class=${[recent && 'recent', editing && 'editing', isDirty(edit) && 'dirty', edit && Object.keys(edit.errors).length && 'has-error'].filter(Boolean).join(' ')}
                onKeyDown=${(e) => onKey(e, record, editing)}>
              ${shownColumns.map((c, i) => {
                const canEdit = editable(record, c);
                const value = valueOf(record, c.key);
                const edited = edit && c.key in edit.draft && !same(edit.draft[c.key], edit.orig[c.key]);
                const isActive = tabStop && tabStop.id === record.id && tabStop.key === c.key;
                const error = edit?.errors?.[c.key];
                let content;
                if (editing && canEdit) {
                  content = html`<${EditControl} column=${c} value=${value} error=${error} onChange=${(v) => setField(record.id, c.key, v)} />`;
                } else {
                  const text = readContent(c, edit ? { ...shown, ...edit.draft } : record);
                  content = i === 0 && openHref ? html`<a href=${openHref(record)} data-testid="open" tabindex="-1"
                    onClick=${(e) => e.stopPropagation()}>${text}</a>` : text;
                }
                return html`<td data-field=${c.key} data-testid=${c.cellTestid || `cell-${c.key}`}
                    class=${[c.className, edited && 'edited', isActive && active && 'active-cell', c.edit?.kind === 'checkbox' && 'center'].filter(Boolean).join(' ')}
                    tabindex=${editing && canEdit ? undefined : isActive ? '0' : '-1'}
                    onClick=${editing && canEdit ? undefined : () => (save && canEdit ? open(record.id, c.key) : focusCell(record.id, c.key))}>
                  ${content}
                  ${error && html`<div class="field-error" data-testid="field-error" data-field=${c.key} role="alert">${error}</div>`}
                </td>`;
              })}
              ${audit && html`<${AuditCells} record=${shown} me=${user?.username} now=${now} />`}
              ${actions && html`<td class="nowrap actions-cell">${actions(record)}</td>`}
            </tr>
            ${rowErrors && html`<tr class="row-error" data-testid="row-error"><td colspan=${width} role="alert">${rowErrors}</td></tr>`}
            ${edits.get(record.id)?.kept && html`<tr class="row-kept" data-testid="row-kept" data-id=${record.id}><td colspan=${width} role="status">
              Merged: kept ${keptChangesText(edits.get(record.id).kept)}.</td></tr>`}
            ${others && html`<tr class="row-note" data-testid="row-note" data-id=${record.id}><td colspan=${width}>
              <span class="editing-note" data-testid="row-editing">${others}</span></td></tr>`}
          <//>`;
        })}
        ${padBottom > 0 && html`<tr class="spacer-row" aria-hidden="true"><td colspan=${width} style=${`height:${padBottom}px`}></td></tr>`}
      </tbody>
    </table></div>
    <${NoneMatch} query=${query} testid=${testid} />
    ${conflict?.kind === 'fields' ? html`<${FieldConflictDialog} entity=${label} items=${conflict.items} busy=${busy}
      onApply=${applyPicks} onCancel=${() => setConflict(null)} />`
    : conflict && html`<${ConflictDialog} entity=${label} conflicts=${conflict.items} busy=${busy}
      onReload=${() => resolve('theirs')} onKeepMine=${() => resolve('mine')} onCancel=${() => setConflict(null)} />`}`;
}
