// Unsaved rows of a bulk-edited table kept in this browser's localStorage, one entry per user,
// project and table, so that edits outlive a navigation, a project switch, a reload or an ended
// sign-in, and are offered back when the table opens again.

const PREFIX = 'sanplane.unsaved.v1';

/** The storage key of one user's unsaved rows of one project's table ("zones", "aliases"). */
export const draftKey = (userId, projectId, plural) => `${PREFIX}:${userId}:${projectId}:${plural}`;

/**
 * The rows kept under `key`: {savedAt, rows: [{orig, draft, deleted}]} (orig null for a row not
 * yet created), or null when there are none or they cannot be read.
 */
export function readDrafts(key) {
  try {
    const kept = JSON.parse(window.localStorage.getItem(key) || 'null');
    return kept && Array.isArray(kept.rows) && kept.rows.length ? kept : null;
  } catch {
    return null;
  }
}

/** Keeps `rows` under `key`, or forgets the entry when there are none. False when storage refused. */
export function writeDrafts(key, rows) {
  try {
    if (!rows.length) window.localStorage.removeItem(key);
    else window.localStorage.setItem(key, JSON.stringify({ savedAt: new Date().toISOString(), rows }));
    return true;
  } catch {
    return false;
  }
}
