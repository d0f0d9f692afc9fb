// Editing state of a table saved through a bulk save endpoint (aliases, zones): inline edits,
// new rows, deletions, one transactional save that sends each edited row as its changed fields
// and the version it was loaded at (the service merges them with others' changes since, see
// merge-save.js), field errors per row, the conflict dialogs (a field both sides changed: a pick
// per field; a record deleted meanwhile or a stale delete: theirs or mine), and unsaved rows kept
// in the browser (offered back when the table opens again; leaving with unsaved rows asks first).
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { api, conflictsOf, failedItemsOf } from '../api.js';
import { matchFailures, needsCurrentRecords } from '../save-failures.js';
import { readDrafts, writeDrafts } from '../drafts.js';
import { addLeaveGuard } from '../leave-guard.js';
import { fieldConflictsOf, keptChangesOf, mergeItem, mergeOnto, pickIdOf, same } from '../merge-save.js';

let counter = 0;
const newKey = () => `row-${++counter}`;
const rowOf = (record) => ({ key: newKey(), orig: record, draft: {}, errors: {}, deleted: false });
// A row's marks of pasted texts its cells could not take, without one field's.
function withoutField(invalid, field) {
  if (!invalid || !(field in invalid)) return invalid;
  const { [field]: _gone, ...rest } = invalid;
  return Object.keys(rest).length ? rest : undefined;
}

export { same };

// How long typing may go on before the unsaved rows are written to the browser's storage.
const KEEP_DELAY_MS = 300;

/**
 * config: {entity:"zone", plural:"zones", saveUrl, deleteUrl, projectId, load: () => records,
 *          fields: [editable field names], defaults: () => ({…new row…}),
 *          draftKey: where unsaved rows are kept in localStorage (none kept when absent),
 *          leaveWarning: (count) => the sentence that asks before leaving `count` unsaved rows,
 *          adoptDraft?: (draft, orig) => the draft in today's fields (a row kept by an older UI),
 *          describe?: (valueOf) => how the conflict dialog names a record, from its field values,
 *          historyUrl?: where `{id}/history/` answers a record's history (names who deleted it),
 *          keyedLists?: {field: key} of the lists that merge per item (a zone's members by alias)}
 *
 * `layout` changes whenever rows come or go or are replaced by saved records, not while a field is
 * typed in, so a table can keep its order stable under the user's hands.
 */
