// The editable table of a project's records saved in one bulk save (aliases, zones), drawn from a
// column list: each column names its field, header and editor, and where a new row's value comes
// from, so adding a column to a page is one entry in its list.
import { Fragment } from 'preact';
import { useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { fetchAll } from '../api.js';
import { changedByOtherRecently } from '../format.js';
import { AUDIT_HEADERS, AuditCells, Loading, Notice, useNow, useSession } from './common.js';
import { ConflictDialog } from './conflict-dialog.js';
import { same, useBatchEditor } from './batch-editor.js';

/**
 * A column: {field, header, label? (the control's accessible name; default header), title? (the
 * header's tooltip), kind?: text|select|checkbox, options?: [{value,label}] or (lookups) => […],
 * initial: a new row's value, or (lookups) => value, className?, placeholder?, searchable? (the
 * filter looks in it), cell?: a component ({editor, row, column, lookups}) drawing the cell itself}.
 * `lookups` are the page's related records (e.g. {fabrics, aliases}).
 */
const fromLookups = (option, lookups) => (typeof option === 'function' ? option(lookups) : option);

/** One editable cell: text (default), select or checkbox, with its field error under it. */
export function EditCell({ editor, row, column, lookups }) {
  const { field, kind = 'text', className = '', placeholder } = column;
  const options = fromLookups(column.options, lookups) || [];
  const current = editor.value(row, field);
  const error = row.errors[field];
  const edited = row.orig && field in row.draft && !same(row.draft[field], row.orig[field]);
  const set = (v) => editor.setField(row.key, field, v);
  const common = {
    'data-testid': `field-${field}`,
    'aria-label': column.label || column.header,
    'aria-invalid': error ? 'true' : undefined,
    disabled: row.deleted,
    class: error ? 'invalid' : '',
  };
  let control;
  if (kind === 'checkbox') {
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
  return html`<td class=${`${className} ${edited ? 'edited' : ''} ${kind === 'checkbox' ? 'center' : ''}`}>
    ${control}
    <${FieldError} row=${row} field=${field} />
  </td>`;
}

/** The error of one field of a row, shown under its control. */
export function FieldError({ row, field }) {
  const error = row.errors[field];
  return error ? html`<div class="field-error" data-testid="field-error" data-field=${field} role="alert">${error}</div>` : null;
}

const AUDIT_KEYS = new Set(['current_version', 'last_modified_by', 'last_modified_at']);

/** Errors of a row that belong to no visible column (version conflict, deleted, …). */
function rowLevelErrors(row, fields) {
  return Object.entries(row.errors)
    .filter(([key]) => !fields.includes(key) && !AUDIT_KEYS.has(key))
    .map(([, message]) => message);
}

/** Add / Save / Discard / filter bar above a bulk-edited table. */
function BatchToolbar({ editor, entity, plural, filter, onFilter, shown, total, addBlockedBy }) {
  const pending = editor.dirtyCount;
  return html`<div class="toolbar">
    <button type="button" data-testid="add-row" onClick=${() => editor.addRow()} disabled=${editor.busy || Boolean(addBlockedBy)}
      title=${addBlockedBy || ''}>+ Add ${entity}</button>
    <button type="button" class="primary" data-testid="save" disabled=${editor.busy || pending === 0}
      onClick=${() => editor.save()}>${editor.busy ? 'Saving…' : pending ? `Save ${pending} change${pending === 1 ? '' : 's'}` : 'Save'}</button>
    <button type="button" data-testid="discard" disabled=${editor.busy || pending === 0}
      onClick=${() => editor.discard()}>Discard</button>
    <button type="button" class="link" data-testid="reload" disabled=${editor.busy || pending > 0}
      title=${pending ? 'Save or discard your changes first' : 'Load the latest data'}
      onClick=${() => editor.reload()}>Reload</button>
    <span class="spacer"></span>
    <input type="search" class="filter" placeholder="Filter…" aria-label="Filter rows" data-testid="filter"
      value=${filter} onInput=${(e) => onFilter(e.currentTarget.value)} />
    <span class="muted small" data-testid="row-count">${shown === total ? `${total}` : `${shown} of ${total}`} ${plural}</span>
  </div>`;
}

function RowActions({ editor, row }) {
  return html`<td class="nowrap">
    <button type="button" class="icon" data-testid="delete-row" disabled=${editor.busy}
      title=${row.deleted ? 'Keep this row' : row.orig ? 'Delete when saving' : 'Remove this new row'}
      onClick=${() => editor.toggleDelete(row.key)}>${row.deleted ? 'Undo' : '✕'}</button>
  </td>`;
}

function rowClass(editor, row, recent) {
  return [
    !row.orig && 'new',
    row.deleted && 'deleted',
    row.orig && editor.isChanged(row) && 'dirty',
    Object.keys(row.errors).length && 'has-error',
    recent && 'recent',
  ].filter(Boolean).join(' ');
}

// New rows always show, so a filter never hides what the user is adding.
function matches(editor, row, filter, fields) {
  if (!filter || !row.orig) return true;
  const needle = filter.toLowerCase();
  return fields.some((f) => String(editor.value(row, f) ?? '').toLowerCase().includes(needle));
}

/**
 * The page of one project's records: toolbar, notice, the editable table and the conflict dialog.
 * entity/plural: "zone"/"zones" (also the test ids: zones-page, zones-table, zone-row, zones-empty);
 * listUrl, saveUrl, deleteUrl: the project's list, the bulk save and the delete endpoints;
 * addBlockedBy: why a row cannot be added yet (e.g. no fabric), or empty.
 */
export function BatchTablePage({ entity, plural, title, help, project, columns, lookups, listUrl, saveUrl, deleteUrl, addBlockedBy }) {
  const { user } = useSession();
  const now = useNow();
  const [filter, setFilter] = useState('');
  const fields = columns.map((c) => c.field);
  const editor = useBatchEditor({
    entity,
    plural,
    saveUrl,
    deleteUrl,
    projectId: project.id,
    load: () => fetchAll(listUrl),
    fields,
    defaults: () => Object.fromEntries(columns.map((c) => [c.field, fromLookups(c.initial, lookups)])),
  });
  const searchable = columns.filter((c) => c.searchable).map((c) => c.field);
  const shown = editor.rows.filter((r) => matches(editor, r, filter, searchable));
  const width = columns.length + 4; // the audit cells and the actions

  return html`<section class="page" data-testid=${`${plural}-page`}>
    <header class="page-head">
      <h1>${title} <span class="muted">· ${project.name}</span></h1>
      <p class="muted small">${help}</p>
    </header>
    <${BatchToolbar} editor=${editor} entity=${entity} plural=${plural} filter=${filter} onFilter=${setFilter}
      shown=${shown.length} total=${editor.rows.length} addBlockedBy=${addBlockedBy} />
    <${Notice} notice=${editor.notice} />
    ${editor.status === 'loading' ? html`<${Loading} what=${plural} />` : html`
    <div class="table-wrap"><table class="grid editable" data-testid=${`${plural}-table`}>
      <thead><tr>
        ${columns.map((c) => html`<th title=${c.title}>${c.header}</th>`)}
        ${AUDIT_HEADERS}<th><span class="sr-only">Actions</span></th>
      </tr></thead>
      <tbody>
        ${shown.map((row) => {
          const recent = changedByOtherRecently(row.orig, user.username, now);
          const rowErrors = rowLevelErrors(row, fields);
          return html`<${Fragment} key=${row.key}><tr data-testid=${`${entity}-row`} data-id=${row.orig?.id ?? ''}
              data-name=${editor.value(row, 'name') ?? ''} data-row-error=${Object.keys(row.errors).length ? 'true' : 'false'}
              class=${rowClass(editor, row, recent)}>
            ${columns.map((c) => html`<${c.cell || EditCell} key=${c.field} editor=${editor} row=${row} column=${c} lookups=${lookups} />`)}
            ${row.orig ? html`<${AuditCells} record=${row.orig} me=${user.username} now=${now} />`
              : html`<td class="num muted" data-testid="version">new</td><td></td><td></td>`}
            <${RowActions} editor=${editor} row=${row} />
          </tr>
          ${rowErrors.length ? html`<tr class="row-error" data-testid="row-error"><td colspan=${width} role="alert">${rowErrors.join(' ')}</td></tr>` : null}<//>`;
        })}
      </tbody>
    </table></div>
    ${!editor.rows.length && html`<p class="empty" data-testid=${`${plural}-empty`}>No ${plural} in this project yet.</p>`}`}
    ${editor.conflict && html`<${ConflictDialog} entity=${entity} conflicts=${editor.conflict.items} busy=${editor.busy}
      onReload=${editor.reloadTheirs} onKeepMine=${editor.keepMine} onCancel=${editor.cancelConflict} />`}
  </section>`;
}
