// How live events meet what the UI shows (pure, so it is unit-tested without a browser): the
// active users after a `presence` event, and records others saved meeting the rows of a
// bulk-edited table (the browser's part is in components/live-table.js). A row without unsaved
// edits takes the newer record in place; a row with unsaved edits keeps them and its loaded
// version, and is marked instead (who saved which version, or deleted it) for the user to review.
// Records new to the table appear, records deleted disappear, unless edited here.

let counter = 0;
const liveKey = () => `live-${++counter}`;

/** True when the row holds something not saved: a new row, changed fields, or a delete to send. */
export const isUnsavedRow = (row, isChanged) => Boolean((row.deleted && row.orig) || isChanged(row));

/**
 * rows: the editor's rows ({key, orig, draft, errors, deleted}); updates: [{id, record (null: deleted),
 * by?, at?}], newest state of each record; complete: the updates are every record of the table
 * (a full reload), so a saved row missing from them was deleted. isChanged(row) as the editor
 * says; belongs(record): whether a record new to the table is shown in it (e.g. of its project).
 * Returns {rows, marks: Map(row key -> {version, by, at, record, deleted}), added, removed}; rows is
 * the same array when nothing changed.
 */
export function mergeRemote(rows, updates, { complete = false, isChanged, belongs = () => true }) {
  const byId = new Map(updates.map((u) => [u.id, u]));
  const marks = new Map();
  const seen = new Set();
  let added = 0;
  let removed = 0;
  let changed = false;
  const next = [];
  for (const row of rows) {
    if (!row.orig) {
      next.push(row);
      continue;
    }
    const update = byId.get(row.orig.id);
    seen.add(row.orig.id);
    const gone = update ? !update.record : complete;
    if (!update && !gone) {
      next.push(row);
      continue;
    }
    const unsaved = isUnsavedRow(row, isChanged);
    if (gone) {
      if (unsaved) {
        marks.set(row.key, { deleted: true, record: null, version: null, by: update?.by ?? null, at: update?.at ?? null });
        next.push(row);
      } else {
        removed += 1;
        changed = true;
      }
      continue;
    }
    const { record } = update;
    if (record.version <= row.orig.version) {
      next.push(row);
    } else if (unsaved) {
      marks.set(row.key, {
        deleted: false, record, version: record.version,
        by: update.by ?? record.last_modified_by ?? null, at: record.last_modified_at ?? update.at ?? null,
      });
      next.push(row);
    } else {
      next.push({ ...row, orig: record, draft: {}, errors: {} });
      changed = true;
    }
  }
  for (const update of updates) {
    if (seen.has(update.id) || !update.record || !belongs(update.record)) continue;
    next.push({ key: liveKey(), orig: update.record, draft: {}, errors: {}, deleted: false });
    added += 1;
    changed = true;
  }
  return { rows: changed ? next : rows, marks, added, removed };
}

/**
 * A mark still stands while its row exists, holds unsaved edits, and is older than what the mark
 * saw; returns 'keep', 'drop' (no longer true) or 'apply' (the edits are gone: take theirs now).
 */
export function markState(row, mark, isChanged) {
  if (!row) return 'drop';
  if (!mark.deleted && row.orig && row.orig.version >= mark.version) return 'drop';
  if (!row.orig) return 'drop';
  return isUnsavedRow(row, isChanged) ? 'keep' : 'apply';
}

/** What a row's mark says: "bob saved a newer version" / "bob deleted this zone". */
export function markText(mark, entity) {
  const who = mark.by || 'Someone';
  return mark.deleted ? `${who} deleted this ${entity}` : `${who} saved a newer version`;
}

/**
 * Coalesces change events into the newest per record: Map(id -> event). Only events of `entity`
 * that concern the table (its project, or a record it shows) are kept.
 */
export function collectChange(pending, event, { entity, projectId, shown }) {
  if (event.entity !== entity) return false;
  const inProject = projectId === undefined || (event.projects || []).includes(projectId) || event.project === projectId;
  if (!inProject && !shown(event.id)) return false;
  // Events of one record come in commit order: the last one is its newest state.
  pending.set(event.id, event);
  return true;
}

/** The active users after a `presence` event: a join or a move puts the user where they are now
 *  (in place when listed), a leave takes them out. */
export function applyPresence(list, { action, user, active_customer: customer, active_project: project }) {
  if (!user) return list;
  const at = list.findIndex((u) => u.user?.id === user.id);
  if (action === 'leave') return at < 0 ? list : list.filter((_, i) => i !== at);
  const entry = {
    ...(at < 0 ? {} : list[at]), user, active_customer: customer ?? null, active_project: project ?? null, last_activity: new Date().toISOString(),
  };
  return at < 0 ? [...list, entry] : list.map((u, i) => (i === at ? entry : u));
}
