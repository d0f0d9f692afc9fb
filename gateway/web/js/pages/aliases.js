// Aliases of the active project: an editable table saved through POST /api/san/aliases/save/.
import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { fetchAll } from '../api.js';
import { changedByOtherRecently } from '../format.js';
import { AUDIT_HEADERS, AuditCells, Loading, NeedsContext, Notice, useNow, useSession } from '../components/common.js';
import { BatchToolbar, EditCell, RowActions, matches, rowClass, rowLevelErrors, useBatchEditor } from '../components/batch-table.js';
import { ConflictDialog } from '../components/conflict-dialog.js';

const FIELDS = ['fabric', 'name', 'wwpn', 'use', 'cisco_alias', 'create', 'delete', 'include_in_zoning', 'notes'];
const USES = [{ value: null, label: '—' }, { value: 'init', label: 'init' }, { value: 'target', label: 'target' }, { value: 'both', label: 'both' }];
const CISCO = ['device-alias', 'fcalias', 'wwpn'].map((v) => ({ value: v, label: v }));

export function AliasesPage() {
  const { customer, project } = useSession();
  if (!customer || !project) return html`<${NeedsContext} what="customer and project" />`;
  return html`<${AliasesTable} key=${project.id} customer=${customer} project=${project} />`;
}

function AliasesTable({ customer, project }) {
  const { user } = useSession();
  const now = useNow();
  const [fabrics, setFabrics] = useState([]);
  const [filter, setFilter] = useState('');
  useEffect(() => {
    fetchAll('/api/san/fabrics/', { customer_id: customer.id }).then(setFabrics).catch(() => setFabrics([]));
  }, [customer.id]);

  const editor = useBatchEditor({
    entity: 'alias',
    plural: 'aliases',
    saveUrl: '/api/san/aliases/save/',
    deleteUrl: '/api/san/aliases/delete/',
    projectId: project.id,
    load: () => fetchAll(`/api/san/aliases/project/${project.id}/`),
    fields: FIELDS,
    defaults: () => ({
      fabric: fabrics[0]?.id ?? null, name: '', wwpn: '', use: null, cisco_alias: 'device-alias',
      create: false, delete: false, include_in_zoning: false, notes: '',
    }),
  });

  const fabricOptions = fabrics.map((f) => ({ value: f.id, label: f.name }));
  const shown = editor.rows.filter((r) => matches(editor, r, filter, ['name', 'wwpn', 'notes']));

  return html`<section class="page" data-testid="aliases-page">
    <header class="page-head">
      <h1>Aliases <span class="muted">· ${project.name}</span></h1>
      <p class="muted small">Edit cells in place, then save: every changed row is sent with the version you loaded, in one transaction.</p>
    </header>
    <${BatchToolbar} editor=${editor} noun="alias" filter=${filter} onFilter=${setFilter}
      shown=${shown.length} total=${editor.rows.length}
      addDisabled=${!fabrics.length} addHint=${fabrics.length ? '' : 'Create a fabric first'}
      onAdd=${() => editor.addRow()} />
    <${Notice} notice=${editor.notice} />
    ${editor.status === 'loading' ? html`<${Loading} what="aliases" />` : html`
    <div class="table-wrap"><table class="grid editable" data-testid="aliases-table">
      <thead><tr>
        <th>Fabric</th><th>Name</th><th>WWPN</th><th>Use</th><th>Cisco alias</th>
        <th title="Create on the switch">Create</th><th title="Delete from the switch">Delete</th><th title="Include in zoning">Zoning</th>
        <th>Notes</th>${AUDIT_HEADERS}<th><span class="sr-only">Actions</span></th>
      </tr></thead>
      <tbody>
        ${shown.map((row) => {
          const recent = changedByOtherRecently(row.orig, user.username, now);
          const rowErrors = rowLevelErrors(row, FIELDS);
          return html`<${Fragment} key=${row.key}><tr data-testid="alias-row" data-id=${row.orig?.id ?? ''}
              data-name=${editor.value(row, 'name') ?? ''} data-row-error=${Object.keys(row.errors).length ? 'true' : 'false'}
              class=${rowClass(editor, row, recent)}>
            <${EditCell} editor=${editor} row=${row} field="fabric" kind="select" label="Fabric" options=${fabricOptions} />
            <${EditCell} editor=${editor} row=${row} field="name" label="Name" placeholder="name" />
            <${EditCell} editor=${editor} row=${row} field="wwpn" label="WWPN" className="mono" placeholder="50:05:07:68:10:00:00:01" />
            <${EditCell} editor=${editor} row=${row} field="use" kind="select" label="Use" options=${USES} />
            <${EditCell} editor=${editor} row=${row} field="cisco_alias" kind="select" label="Cisco alias" options=${CISCO} />
            <${EditCell} editor=${editor} row=${row} field="create" kind="checkbox" label="Create" />
            <${EditCell} editor=${editor} row=${row} field="delete" kind="checkbox" label="Delete from switch" />
            <${EditCell} editor=${editor} row=${row} field="include_in_zoning" kind="checkbox" label="Include in zoning" />
            <${EditCell} editor=${editor} row=${row} field="notes" label="Notes" />
            ${row.orig ? html`<${AuditCells} record=${row.orig} me=${user.username} now=${now} />`
              : html`<td class="num muted" data-testid="version">new</td><td></td><td></td>`}
            <${RowActions} editor=${editor} row=${row} />
          </tr>
          ${rowErrors.length ? html`<tr class="row-error" data-testid="row-error"><td colspan="14" role="alert">${rowErrors.join(' ')}</td></tr>` : null}<//>`;
        })}
      </tbody>
    </table></div>
    ${!editor.rows.length && html`<p class="empty" data-testid="aliases-empty">No aliases in this project yet.</p>`}`}
    ${editor.conflict && html`<${ConflictDialog} entity="alias" conflicts=${editor.conflict.items} busy=${editor.busy}
      onReload=${editor.reloadTheirs} onKeepMine=${editor.keepMine} onCancel=${editor.cancelConflict} />`}
  </section>`;
}
