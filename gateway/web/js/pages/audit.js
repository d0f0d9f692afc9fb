// The audit feed of the active customer (GET /api/audit/): every record change, sign-in, script
// generation and import, newest first, filtered by user, kind of record and dates, a page at a
// time; each change reads as in a record's History panel. "CSV" downloads every entry the filters
// match, all pages, as the gateway writes it (?format=csv).
import { useEffect, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { api } from '../api.js';
import { Loading, Notice, withCustomer } from '../components/common.js';
import { HistoryChange } from '../components/history-panel.js';
import { absoluteTime } from '../format.js';

const PAGE_SIZE = 50;
const ENTITIES = ['customer', 'project', 'fabric', 'alias', 'zone', 'storage', 'host', 'volume', 'user', 'scripts'];
const NO_FILTERS = { user: '', entity: '', since: '', until: '' };

/** The feed's query string for the filters set (blank ones left out). */
function feedQuery(customerId, filters, page, format) {
  const params = new URLSearchParams({ customer: String(customerId), page: String(page), page_size: String(PAGE_SIZE) });
  for (const [name, value] of Object.entries(filters)) if (value) params.set(name, value);
  if (format) params.set('format', format);
  return params.toString();
}

function Entry({ entry }) {
  const changes = Object.entries(entry.changes || {});
  return html`<tr data-testid="audit-entry" data-entity=${entry.entity} data-id=${entry.id} data-action=${entry.action}>
    <td><time datetime=${entry.at} data-testid="audit-at">${absoluteTime(entry.at)}</time></td>
    <td data-testid="audit-by">${entry.by || html`<span class="muted">—</span>`}</td>
    <td data-testid="audit-record">${entry.entity} #${entry.id}</td>
    <td data-testid="audit-action">${entry.action}${entry.from_version !== null && entry.from_version !== undefined ? ` of v${entry.from_version}` : ''}</td>
    <td class="num">${entry.version}</td>
    <td>${changes.length > 0 && html`<ul class="history-changes">
      ${changes.map(([field, [before, after]]) => html`<${HistoryChange} key=${field} field=${field} before=${before} after=${after} />`)}
    </ul>`}</td>
  </tr>`;
}

export const AuditPage = withCustomer(function Audit({ customer }) {
  const [draft, setDraft] = useState(NO_FILTERS);
  const [filters, setFilters] = useState(NO_FILTERS);
  const [page, setPage] = useState(1);
  const [feed, setFeed] = useState(null);
  const [failure, setFailure] = useState(null);

  useEffect(() => {
    let current = true;
    setFeed(null);
    setFailure(null);
    api.get(`/api/audit/?${feedQuery(customer.id, filters, page)}`)
      .then((answer) => { if (current) setFeed(answer); })
      .catch((error) => { if (current) setFailure({ kind: 'error', text: error.message }); });
    return () => { current = false; };
  }, [customer.id, JSON.stringify(filters), page]);

  const apply = (event) => {
    event.preventDefault();
    setPage(1);
    setFilters({ ...draft });
  };
  const field = (name) => (event) => setDraft({ ...draft, [name]: event.target.value });

  return html`<section class="card" data-testid="audit-page">
    <h1>Audit · <span class="muted">${customer.name}</span></h1>
    <p class="muted small">Every change to ${customer.name}'s records, its members' sign-ins, script generations and imports, newest first.</p>
    <form class="toolbar" onSubmit=${apply} data-testid="audit-filters">
      <label>User <input data-testid="audit-user" value=${draft.user} onInput=${field('user')} placeholder="username" /></label>
      <label>Kind <select data-testid="audit-entity" value=${draft.entity} onChange=${field('entity')}>
        <option value="">all</option>
        ${ENTITIES.map((entity) => html`<option value=${entity}>${entity}</option>`)}
      </select></label>
      <label>Since <input type="date" data-testid="audit-since" value=${draft.since} onInput=${field('since')} /></label>
      <label>Until <input type="date" data-testid="audit-until" value=${draft.until} onInput=${field('until')} /></label>
      <button type="submit" data-testid="audit-apply">Show</button>
      <a class="button" data-testid="audit-csv" href=${`/api/audit/?${feedQuery(customer.id, filters, page, 'csv')}`}
        download=${`audit-${customer.name}.csv`}>CSV</a>
    </form>
    <${Notice} notice=${failure} />
    ${!feed && !failure && html`<${Loading} what="the audit feed" />`}
    ${feed && html`
      <p class="muted small" data-testid="audit-count">${feed.count} ${feed.count === 1 ? 'entry' : 'entries'}</p>
      ${feed.results.length === 0 ? html`<p class="empty" data-testid="audit-empty">Nothing matches.</p>` : html`
        <table class="data-table">
          <thead><tr><th>When</th><th>Who</th><th>Record</th><th>Action</th><th class="num">Ver.</th><th>Changes</th></tr></thead>
          <tbody>${feed.results.map((entry, i) => html`<${Entry} key=${i} entry=${entry} />`)}</tbody>
        </table>`}
      <div class="toolbar">
        <button type="button" data-testid="audit-newer" disabled=${!feed.has_previous} onClick=${() => setPage(page - 1)}>Newer</button>
        <span class="muted small">page ${feed.current_page} of ${feed.num_pages}</span>
        <button type="button" data-testid="audit-older" disabled=${!feed.has_next} onClick=${() => setPage(page + 1)}>Older…</button>
      </div>`}
  </section>`;
});