export function useBatchEditor(config) {
  const cfg = useRef(config);
  cfg.current = config;
  const [rows, setRowsState] = useState([]);
  const rowsRef = useRef([]);
  const setRows = (update) => {
    rowsRef.current = typeof update === 'function' ? update(rowsRef.current) : update;
    setRowsState(rowsRef.current);
  };
  const [status, setStatus] = useState('loading');
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState(null);
  const [conflict, setConflict] = useState(null);
  const [layout, setLayout] = useState(0);
  const relayout = () => setLayout((n) => n + 1);
  // Rows kept from an earlier visit, until the user restores or discards them.
  const [offer, setOfferState] = useState(null);
  const offerRef = useRef(null);
  const setOffer = (kept) => {
    offerRef.current = kept;
    setOfferState(kept);
  };
  const readyRef = useRef(false);

  const value = (row, field) => (field in row.draft ? row.draft[field] : row.orig?.[field]);
  const changes = (row) => {
    const { fields, defaults } = cfg.current;
    if (!row.orig) return { ...defaults(), ...row.draft };
    const out = {};
    for (const field of fields) {
      if (field in row.draft && !same(row.draft[field], row.orig[field])) out[field] = row.draft[field];
    }
    return out;
  };
  const isChanged = (row) => !row.orig || (Object.keys(row.draft).length > 0 && Object.keys(changes(row)).length > 0);
  const isUnsaved = (row) => (row.deleted && row.orig) || isChanged(row);
  // Counted again only when the rows change, not on every draw (a filter keystroke, a scroll step).
  const dirtyCount = useMemo(() => rows.filter(isUnsaved).length, [rows]);
  const dirtyRef = useRef(0);
  dirtyRef.current = dirtyCount;

  // What is kept in the browser: the changed fields of each unsaved row with the record they were
  // made on (its version decides whether the save conflicts), and new rows whole.
  function keepUnsaved() {
    const { draftKey } = cfg.current;
    if (!draftKey || !readyRef.current || offerRef.current) return;
    writeDrafts(draftKey, rowsRef.current.filter(isUnsaved).map((r) => ({
      orig: r.orig, draft: r.orig ? changes(r) : r.draft, deleted: Boolean(r.deleted && r.orig),
    })));
  }
  useEffect(() => {
    if (status !== 'ready' || offer) return undefined;
    const timer = setTimeout(keepUnsaved, KEEP_DELAY_MS);
    return () => clearTimeout(timer);
  }, [rows, status, offer]);
  // Leaving the page, the project or the sign-in (an ended session unmounts the table) keeps what
  // the last keystrokes changed.
  useEffect(() => {
    window.addEventListener('pagehide', keepUnsaved);
    const removeGuard = addLeaveGuard(() => (dirtyRef.current ? cfg.current.leaveWarning?.(dirtyRef.current) || '' : ''));
    return () => {
      window.removeEventListener('pagehide', keepUnsaved);
      removeGuard();
      keepUnsaved();
    };
  }, []);

  async function reload() {
    setStatus((s) => (s === 'ready' ? 'ready' : 'loading'));
    if (!readyRef.current) setNotice(null);
    try {
      const records = await cfg.current.load();
      setRows(records.map(rowOf));
      relayout();
      if (!readyRef.current) {
        if (cfg.current.draftKey) setOffer(readDrafts(cfg.current.draftKey));
        setNotice(null);
      }
      readyRef.current = true;
      setStatus('ready');
    } catch (error) {
      setNotice({ kind: 'error', text: error.message });
      // A table never loaded is not an empty one: it says so and offers to try again.
      setStatus((s) => (s === 'ready' ? 'ready' : 'failed'));
    }
  }
  useEffect(() => {
    reload();
  }, []);
  // Closing or reloading the tab with unsaved edits asks first.
  useEffect(() => {
    if (!dirtyCount) return undefined;
    const warn = (event) => {
      event.preventDefault();
      event.returnValue = '';
    };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirtyCount > 0]);

  function setField(key, field, fieldValue) {
    setRows((all) => all.map((r) => {
      if (r.key !== key) return r;
      const errors = { ...r.errors };
      delete errors[field];
      return { ...r, draft: { ...r.draft, [field]: fieldValue }, errors, invalid: withoutField(r.invalid, field) };
    }));
  }

  /**
   * Many cells at once (a paste, a fill-down, a bulk edit): edits [{key, field, value} or {key,
   * field, error} (a pasted text the cell cannot take: the cell keeps its value and shows the
   * error until it is edited), or {key, deleted}], and new rows [{values: {field: value},
   * errors: {field: message}}] (on top, in the order given). Each becomes an ordinary unsaved edit
   * of its row. Returns what undoEdits needs to put every touched row back and remove the new ones.
   */
  function editRows(edits, created = []) {
    const byKey = new Map();
    for (const edit of edits) {
      if (!byKey.has(edit.key)) byKey.set(edit.key, []);
      byKey.get(edit.key).push(edit);
    }
    const before = new Map();
    const next = rowsRef.current.map((r) => {
      const mine = byKey.get(r.key);
      if (!mine) return r;
      before.set(r.key, { draft: r.draft, errors: r.errors, invalid: r.invalid, deleted: r.deleted });
      let row = { ...r, draft: { ...r.draft }, errors: { ...r.errors }, invalid: { ...(r.invalid || {}) } };
      for (const edit of mine) {
        if ('deleted' in edit) {
          row.deleted = edit.deleted;
        } else if (edit.error !== undefined) {
          row.errors[edit.field] = edit.error;
          row.invalid[edit.field] = edit.error;
        } else {
          row.draft[edit.field] = edit.value;
          delete row.errors[edit.field];
          delete row.invalid[edit.field];
        }
      }
      if (!Object.keys(row.invalid).length) row = { ...row, invalid: undefined };
      return row;
    });
    const { defaults } = cfg.current;
    // The rows are listed newest first: the first line given is added last, so it shows on top.
    const fresh = created.map(({ values = {}, errors = {} }) => ({
      key: newKey(), orig: null, draft: { ...defaults(), ...values }, errors: { ...errors },
      invalid: Object.keys(errors).length ? { ...errors } : undefined, deleted: false,
    }));
    setRows([...next, ...[...fresh].reverse()]);
    if (fresh.length) relayout();
    return { before, created: new Set(fresh.map((r) => r.key)) };
  }

  /** Puts back the rows an editRows changed as they were and removes the rows it added. Returns
   *  how many rows it touched that are still there. */
  function undoEdits({ before, created }) {
    let restored = 0;
    const next = rowsRef.current.flatMap((r) => {
      if (created.has(r.key)) return [];
      const was = before.get(r.key);
      if (!was) return [r];
      restored += 1;
      return [{ ...r, ...was }];
    });
    setRows(next);
    if (created.size) relayout();
    return restored;
  }

  function addRow(initial = {}) {
    const row = { key: newKey(), orig: null, draft: { ...cfg.current.defaults(), ...initial }, errors: {}, deleted: false };
    setRows((all) => [...all, row]);
    relayout();
    return row.key;
  }

  function toggleDelete(key) {
    const fresh = rowsRef.current.some((r) => r.key === key && !r.orig);
    setRows((all) => all.flatMap((r) => {
      if (r.key !== key) return [r];
      if (!r.orig) return [];
      return [{ ...r, deleted: !r.deleted }];
    }));
    if (fresh) relayout();
  }

  /** Puts one row's edits back to what they were (Escape in a row that was opened for editing),
   *  and the marks it had then (a pasted value it could not take stays marked). */
  function restoreRow(key, draft, deleted, { errors = {}, invalid } = {}) {
    setRows((all) => all.map((r) => (r.key === key ? { ...r, draft, deleted, errors, invalid } : r)));
  }

  /** Drops the edits of one row (a new row goes away). */
  function revertRow(key) {
    const fresh = rowsRef.current.some((r) => r.key === key && !r.orig);
    setRows((all) => all.flatMap((r) => {
      if (r.key !== key) return [r];
      return r.orig ? [{ ...r, draft: {}, errors: {}, invalid: undefined, deleted: false }] : [];
    }));
    if (fresh) relayout();
  }

  function discard() {
    setRows((all) => all.filter((r) => r.orig).map((r) => ({ ...r, draft: {}, errors: {}, invalid: undefined, deleted: false })));
    relayout();
    setNotice(null);
  }

  /** Puts the rows kept from an earlier visit back: each edit onto the record it was made on. */
  function restoreDrafts() {
    const kept = offerRef.current;
    setOffer(null);
    if (!kept) return;
    const { defaults, entity, plural, adoptDraft = (draft) => draft } = cfg.current;
    const byId = new Map(rowsRef.current.filter((r) => r.orig).map((r) => [r.orig.id, r]));
    const replaced = new Map();
    const added = [];
    let outdated = 0;
    for (const item of kept.rows) {
      if (item.orig) {
        const row = byId.get(item.orig.id);
        if (!row || row.orig.version !== item.orig.version) outdated += 1;
        const restored = {
          key: row?.key ?? newKey(), orig: item.orig, draft: adoptDraft(item.draft || {}, item.orig), errors: {}, deleted: Boolean(item.deleted),
        };
        if (row) replaced.set(row.key, restored);
        else added.push(restored);
      } else {
        added.push({ key: newKey(), orig: null, draft: { ...defaults(), ...adoptDraft(item.draft || {}, null) }, errors: {}, deleted: false });
      }
    }
    setRows((all) => [...all.map((r) => replaced.get(r.key) || r), ...added]);
    relayout();
    const count = kept.rows.length;
    const moved = outdated ? ` ${outdated} of them changed since; saving merges those changes, or asks where both changed a field.` : '';
    setNotice({ kind: 'ok', text: `Restored ${count} unsaved ${count === 1 ? entity : plural}.${moved}` });
  }

  /** Forgets the rows kept from an earlier visit. */
  function dropDrafts() {
    setOffer(null);
    if (cfg.current.draftKey) writeDrafts(cfg.current.draftKey, []);
  }

  // A failed save marks each failing row's fields; a conflict opens the dialog, naming each
  // record as the table shows it (`describe`: the fabric beside a zone's name tells two zones of
  // one name apart).
  async function showSaveError(error, changed, items) {
    const fieldConflicts = fieldConflictsOf(error);
    if (fieldConflicts) {
      await showFieldConflicts(error, fieldConflicts, changed);
      return;
    }
    const { entity, describe } = cfg.current;
    const failures = failedItemsOf(error, entity);
    const sent = changed.map((r, i) => ({ key: r.key, item: items[i], orig: r.orig }));
    let current = null;
    if (needsCurrentRecords(sent, failures)) {
      try {
        current = new Map((await cfg.current.load()).map((record) => [record.id, record]));
      } catch {
        // Matched by name and order alone.
      }
    }
    const keys = matchFailures(sent, failures, current);
    const byKey = new Map(changed.map((r) => [r.key, r]));
    const labelOfKey = (key, fallback) => {
      const row = byKey.get(key);
      return row && describe ? describe((field) => value(row, field)) : fallback;
    };
    const errorsByKey = new Map();
    const unmatched = [];
    const conflicts = [];
    failures.forEach((item, i) => {
      const key = keys[i];
      if (key) errorsByKey.set(key, { ...(errorsByKey.get(key) || {}), ...item.errors });
      else unmatched.push(`${item.name}: ${Object.values(item.errors).join(' ')}`);
      if (item.conflict) {
        conflicts.push({ ...item.conflict, name: labelOfKey(key, item.conflict.name), key, id: byKey.get(key)?.orig?.id, op: 'save' });
      }
    });
    setRows((all) => all.map((r) => ({ ...r, errors: errorsByKey.get(r.key) || {} })));
    const extra = unmatched.length ? ` ${unmatched.join(' ')}` : '';
    setNotice({ kind: 'error', text: `${error.message} Nothing was saved.${extra}` });
    // The dialog opens with its buttons enabled (one render with both), so its first one takes focus.
    setBusy(false);
    if (conflicts.length) {
      setConflict({ items: conflicts });
      nameDeleters(conflicts);
    }
  }

  // A merged save whose fields collided with others' changes: the dialog lists each field with
  // base, theirs and mine beside the record as it is now, whose version the picks are saved onto.
  async function showFieldConflicts(error, found, changed) {
    const { describe, keyedLists = {} } = cfg.current;
    let current;
    try {
      current = new Map((await cfg.current.load()).map((record) => [record.id, record]));
    } catch (failure) {
      setNotice({ kind: 'error', text: `${error.message} ${failure.message}` });
      setBusy(false);
      return;
    }
    const rowById = new Map(changed.filter((r) => r.orig).map((r) => [r.orig.id, r]));
    const items = [];
    for (const c of found) {
      let item = items.find((i) => i.id === c.id);
      if (!item) {
        const row = rowById.get(c.id);
        item = {
          id: c.id,
          key: row?.key ?? null,
          name: row ? (describe ? describe((field) => value(row, field)) : row.orig.name) : `#${c.id}`,
          loadedVersion: row?.orig.version ?? null,
          currentVersion: current.get(c.id)?.version ?? null,
          fields: [],
        };
        items.push(item);
      }
      item.fields.push({ ...c, pickId: pickIdOf(c, keyedLists) });
    }
    const errorsByKey = new Map(items.filter((i) => i.key).map((i) => {
      const fields = [...new Set(i.fields.map((f) => f.field))].join(', ');
      const users = [...new Set(i.fields.map((f) => f.changedBy || 'another user'))].join(', ');
      return [i.key, { _conflict: `${users} changed ${fields} too: pick theirs or mine.` }];
    }));
    setRows((all) => all.map((r) => ({ ...r, errors: errorsByKey.get(r.key) || {} })));
    setNotice({ kind: 'error', text: error.message });
    setBusy(false);
    setConflict({ kind: 'fields', items, current });
  }

  // The save answer says a record was deleted, not by whom: its history does (its newest entry
  // is the delete). The dialog opens at once and names them when the history answers.
  async function nameDeleters(conflicts) {
    const { historyUrl } = cfg.current;
    const deleted = conflicts.filter((c) => c.deleted && c.id);
    if (!historyUrl || !deleted.length) return;
    const found = new Map();
    await Promise.all(deleted.map(async (c) => {
      try {
        const answer = await api.get(`${historyUrl}${c.id}/history/`, { page_size: 1 });
        const last = answer?.results?.[0];
        if (last?.action === 'delete') found.set(c.id, { lastModifiedBy: last.by, lastModifiedAt: last.at });
      } catch {
        // The dialog keeps saying "another user".
      }
    }));
    if (!found.size) return;
    setConflict((open) => (open ? {
      ...open, items: open.items.map((c) => (c.deleted && found.has(c.id) ? { ...c, ...found.get(c.id) } : c)),
    } : open));
  }

  async function save(snapshot = rowsRef.current) {
    const { entity, plural, saveUrl, deleteUrl, projectId } = cfg.current;
    // A pasted text a cell could not take is marked on it: saving without it would lose it silently.
    // (A mark counts while its row still shows it: a reload or others' record put in place drops both.)
    const stillMarked = (r) => (r.invalid && !r.deleted ? Object.keys(r.invalid).filter((f) => r.errors[f] === r.invalid[f]) : []);
    const count = snapshot.reduce((n, r) => n + stillMarked(r).length, 0);
    if (count) {
      setNotice({
        kind: 'error',
        text: `${count} pasted value${count === 1 ? '' : 's'} could not be used (marked on ${count === 1 ? 'its cell' : 'their cells'}): `
          + 'correct or undo them first. Nothing was saved.',
      });
      return;
    }
    const changed = snapshot.filter((r) => !r.deleted && isChanged(r));
    const doomed = snapshot.filter((r) => r.deleted && r.orig);
    if (!changed.length && !doomed.length) {
      setNotice({ kind: 'ok', text: 'Nothing to save.' });
      return;
    }
    setBusy(true);
    setNotice(null);
    setRows((all) => all.map((r) => (r.kept ? { ...r, kept: null } : r)));
    let kept = new Map();
    try {
      if (changed.length) {
        const items = changed.map((r) => (r.orig ? mergeItem(r.orig, changes(r)) : changes(r)));
        let saved;
        try {
          const answer = await api.post(saveUrl, { project_id: projectId, [plural]: items });
          saved = answer?.[plural] || [];
          kept = keptChangesOf(answer);
        } catch (error) {
          await showSaveError(error, changed, items);
          return;
        }
        const byKey = new Map(changed.map((r, i) => [r.key, { record: saved[i], sent: items[i] }]));
        setRows((all) => all.map((r) => {
          const hit = byKey.get(r.key);
          if (!hit?.record) return r;
          // Keep only edits made while the save was in flight (a field typed back to what it was
          // is no edit: the merged record may hold someone else's value there now).
          const draft = Object.fromEntries(Object.entries(r.draft)
            .filter(([f, v]) => (f in hit.sent ? !same(v, hit.sent[f]) : !same(v, r.orig?.[f]))));
          // A merged save: the row shows the merged record and which of others' changes it kept.
          return { ...r, orig: hit.record, draft, errors: {}, invalid: undefined, kept: kept.get(hit.record.id) || null };
        }));
        relayout();
        if (saved.length !== changed.length) await reload();
      }
      let deleted = 0;
      for (const row of doomed) {
        try {
          await api.del(`${deleteUrl}${row.orig.id}/`, { version: row.orig.version });
          deleted += 1;
          setRows((all) => all.filter((r) => r.key !== row.key));
        } catch (error) {
          const conflicts = conflictsOf(error, entity);
          if (conflicts) {
            const { describe } = cfg.current;
            const name = describe ? describe((field) => value(row, field)) : conflicts[0].name || row.orig.name;
            setConflict({ items: [{ ...conflicts[0], name, key: row.key, id: row.orig.id, op: 'delete' }] });
          }
          setRows((all) => all.map((r) => (r.key === row.key ? { ...r, errors: { _row: error.message } } : r)));
          setNotice({ kind: 'error', text: `Could not delete ${row.orig.name}: ${error.message}` });
          return;
        }
      }
      const parts = [];
      if (changed.length) parts.push(`saved ${changed.length} ${changed.length === 1 ? entity : plural}`);
      if (deleted) parts.push(`deleted ${deleted}`);
      if (kept.size) parts.push(`merged with others' changes to ${kept.size === 1 ? `1 ${entity}` : `${kept.size} ${plural}`} (kept, see the row${kept.size === 1 ? '' : 's'})`);
      const text = parts.join(', ');
      setNotice({ kind: 'ok', text: `${text.charAt(0).toUpperCase()}${text.slice(1)}.` });
    } finally {
      setBusy(false);
    }
  }

  // The rows once a conflict is answered, on `fresh` (the records as they are now, by id):
  // `answer(row, current)` gives what a conflicting row becomes (undefined: not one of them).
  // Other edited rows keep their edits (their next save merges them), untouched rows show the
  // current record, rows of records deleted meanwhile go, and records new to the page are added.
  function rowsOnto(fresh, answer) {
    const seen = new Set();
    const next = [];
    for (const r of rowsRef.current) {
      if (!r.orig) {
        next.push(r);
        continue;
      }
      const current = fresh.get(r.orig.id);
      if (current) seen.add(current.id);
      const answered = answer(r, current);
      if (answered) {
        next.push(...answered);
      } else if (!current) {
        // Removed by someone else; nothing of ours to keep unless it was edited.
        if (isChanged(r) && !r.deleted) next.push(r);
      } else if (r.deleted || isChanged(r)) {
        next.push(current.version === r.orig.version ? { ...r, orig: current } : r);
      } else {
        next.push({ ...r, orig: current, draft: {}, errors: {}, invalid: undefined });
      }
    }
    for (const record of fresh.values()) if (!seen.has(record.id)) next.push(rowOf(record));
    return next;
  }

  /** "theirs": drop the user's edits of the conflicting rows; "mine": re-apply them onto the
   *  current records and save again with the current versions. Other rows keep their edits. */
  async function resolve(mode) {
    const { fields } = cfg.current;
    const items = conflict?.items || [];
    const keys = new Set(items.map((c) => c.key).filter(Boolean));
    // A conflict whose name matched no row: treat every edited row that moved on as conflicting.
    const unmatched = items.some((c) => !c.key);
    const deletes = new Set(items.filter((c) => c.op === 'delete').map((c) => c.key));
    setBusy(true);
    let records;
    try {
      records = await cfg.current.load();
    } catch (error) {
      setNotice({ kind: 'error', text: error.message });
      setBusy(false);
      return;
    }
    const next = rowsOnto(new Map(records.map((r) => [r.id, r])), (r, current) => {
      const moved = unmatched && current && current.version !== r.orig.version && (r.deleted || isChanged(r));
      if (!keys.has(r.key) && !moved) return undefined;
      if (mode === 'theirs') return current ? [{ key: r.key, orig: current, draft: {}, errors: {}, deleted: false }] : [];
      if (current) return [{ key: r.key, orig: current, draft: changes(r), errors: {}, deleted: r.deleted }];
      if (deletes.has(r.key)) return [];
      // Deleted meanwhile: keeping mine means creating it again.
      const base = Object.fromEntries(fields.map((f) => [f, r.orig[f]]));
      return [{ key: r.key, orig: null, draft: { ...base, ...r.draft }, errors: {}, deleted: false }];
    });
    setRows(next);
    relayout();
    setConflict(null);
    setBusy(false);
    if (mode === 'mine') {
      await save(next);
    } else {
      setNotice({ kind: 'ok', text: 'Loaded the current version; your edits to it were discarded.' });
    }
  }

  /** The field dialog's answer, {"<id>|<field or field:item>": 'theirs' | 'mine'}: each conflicting
   *  row becomes the record as it is now with the user's changes merged onto it by those picks,
   *  and the table saves again (nothing to save when theirs won everywhere). */
  async function applyPicks(picks) {
    const { items, current } = conflict;
    const { keyedLists = {} } = cfg.current;
    const byKey = new Map(items.filter((i) => i.key).map((i) => [i.key, i]));
    const next = rowsOnto(current, (r, now) => {
      const item = byKey.get(r.key);
      if (!item) return undefined;
      // Deleted since the dialog opened: the save names who.
      if (!now) return [r];
      const pickOf = (field, itemKey) => picks[`${item.id}|${itemKey === undefined ? field : `${field}:${itemKey}`}`];
      const draft = mergeOnto({ base: r.orig, current: now, mine: changes(r), keyedLists, pickOf });
      return [{ ...r, orig: now, draft, errors: {}, invalid: undefined, deleted: false }];
    });
    setRows(next);
    relayout();
    setConflict(null);
    if (next.some(isUnsaved)) await save(next);
    else setNotice({ kind: 'ok', text: 'Kept their values; nothing of yours was left to save.' });
  }

  /** Rows changed from elsewhere (live updates, components/live-table.js): rows replaced keep
   *  their place; the order is worked out again only when rows came or went. */
  function replaceRows(update) {
    const before = rowsRef.current;
    setRows(update);
    const after = rowsRef.current;
    if (after.length !== before.length || after.some((r, i) => r.key !== before[i].key)) relayout();
  }

  return {
    rows, layout, status, busy, notice, conflict, dirtyCount, offer, replaceRows,
    value, changes, isChanged, isUnsaved, setField, editRows, undoEdits, addRow, toggleDelete, restoreRow, revertRow, discard, save, reload,
    restoreDrafts, dropDrafts, setNotice,
    reloadTheirs: () => resolve('theirs'),
    keepMine: () => resolve('mine'),
    applyPicks,
    /** The row's edits put onto `record` (a newer version), mine winning where both changed a
     *  field; lists that merge per item (a zone's members) keep their other changes. */
    mineOnto: (row, record) => mergeOnto({
      base: row.orig, current: record, mine: changes(row), keyedLists: cfg.current.keyedLists || {}, pickOf: () => 'mine',
    }),
    cancelConflict: () => setConflict(null),
  };
}
