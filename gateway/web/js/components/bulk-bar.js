// The bar above the aliases and zones tables while rows are selected: how many, a field set on
// all of them, marking them for delete (or not), and what the page adds (a zone's members). What
// it does becomes ordinary unsaved edits of the rows (batch-table.js), saved with Save.
import { useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { optionsOf } from '../table-query.js';

/** The columns a bulk edit may set: plain text, select and checkbox columns not marked `bulk: false`. */
export const bulkColumns = (columns) => columns.filter((c) => c.bulk !== false && !c.edit && c.editable !== false);

/** The value control of the chosen column. */
function ValueControl({ column, lookups, value, onChange }) {
  const common = { 'data-testid': 'bulk-value', 'aria-label': `New ${column.label || column.header}` };
  if (column.kind === 'checkbox') {
    return html`<select ...${common} value=${value ? 'yes' : 'no'} onChange=${(e) => onChange(e.currentTarget.value === 'yes')}>
      <option value="yes">yes</option><option value="no">no</option>
    </select>`;
  }
  if (column.kind === 'select') {
    const options = optionsOf(column, lookups);
    return html`<select ...${common} value=${String(value ?? '')}
        onChange=${(e) => onChange(options.find((o) => String(o.value ?? '') === e.currentTarget.value)?.value ?? null)}>
      ${options.map((o) => html`<option value=${String(o.value ?? '')}>${o.label}</option>`)}
    </select>`;
  }
  return html`<input type="text" ...${common} class="bulk-text" value=${value ?? ''} placeholder=${`${column.header} for all`}
    spellcheck="false" onInput=${(e) => onChange(e.currentTarget.value)}
    onKeyDown=${(e) => { if (e.key === 'Enter') { e.preventDefault(); e.currentTarget.form?.requestSubmit(); } }} />`;
}

const firstValue = (column, lookups) => {
  if (column.kind === 'checkbox') return true;
  if (column.kind === 'select') return optionsOf(column, lookups)[0]?.value ?? null;
  return '';
};

/**
 * count: rows selected; hidden: how many of them the filter hides; columns, lookups: the table's;
 * onSet(field, value), onMarkDelete(deleted), onClear(); children: the page's own bulk actions.
 */
export function BulkBar({ entity, plural: many, count, hidden, columns, lookups, busy, onSet, onMarkDelete, onClear, children }) {
  const settable = bulkColumns(columns);
  const [field, setField] = useState(settable[0]?.field);
  const column = settable.find((c) => c.field === field) || settable[0];
  const [values, setValues] = useState({});
  const value = column && (column.field in values ? values[column.field] : firstValue(column, lookups));
  const submit = (event) => {
    event.preventDefault();
    if (column) onSet(column.field, value);
  };
  return html`<div class="bulk-bar" data-testid="bulk-bar" role="region" aria-label="Selected rows">
    <strong data-testid="selected-count" role="status">${count} selected</strong>
    ${hidden > 0 && html`<span class="muted small" data-testid="selected-hidden">(${hidden} not shown by the filter)</span>`}
    <button type="button" class="link" data-testid="clear-selection" title="Clear the selection (Escape)" onClick=${onClear}>Clear</button>
    ${column && html`<form class="bulk-set" onSubmit=${submit}>
      <label class="small">Set <select data-testid="bulk-field" aria-label="Field to set" value=${column.field}
          onChange=${(e) => setField(e.currentTarget.value)}>
        ${settable.map((c) => html`<option value=${c.field}>${c.label || c.header}</option>`)}
      </select></label>
      <span class="small">to</span>
      <${ValueControl} column=${column} lookups=${lookups} value=${value}
        onChange=${(v) => setValues((all) => ({ ...all, [column.field]: v }))} />
      <button type="submit" data-testid="bulk-apply" disabled=${busy}
        title=${`Set ${column.label || column.header} on the ${count} selected ${count === 1 ? entity : many}`}>Apply</button>
    </form>`}
    <button type="button" data-testid="bulk-delete" disabled=${busy} title="Delete the selected rows when saving"
      onClick=${() => onMarkDelete(true)}>Mark for delete</button>
    <button type="button" data-testid="bulk-undelete" disabled=${busy} onClick=${() => onMarkDelete(false)}>Unmark</button>
    ${children}
    <span class="muted small bulk-keys">Ctrl+D fills the focused column down · Ctrl+V pastes a spreadsheet range · Ctrl+Z undoes</span>
  </div>`;
}

/** What the last paste, fill-down or bulk edit did, with its Undo. */
export function BulkNotice({ notice, onUndo, onClose }) {
  if (!notice) return null;
  return html`<div class=${`notice ${notice.kind === 'error' ? 'notice-error' : 'notice-info'} bulk-notice`} data-testid="bulk-notice" role="status">
    <span data-testid="bulk-notice-text">${notice.text}</span>
    ${notice.undo && html`<button type="button" data-testid="bulk-undo" title="Undo (Ctrl+Z)" onClick=${onUndo}>Undo</button>`}
    <button type="button" class="link" aria-label="Close this notice" onClick=${onClose}>×</button>
  </div>`;
}
