// The cells of a bulk-edited table: a cell reads as text until its row is opened for editing, then
// becomes the column's control (text, select or checkbox) with the field's error under it.
import { h } from 'preact';
import { html } from 'htm/preact';
import { cellTexts, optionsOf } from '../table-query.js';
import { same } from './batch-editor.js';

/**
 * A column: {field, header, label? (the control's accessible name; default header), title? (the
 * header's tooltip), kind?: text|select|checkbox, options?: [{value,label}] or (lookups) => […],
 * initial: a new row's value, or (lookups) => value, className?, placeholder?, width? (px),
 * texts?(value, lookups) / sortKey?(value, lookups) (how the cell reads, filters and sorts; see
 * table-query.js), edit?/read?: components ({editor, row, column, lookups}) drawing the cell,
 * errorFields?: further error keys the cell shows (the API reports some under another name)}.
 * `lookups` are the page's related records (e.g. {fabrics, aliases}).
 */

/** The error of one field of a row, shown under its control. */
export function FieldError({ row, field }) {
  const error = row.errors[field];
  return error ? h('div', { class: 'field-error', 'data-testid': 'field-error', 'data-field': field, role: 'alert' }, error) : null;
}

/** The errors of a column's field and of the further keys it shows (errorFields), as elements. */
function columnErrors(row, column) {
  const fields = column.errorFields ? [column.field, ...column.errorFields] : [column.field];
  return fields.filter((field) => row.errors[field]).map((field) => h(FieldError, { key: field, row, field }));
}

/** The errors of a column's field and of the further keys it shows (errorFields). */
export function ColumnErrors({ row, column }) {
  return columnErrors(row, column);
}

/** True when the row's current value of the column differs from the saved record. */
export const isEdited = (editor, row, field) => Boolean(row.orig) && field in row.draft && !same(row.draft[field], row.orig[field]);

const cellClass = (editor, row, column) => [
  column.className, isEdited(editor, row, column.field) && 'edited', column.kind === 'checkbox' && 'center',
].filter(Boolean).join(' ');

/** A cell of a row in read mode: its text (a checkbox as ✓), with the field's error under it.
 *  It takes focus (the arrow keys move between cells; a paste or fill-down starts at the focused
 *  one); `cursor` marks the row's current cell. */
export function ReadCell({ editor, row, column, lookups, cursor }) {
  // Drawn for every visible row of a long table on each change of the rows shown, so written with
  // h() (no template to interpret) and without a component per error.
  const value = editor.value(row, column.field);
  const error = row.errors[column.field];
  const className = [cellClass(editor, row, column), cursor && 'cursor', error && 'cell-invalid'].filter(Boolean).join(' ');
  const content = column.read ? h(column.read, { editor, row, column, lookups })
    : column.kind === 'checkbox' ? (value ? '✓' : '') : cellTexts(column, value, lookups).join(', ');
  return h('td', {
    class: className, 'data-field': column.field, 'data-testid': `cell-${column.field}`, tabindex: '-1',
    'data-invalid': error ? 'true' : undefined,
    'aria-label': column.kind === 'checkbox' ? `${column.label || column.header}: ${value ? 'yes' : 'no'}` : undefined,
  }, content, ...columnErrors(row, column));
}

/** A cell of the row being edited: text (default), select or checkbox, with its field error under it. */
export function EditCell({ editor, row, column, lookups }) {
  const { field, kind = 'text', placeholder } = column;
  const options = optionsOf(column, lookups);
  const current = editor.value(row, field);
  const error = row.errors[field];
  const set = (v) => editor.setField(row.key, field, v);
  const common = {
    'data-testid': `field-${field}`,
    'aria-label': column.label || column.header,
    'aria-invalid': error ? 'true' : undefined,
    disabled: row.deleted,
    class: error ? 'invalid' : '',
  };
  let control;
  if (column.edit) {
    control = html`<${column.edit} editor=${editor} row=${row} column=${column} lookups=${lookups} />`;
  } else if (kind === 'checkbox') {
    control = html`<input type="checkbox" ...${common} checked=${Boolean(current)}
      onChange=${(e) => set(e.currentTarget.checked)} />`;
  } else if (kind === 'select') {
    control = html`<select ...${common} value=${String(current ?? '')}
        onChange=${(e) => set(options.find((o) => String(o.value ?? '') === e.currentTarget.value)?.value ?? null)}>
      ${options.map((o) => html`<option value=${String(o.value ?? '')}>${o.label}</option>`)}
    </select>`;
  } else {
    control = html`<input type="text" ...${common} value=${current ?? ''} placeholder=${placeholder}
      spellcheck="false" onInput=${(e) => set(e.currentTarget.value)} />`;
  }
  return html`<td class=${cellClass(editor, row, column)} data-field=${field} data-testid=${`cell-${field}`}>
    ${control}
    <${ColumnErrors} row=${row} column=${column} />
  </td>`;
}
