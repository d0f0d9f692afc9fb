// The two pages of a kind of record opened one at a time (fabrics, storage systems, customers):
// the list, and one record's form under a link back to it. `route` is the page's hash route
// ("fabrics"): the list is #/fabrics, a record #/fabrics/{id}, a new one #/fabrics/new.
import { html } from 'htm/preact';
import { DataTable, Loading, Notice, useRecords } from './common.js';
import { RecordForm } from './record-form.js';

/**
 * The list of records read from `path` with `query`, each opening its page. title may hold markup;
 * newLabel (with newTestid) adds the link to a new record's page; live: the kinds of record whose
 * changes anyone commits have the list read again (useRecords); tableTestid and the rest
 * (columns, rowTestid, empty) go to DataTable.
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
    ${records === null ? html`<${Loading} what=${what} />` : html`<${DataTable} ...${table} testid=${tableTestid} records=${records}
      onOpen=${(record) => { window.location.hash = `#/${route}/${record.id}`; }} />`}
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
