// The head of a sortable, filterable table (the aliases and zones tables and every other list):
// a header per column that sorts by it, and a row of per-column filters. What sorting and
// filtering mean is table-query.js's; this only draws them. With `prefs` (column-prefs.js) each
// header has a handle at its right edge that resizes its column.
import { html } from 'htm/preact';
import { optionsOf } from '../table-query.js';
import { ResizeHandle } from './column-prefs.js';

function SortMark({ sort, field }) {
  const at = sort.findIndex((s) => s.field === field);
  if (at < 0) return null;
  return html`<span class="sort-mark" aria-hidden="true">${sort[at].descending ? '▼' : '▲'}${sort.length > 1 ? at + 1 : ''}</span>`;
}

function ColumnFilter({ column, lookups, value, onChange }) {
  const label = `Filter ${column.label || column.header}`;
  const testid = `column-filter-${column.field}`;
  if (column.kind === 'checkbox' || column.kind === 'select') {
    const options = column.kind === 'checkbox'
      ? [{ value: 'yes', label: 'yes' }, { value: 'no', label: 'no' }]
      : optionsOf(column, lookups).map((o) => ({ value: String(o.value ?? ''), label: o.value === null ? '(none)' : o.label }));
    return html`<select class="column-filter" aria-label=${label} data-testid=${testid} value=${value}
        onChange=${(e) => onChange(e.currentTarget.value)}>
      <option value="">all</option>
      ${options.map((o) => html`<option value=${o.value}>${o.label}</option>`)}
    </select>`;
  }
  return html`<input type="search" class="column-filter" aria-label=${label} data-testid=${testid} placeholder="filter"
    value=${value} onInput=${(e) => onChange(e.currentTarget.value)} />`;
}

/**
 * Sortable headers (click; shift-click adds a column) and a row of per-column filters, for
 * columns as table-query.js reads them ({field, header, label?, title?, kind?, options?});
 * `trailing`: header cells of columns that neither sort nor filter (audit columns, actions);
 * `leading`: the same before the columns (a table's selection checkboxes).
 */
export function TableHead({ columns, lookups, sort, onSort, columnFilters, onColumnFilter, trailing = [], leading = [], prefs = null }) {
  const ariaSort = (field) => {
    const entry = sort.find((s) => s.field === field);
    return entry ? (entry.descending ? 'descending' : 'ascending') : undefined;
  };
  return html`<thead>
    <tr>
      ${leading}
      ${columns.map((c) => html`<th title=${c.title} aria-sort=${ariaSort(c.field)}>
        <button type="button" class="sort" data-testid=${`sort-${c.field}`}
            title=${`Sort by ${c.label || c.header} (shift-click to add to the sort)`}
            onClick=${(e) => onSort(c.field, e.shiftKey)}>${c.header}<${SortMark} sort=${sort} field=${c.field} /></button>
        ${prefs && html`<${ResizeHandle} prefs=${prefs} columnKey=${c.field} label=${c.label || c.header} />`}
      </th>`)}
      ${trailing}
    </tr>
    <tr class="filters">
      ${leading.map(() => html`<th></th>`)}
      ${columns.map((c) => html`<th><${ColumnFilter} column=${c} lookups=${lookups} value=${columnFilters[c.field] || ''}
        onChange=${(v) => onColumnFilter(c.field, v)} /></th>`)}
      ${trailing.map(() => html`<th></th>`)}
    </tr>
  </thead>`;
}
