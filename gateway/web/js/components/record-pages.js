// The two pages of a kind of record (fabrics, storage systems, customers): the list, edited in
// place, and one record's form under a link back to it (creating a record, the fields too large
// for a cell, history, delete). `route` is the page's hash route
// ("fabrics"): the list is #/fabrics, a record #/fabrics/{id}, a new one #/fabrics/new.
import { html } from 'htm/preact';
import { Loading, Notice, useRecords } from './common.js';
import { RecordTable } from './record-table.js';
import { RecordForm } from './record-form.js';

/**
 * The list of records read from `path` with `query` (RecordTable: virtualized, edited in place
 * when `save` is given), each linking to its page. title may hold markup; newLabel (with
 * newTestid) adds the link to a new record's page; live: the kinds of record whose changes anyone
 * commits have the list read again (useRecords); the query is also the scope the table's unsaved
 * rows are kept under in the browser; tableTestid and the rest (table, entity, label, columns,
 * rowTestid, empty, save) go to RecordTable.
 */
export function RecordListPage({ route, testid, title, help, newLabel, newTestid, path, query, what, tableTestid, live, ...table }) {
  const { records, failure } = useRecords(path, query, { live });
  return html`<section class="page" data-testid=${testid}>
    <header class="page-head">
      <h1>${title}</h1>
      ${help && html`<p class="muted small">${help}</p>`}
    </header>
    ${newLabel && html`<div class="toolbar"><a class="button" href=${`#/${route}/new`} data-testid=${newTestid}>${newLabel}</a></div>`}
    <${Notice} notice=${failure} />
    ${records === null ? html`<${Loading} what=${what} />` : html`<${RecordTable} ...${table} testid=${tableTestid} records=${records}
      draftScope=${Object.entries(query || {}).map(([k, v]) => `${k}=${v}`).join('&') || 'all'}
      openHref=${(record) => `#/${route}/${record.id}`} />`}
  </section>`;
}

/**
 * One record's page: a link back to the list, the record form (RecordForm's props), and children
 * below it. Creating a record opens its page, deleting one returns to the list; onChanged() is
 * called after either and after a save.
 */
export function RecordDetailPage({ route, testid, listLabel, title, newTitle, onChanged, children, ...form }) {
  const changed = () => onChanged?.();
  return html`<section class="page" data-testid=${testid}>
    <header class="page-head">
      <a href=${`#/${route}`} class="back">← ${listLabel}</a>
      <h1>${form.recordId === 'new' ? newTitle : title}</h1>
    </header>
    <${RecordForm} key=${form.recordId} ...${form}
      onCreated=${(record) => { changed(); window.location.hash = `#/${route}/${record.id}`; }}
      onSaved=${changed}
      onDeleted=${() => { changed(); window.location.hash = `#/${route}`; }} />
    ${children}
  </section>`;
}
