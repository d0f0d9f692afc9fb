// The history of one versioned record, newest first, in a side panel: each entry's version,
// action, who and when, and every changed field as old → new (lists as the items added and
// removed); "Older…" reads the next page. Restore from an entry writes that version back as the
// record's next version (POST …/{id}/restore/ with the version the caller loaded); a stale version
// answers 409 and shows the same message as a stale save. A record only imports write (a host,
// a volume) shows its history without Restore.
import { useEffect, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { api } from '../api.js';
import { absoluteTime } from '../format.js';
import { Notice } from './common.js';

const PAGE_SIZE = 20;

const itemKey = (item) => JSON.stringify(item);

/** A value of a field that is not a list, as text. */
function plain(value) {
  if (value === null || value === undefined) return '∅';
  if (value === '') return '""';
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

/** The items of `after` not in `before`, and of `before` not in `after`. */
export function listDiff(before, after) {
  const was = new Set((before || []).map(itemKey));
  const is = new Set((after || []).map(itemKey));
  return {
    added: (after || []).filter((item) => !was.has(itemKey(item))),
    removed: (before || []).filter((item) => !is.has(itemKey(item))),
  };
}

export function HistoryChange({ field, before, after, describeItem }) {
  if (Array.isArray(before) || Array.isArray(after)) {
    const { added, removed } = listDiff(before, after);
    const name = (item) => (describeItem ? describeItem(field, item) : plain(item));
    return html`<li data-testid="history-change" data-field=${field}>
      <span class="history-field">${field}</span>:
      ${added.map((item) => html` <span class="history-added" data-testid="history-added">+ ${name(item)}</span>`)}
      ${removed.map((item) => html` <span class="history-removed" data-testid="history-removed">− ${name(item)}</span>`)}
      ${!added.length && !removed.length && html` <span class="muted">reordered</span>`}
    </li>`;
  }
  return html`<li data-testid="history-change" data-field=${field}>
    <span class="history-field">${field}</span>:
    <span data-testid="history-old">${plain(before)}</span> → <span data-testid="history-new">${plain(after)}</span>
  </li>`;
}

/**
 * entity ("zone"), name (the record's name, for the confirmation), url (where `history/` and
 * `restore/` of the record answer, e.g. /api/san/zones/7/), version (the record's version as
 * loaded, sent with a restore), canRestore (false: read-only, no Restore), restoreBlockedBy (why
 * restoring is not offered now),
 * describeItem(field, item)? (a list item as text, e.g. a zone member by its alias's name),
 * onRestored(answer), onClose().
 */
export function HistoryPanel({ entity, name, url, version, canRestore = true, restoreBlockedBy = '', describeItem, onRestored, onClose }) {
  const [entries, setEntries] = useState([]);
  const [page, setPage] = useState(1);
  const [hasNext, setHasNext] = useState(false);
  const [loading, setLoading] = useState(true);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState(null);
  const [reloads, setReloads] = useState(0);
  // The record's version when the panel opened (or restored last): restores are sent with it. The
  // table behind may meanwhile show a newer version (live updates); restoring from entries read
  // before it is refused rather than overwriting a change the panel does not list.
  const [seen, setSeen] = useState(version);

  useEffect(() => {
    let current = true;
    setLoading(true);
    api.get(`${url}history/`, { page, page_size: PAGE_SIZE })
      .then((answer) => {
        if (!current) return;
        setEntries((shown) => (page === 1 ? answer.results : [...shown, ...answer.results]));
        setHasNext(Boolean(answer.has_next));
      })
      .catch((error) => { if (current) setNotice({ kind: 'error', text: error.message }); })
      .finally(() => { if (current) setLoading(false); });
    return () => { current = false; };
  }, [url, page, reloads]);

  useEffect(() => {
    const onKey = (event) => { if (event.key === 'Escape' && !busy) onClose(); };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [busy]);

  async function restore(entry) {
    if (!window.confirm(`Restore ${entity} ${name} to version ${entry.version}? This saves a new version.`)) return;
    setBusy(true);
    setNotice(null);
    try {
      const answer = await api.post(`${url}restore/`, { to_version: entry.version, version: seen });
      setSeen(answer.version);
      setNotice({ kind: 'ok', text: `Restored version ${entry.version} as version ${answer.version}.` });
      onRestored?.(answer);
      setPage(1);
      setReloads((n) => n + 1);
    } catch (error) {
      setNotice({ kind: 'error', text: error.status === 409 ? `${error.message} Nothing was restored.` : error.message });
    } finally {
      setBusy(false);
    }
  }

  return html`<aside class="side-panel" role="dialog" aria-label=${`History of ${entity} ${name}`} data-testid="history-panel">
    <header class="side-panel-head">
      <h2>History <span class="muted">· ${entity} ${name}</span></h2>
      <button type="button" class="icon" data-testid="history-close" aria-label="Close the history" onClick=${onClose}>✕</button>
    </header>
    <${Notice} notice=${notice} />
    <ol class="history">
      ${entries.map((entry) => html`<li class="history-entry" data-testid="history-entry" data-version=${entry.version}
          data-action=${entry.action}>
        <div class="history-meta">
          <strong data-testid="history-version">v${entry.version}</strong>
          ${' '}<span class="history-action" data-testid="history-action">${entry.action}</span>
          ${entry.from_version !== null && entry.from_version !== undefined
            && html` <span class="muted" data-testid="history-from">of v${entry.from_version}</span>`}
          ${' '}by <strong data-testid="history-by">${entry.by || '?'}</strong>
          ${' '}<time class="muted small" datetime=${entry.at} data-testid="history-at">${absoluteTime(entry.at)}</time>
          ${canRestore && entry.action !== 'delete' && html`<button type="button" class="link history-restore" data-testid="history-restore"
            disabled=${busy || Boolean(restoreBlockedBy) || entry.version === seen}
            title=${restoreBlockedBy || (entry.version === seen ? 'This is the current version' : `Restore version ${entry.version}`)}
            onClick=${() => restore(entry)}>Restore</button>`}
        </div>
        <ul class="history-changes">
          ${Object.entries(entry.changes || {}).map(([field, [before, after]]) => html`<${HistoryChange} key=${field}
            field=${field} before=${before} after=${after} describeItem=${describeItem} />`)}
        </ul>
      </li>`)}
    </ol>
    ${loading ? html`<p class="muted" data-testid="loading">Loading history…</p>`
      : !entries.length ? html`<p class="empty">No history.</p>` : null}
    ${hasNext && !loading && html`<button type="button" data-testid="history-older" onClick=${() => setPage((p) => p + 1)}>Older…</button>`}
  </aside>`;
}
