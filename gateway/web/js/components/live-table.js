// Live updates of a bulk-edited table (aliases, zones): others' commits reach its rows without a
// reload and without touching what the user has not saved. Change events are gathered for a
// moment, then the records they name are read back (the table's list, newest changes first: one
// small page; the whole list only when that page does not hold them all, or after a `reset`) and
// merged by live-merge.js. Rows with unsaved edits are marked instead of overwritten; the mark's
// *review* opens the conflict dialog (theirs: take their record; mine: put the edits onto it, a
// zone's members item by item, and save). The rules for which row takes what are in live-merge.js.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { api, fetchAll } from '../api.js';
import { liveState, useLive } from '../live.js';
import { collectChange, markState, markText, mergeRemote } from '../live-merge.js';
import { ConflictDialog } from './conflict-dialog.js';

// How long change events are gathered before the records are read (a bulk save sends many).
const SETTLE_MS = 150;
const RETRY_MS = 5000;
const RECENT_PAGE = 20;

const resultsOf = (answer) => (Array.isArray(answer) ? answer : answer?.results || []);

/**
 * editor: the table's useBatchEditor; entity ("zone"), projectId, listUrl (the project's list,
 * which answers ?ordering=-last_modified_at), fields (the editable fields).
 * Returns {markOf(row) -> mark or null, review(key), dialog (the review dialog or null)}.
 */
