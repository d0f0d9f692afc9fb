// Unsaved rows of a table kept in this browser's localStorage, one entry per user, scope (the
// project of an aliases or zones table, the customer of a fabrics table) and table, so that edits
// outlive a navigation, a project switch, a reload or an ended sign-in, and are offered back when
// the table opens again.

const PREFIX = 'sanplane.unsaved.v1';

/** The storage key of one user's unsaved rows of one table ("zones", "fabrics") in one scope (a
 *  project's id, "customer-3", "all"). */
export const draftKey = (userId, scope, table) => `${PREFIX}:${userId}:${scope}:${table}`;

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
