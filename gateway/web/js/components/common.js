// Shared building blocks: the session context, polling and list-reading hooks, notices, audit
// cells, and the sorting and filtering of a list (record-table.js draws it).
import { createContext, h } from 'preact';
import { useContext, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { fetchAll } from '../api.js';
import { useLiveChanges } from '../live.js';
import { absoluteTime, changedByOtherRecently, timeAgo } from '../format.js';
import { indexRow, nextSort, rowFilter, sortItems } from '../table-query.js';

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
 * A null path reads nothing. `live`: the kinds of record ("fabric", …) whose changes, committed by
 * anyone, have the list read again in the background (what is shown stays until the answer).
 */
export function useRecords(path, query = {}, { live = [] } = {}) {
  const [state, setState] = useState({ records: null, failure: null });
  const [revision, setRevision] = useState(0);
  const key = `${path}?${JSON.stringify(query)}`;
  useLiveChanges(path ? live : [], () => setRevision((n) => n + 1));
  useEffect(() => {
    if (!path) return undefined;
    let current = true;
    setState({ records: null, failure: null });
    fetchAll(path, query)
      .then((records) => { if (current) setState({ records, failure: null }); })
      .catch((error) => { if (current) setState({ records: [], failure: { kind: 'error', text: error.message } }); });
    return () => { current = false; };
  }, [key]);
  useEffect(() => {
    if (!path || !revision) return undefined;
    let current = true;
    fetchAll(path, query)
      .then((records) => { if (current) setState({ records, failure: null }); })
      // The list shown stays; the next change or a reload tries again.
      .catch(() => {});
    return () => { current = false; };
  }, [revision]);
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
  if (!value) return h('span', { class: 'muted' }, '—');
  return h('time', { datetime: value, title: absoluteTime(value) }, timeAgo(value, now));
}

/** The version, last-modified-by and last-modified-at cells of a versioned record (drawn for
 *  every row of a long table that comes into view, so written with h()). */
export function AuditCells({ record, me, now }) {
  const recent = changedByOtherRecently(record, me, now);
  return [
    h('td', { class: 'num', 'data-testid': 'version' }, record ? record.version : ''),
    h('td', { 'data-testid': 'modified-by' },
      record?.last_modified_by || h('span', { class: 'muted' }, '—'),
      recent && ' ',
      recent && h('span', {
        class: 'recent-badge', 'data-testid': 'recent-change',
        title: `Changed by ${record.last_modified_by} ${timeAgo(record.last_modified_at, now)}`,
      }, 'recent')),
    h('td', { 'data-testid': 'modified-at', class: 'nowrap' }, h(When, { value: record?.last_modified_at, now })),
  ];
}

export const AUDIT_HEADERS = html`<th class="num" title="Version">Ver.</th><th>Modified by</th><th>Modified</th>`;

// A record table's cell as table-query.js reads it: sorted by its value (numbers as numbers),
// searched by what it shows (`text(record)`, else what `render` draws when that is text, else the
// value).
const textsOf = (value) => (value === null || value === undefined ? [''] : Array.isArray(value) ? value.map(String) : [String(value)]);
const queryColumn = (c) => ({
  field: c.key,
  header: c.label,
  texts: (cell) => textsOf(cell.text),
  sortKey: (cell) => (typeof cell.value === 'number' ? cell.value : textsOf(cell.text).join(' ')),
});
function cellOf(c, record) {
  const drawn = c.text ? c.text(record) : c.render ? c.render(record) : record[c.key];
  const readable = typeof drawn === 'string' || typeof drawn === 'number' || Array.isArray(drawn);
  return { value: record[c.key], text: readable ? drawn : record[c.key] };
}

/**
 * Sorting and filtering of a list of `records` (table-query.js): columns are
 * [{key, label, render?, text?}] as RecordTable takes them. Returns the records shown, in order,
 * with the global filter's state and `head`, the props of TableHead.
 */
export function useListQuery(records, columns) {
  const [sort, setSort] = useState([]);
  const [filter, setFilter] = useState('');
  const [columnFilters, setColumnFilters] = useState({});
  // Worked out again only when the records, the columns, the sort or a filter change: a table of
  // thousands of rows re-renders on every scroll step (so `columns` should be one array for as
  // long as what they read does not change).
  const queryColumns = useMemo(() => columns.map(queryColumn), [columns]);
  const indexes = useMemo(() => {
    const byKey = new Map(columns.map((c) => [c.key, c]));
    return new Map((records || []).map((record) => [record, indexRow(queryColumns, (field) => cellOf(byKey.get(field), record), {})]));
  }, [records, queryColumns]);
  const shown = useMemo(() => {
    const keep = rowFilter(queryColumns, filter, columnFilters);
    const all = records || [];
    return sortItems(keep ? all.filter((r) => keep(indexes.get(r))) : all, sort, (r) => indexes.get(r));
  }, [indexes, filter, columnFilters, sort]);
  return {
    shown, filter, setFilter,
    head: {
      columns: queryColumns, lookups: {}, sort, columnFilters,
      onSort: (field, additive) => setSort((current) => nextSort(current, field, additive)),
      onColumnFilter: (field, value) => setColumnFilters((current) => ({ ...current, [field]: value })),
    },
  };
}

/** Said under a list whose filters leave none of its rows. */
export function NoneMatch({ query, testid }) {
  return query.shown.length ? null : html`<p class="empty" data-testid=${`${testid}-none-match`}>No rows match the filters.</p>`;
}

/** The global filter of a read-only list and how many of its rows it shows. */
export function ListFilter({ query, total, testid, children }) {
  return html`<div class="toolbar">
    ${children}
    <span class="spacer"></span>
    <input type="search" class="filter" placeholder="Filter…" aria-label="Filter rows" data-testid=${`${testid}-filter`}
      value=${query.filter} onInput=${(e) => query.setFilter(e.currentTarget.value)} />
    <span class="muted small" data-testid=${`${testid}-count`}>${query.shown.length === total ? total : `${query.shown.length} of ${total}`}</span>
  </div>`;
}
