// Shared building blocks: the session context, polling and list-reading hooks, notices, audit
// cells and a read-only table.
import { createContext } from 'preact';
import { useContext, useEffect, useRef, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { fetchAll } from '../api.js';
import { absoluteTime, changedByOtherRecently, timeAgo } from '../format.js';

/**
 * {user, customer, project, changeContext, refreshContext} of the signed-in user; customer/project
 * are {id,name} or null. changeContext(customerId, projectId) sets the active context;
 * refreshContext() re-reads it and the top bar's customer and project lists.
 */
export const Session = createContext({
  user: null, customer: null, project: null, changeContext: async () => {}, refreshContext: async () => {},
});
export const useSession = () => useContext(Session);

/** Calls fn now and then every `ms` milliseconds while mounted (and when deps change). */
export function usePolling(fn, ms, deps = []) {
  const latest = useRef(fn);
  latest.current = fn;
  useEffect(() => {
    latest.current();
    const timer = setInterval(() => latest.current(), ms);
    return () => clearInterval(timer);
  }, [ms, ...deps]);
}

/** The current time, refreshed every `ms` (keeps "2 minutes ago" labels current). */
export function useNow(ms = 15000) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(timer);
  }, [ms]);
  return now;
}

/**
 * Every record of a list endpoint, read again when the path or query changes:
 * {records: null while loading, then an array ([] after a failure), failure: a notice or null}.
 * A null path reads nothing.
 */
export function useRecords(path, query = {}) {
  const [state, setState] = useState({ records: null, failure: null });
  const key = `${path}?${JSON.stringify(query)}`;
  useEffect(() => {
    if (!path) return undefined;
    let current = true;
    setState({ records: null, failure: null });
    fetchAll(path, query)
      .then((records) => { if (current) setState({ records, failure: null }); })
      .catch((error) => { if (current) setState({ records: [], failure: { kind: 'error', text: error.message } }); });
    return () => { current = false; };
  }, [key]);
  return state;
}

export function Notice({ notice }) {
  if (!notice) return null;
  const error = notice.kind === 'error';
  return html`<div class=${`notice ${error ? 'notice-error' : 'notice-ok'}`}
    data-testid=${error ? 'page-error' : 'page-message'} role=${error ? 'alert' : 'status'}>${notice.text}</div>`;
}

export function Loading({ what }) {
  return html`<p class="muted" data-testid="loading">Loading ${what}…</p>`;
}

function NeedsContext({ what }) {
  return html`<div class="empty" data-testid="no-context">
    <p>Choose a ${what} in the top bar to see this page.</p>
  </div>`;
}

/** A page of the active customer: asks for one first; the page gets {customer} besides its props. */
export function withCustomer(Page) {
  return function CustomerPage(props) {
    const { customer } = useSession();
    if (!customer) return html`<${NeedsContext} what="customer" />`;
    return html`<${Page} key=${customer.id} ...${props} customer=${customer} />`;
  };
}

/** A page of the active project: asks for a customer and project first; gets {customer, project}. */
export function withProject(Page) {
  return function ProjectPage(props) {
    const { customer, project } = useSession();
    if (!customer || !project) return html`<${NeedsContext} what="customer and project" />`;
    return html`<${Page} key=${project.id} ...${props} customer=${customer} project=${project} />`;
  };
}

export function When({ value, now }) {
  if (!value) return html`<span class="muted">—</span>`;
  return html`<time datetime=${value} title=${absoluteTime(value)}>${timeAgo(value, now)}</time>`;
}

/** The version, last-modified-by and last-modified-at cells of a versioned record. */
export function AuditCells({ record, me, now }) {
  const recent = changedByOtherRecently(record, me, now);
  return html`
    <td class="num" data-testid="version">${record ? record.version : ''}</td>
    <td data-testid="modified-by">
      ${record?.last_modified_by || html`<span class="muted">—</span>`}
      ${recent && html` <span class="recent-badge" data-testid="recent-change"
        title=${`Changed by ${record.last_modified_by} ${timeAgo(record.last_modified_at, now)}`}>recent</span>`}
    </td>
    <td data-testid="modified-at" class="nowrap"><${When} value=${record?.last_modified_at} now=${now} /></td>`;
}

export const AUDIT_HEADERS = html`<th class="num" title="Version">Ver.</th><th>Modified by</th><th>Modified</th>`;

/**
 * A read-only table of versioned records.
 * columns: [{key, label, render?(record), className?}]; onOpen(record) makes rows clickable.
 */
export function DataTable({ columns, records, testid, rowTestid, onOpen, empty = 'Nothing here yet.' }) {
  const { user } = useSession();
  const now = useNow();
  if (!records.length) return html`<p class="empty" data-testid=${`${testid}-empty`}>${empty}</p>`;
  return html`<div class="table-wrap"><table class="grid" data-testid=${testid}>
    <thead><tr>${columns.map((c) => html`<th class=${(c.className || '').includes('num') ? 'num' : ''}>${c.label}</th>`)}${AUDIT_HEADERS}</tr></thead>
    <tbody>
      ${records.map((record) => {
        const recent = changedByOtherRecently(record, user?.username, now);
        return html`<tr key=${record.id} data-testid=${rowTestid} data-id=${record.id}
            class=${`${onOpen ? 'clickable' : ''} ${recent ? 'recent' : ''}`}
            onClick=${onOpen ? () => onOpen(record) : undefined}>
          ${columns.map((c, i) => html`<td class=${c.className || ''}>${
            i === 0 && onOpen
              ? html`<a href="#" onClick=${(e) => { e.preventDefault(); e.stopPropagation(); onOpen(record); }}
                  data-testid="open">${c.render ? c.render(record) : record[c.key]}</a>`
              : (c.render ? c.render(record) : record[c.key])
          }</td>`)}
          <${AuditCells} record=${record} me=${user?.username} now=${now} />
        </tr>`;
      })}
    </tbody>
  </table></div>`;
}