export function useLiveTable({ editor, entity, projectId, listUrl, fields, describe }) {
  const [marks, setMarks] = useState(() => new Map());
  const [reviewKey, setReviewKey] = useState(null);
  const editorRef = useRef(editor);
  editorRef.current = editor;
  const pending = useRef(new Map());
  const full = useRef(false);
  const catchUp = useRef(false);
  const timer = useRef(null);
  const running = useRef(false);
  // The stream was not yet live when the table started loading: what was committed in between is
  // read once it is.
  const awaitingReady = useRef(liveState() !== 'ready');

  const hasWork = () => pending.current.size > 0 || full.current || catchUp.current;
  const schedule = (ms = SETTLE_MS) => {
    clearTimeout(timer.current);
    timer.current = setTimeout(flush, ms);
  };
  useEffect(() => () => clearTimeout(timer.current), []);

  function apply(updates, complete) {
    if (!updates.length && !complete) return;
    const ed = editorRef.current;
    let result = null;
    ed.replaceRows((rows) => {
      result = mergeRemote(rows, updates, {
        complete, isChanged: ed.isChanged, belongs: (record) => !record.projects || record.projects.includes(projectId),
      });
      return result.rows;
    });
    if (result?.marks.size) setMarks((before) => new Map([...before, ...result.marks]));
  }

  async function readChanged() {
    const events = [...pending.current.values()];
    pending.current.clear();
    const wantRecent = catchUp.current;
    catchUp.current = false;
    const byId = new Map(editorRef.current.rows.filter((r) => r.orig).map((r) => [r.orig.id, r]));
    const updates = events.filter((e) => e.action === 'delete').map((e) => ({ id: e.id, record: null, by: e.by, at: e.at }));
    // A version the row already has (its own save, answered first) needs no reading.
    const wanted = events.filter((e) => e.action !== 'delete' && !(byId.get(e.id)?.orig.version >= e.version));
    if (wanted.length || wantRecent) {
      const recent = resultsOf(await api.get(listUrl, { ordering: '-last_modified_at', page_size: Math.max(RECENT_PAGE, wanted.length + 10) }));
      const found = new Map(recent.map((r) => [r.id, r]));
      if (wanted.some((e) => !(found.get(e.id)?.version >= e.version))) {
        // Changed again since, or more changed at once than the page holds: read them all.
        full.current = true;
        return;
      }
      for (const e of wanted) updates.push({ id: e.id, record: found.get(e.id), by: e.by, at: e.at });
      if (wantRecent) {
        const listed = new Set(updates.map((u) => u.id));
        for (const r of recent) if (!listed.has(r.id)) updates.push({ id: r.id, record: r });
      }
    }
    apply(updates, false);
  }

  async function flush() {
    const ed = editorRef.current;
    // While a save is under way its answer comes first: the user's own changes then read as known.
    if (running.current || ed.busy || ed.status !== 'ready' || !hasWork()) return;
    running.current = true;
    try {
      if (!full.current) await readChanged();
      if (full.current) {
        full.current = false;
        pending.current.clear();
        catchUp.current = false;
        const records = await fetchAll(listUrl);
        apply(records.map((r) => ({ id: r.id, record: r })), true);
      }
    } catch {
      // The list could not be read now: read it all when it can.
      full.current = true;
      running.current = false;
      schedule(RETRY_MS);
      return;
    }
    running.current = false;
    if (hasWork()) schedule();
  }

  useLive('change', (event) => {
    const shown = (id) => editorRef.current.rows.some((r) => r.orig?.id === id);
    if (collectChange(pending.current, event, { entity, projectId, shown })) schedule();
  });
  useLive('reset', () => {
    full.current = true;
    schedule();
  });
  useLive('ready', () => {
    if (!awaitingReady.current) return;
    awaitingReady.current = false;
    catchUp.current = true;
    schedule();
  });
  // Work held back while the table loaded or saved.
  useEffect(() => {
    if (!editor.busy && editor.status === 'ready' && hasWork()) schedule();
  }, [editor.busy, editor.status]);

  // A mark lasts while its row holds unsaved edits older than their record; edits undone take
  // their record at once.
  useEffect(() => {
    if (!marks.size) return;
    const byKey = new Map(editor.rows.map((r) => [r.key, r]));
    const next = new Map();
    const take = new Map();
    for (const [key, mark] of marks) {
      const state = markState(byKey.get(key), mark, editor.isChanged);
      if (state === 'keep') next.set(key, mark);
      else if (state === 'apply') take.set(key, mark);
    }
    if (take.size) {
      editor.replaceRows((rows) => rows.flatMap((r) => {
        const mark = take.get(r.key);
        if (!mark) return [r];
        return mark.deleted ? [] : [{ ...r, orig: mark.record, draft: {}, errors: {}, deleted: false }];
      }));
    }
    if (next.size !== marks.size) setMarks(next);
    if (reviewKey && !next.has(reviewKey)) setReviewKey(null);
  }, [editor.rows, marks]);

  function resolve(mode) {
    const ed = editorRef.current;
    const mark = marks.get(reviewKey);
    const row = ed.rows.find((r) => r.key === reviewKey);
    setReviewKey(null);
    if (!mark || !row) return;
    setMarks((before) => {
      const next = new Map(before);
      next.delete(row.key);
      return next;
    });
    if (mode === 'theirs') {
      ed.replaceRows((rows) => rows.flatMap((r) => {
        if (r.key !== row.key) return [r];
        return mark.deleted ? [] : [{ ...r, orig: mark.record, draft: {}, errors: {}, deleted: false }];
      }));
      ed.setNotice({ kind: 'ok', text: mark.deleted ? `Removed the deleted ${entity}; your edits to it were discarded.`
        : `Loaded version ${mark.version}; your edits to it were discarded.` });
      return;
    }
    let mine;
    if (mark.deleted) {
      // Deleted meanwhile: keeping mine creates it again.
      mine = { key: row.key, orig: null, draft: { ...Object.fromEntries(fields.map((f) => [f, row.orig[f]])), ...row.draft }, errors: {}, deleted: false };
    } else {
      // Mine wins where both changed a field; their other changes (a member they added) stay.
      mine = { ...row, orig: mark.record, draft: ed.mineOnto(row, mark.record), errors: {} };
    }
    ed.replaceRows((rows) => rows.map((r) => (r.key === row.key ? mine : r)));
    ed.save([mine]);
  }

  const reviewed = reviewKey && marks.get(reviewKey);
  const reviewedRow = reviewed && editor.rows.find((r) => r.key === reviewKey);
  const dialog = reviewedRow ? html`<${ConflictDialog} entity=${entity} busy=${editor.busy}
    conflicts=${[{
      name: describe ? describe((field) => editor.value(reviewedRow, field)) : editor.value(reviewedRow, 'name'),
      message: `You have unsaved edits of this ${entity}, made on version ${reviewedRow.orig.version}.`,
      currentVersion: reviewed.version, lastModifiedBy: reviewed.by, lastModifiedAt: reviewed.at, deleted: reviewed.deleted,
    }]}
    onReload=${() => resolve('theirs')} onKeepMine=${() => resolve('mine')} onCancel=${() => setReviewKey(null)} />` : null;

  return {
    markOf: (row) => marks.get(row.key) || null,
    markText: (mark) => markText(mark, entity),
    review: setReviewKey,
    dialog,
  };
}
