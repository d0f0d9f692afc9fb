// Zones of the active project: an editable table saved through POST /api/san/zones/save/;
// members are picked from the aliases of the zone's fabric.
import { Fragment } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { fetchAll } from '../api.js';
import { changedByOtherRecently } from '../format.js';
import { AUDIT_HEADERS, AuditCells, Loading, NeedsContext, Notice, useNow, useSession } from '../components/common.js';
import { BatchToolbar, EditCell, RowActions, matches, rowClass, rowLevelErrors, useBatchEditor } from '../components/batch-table.js';
import { ConflictDialog } from '../components/conflict-dialog.js';

const FIELDS = ['fabric', 'name', 'zone_type', 'members', 'create', 'delete', 'exists', 'notes'];
const TYPES = [{ value: 'standard', label: 'standard' }, { value: 'smart', label: 'smart' }];

export function ZonesPage() {
  const { customer, project } = useSession();
  if (!customer || !project) return html`<${NeedsContext} what="customer and project" />`;
  return html`<${ZonesTable} key=${project.id} customer=${customer} project=${project} />`;
}

function MembersCell({ editor, row, aliases }) {
  const members = editor.value(row, 'members') || [];
  const fabric = editor.value(row, 'fabric');
  const ids = members.map((m) => m.alias);
  const byId = new Map(aliases.map((a) => [a.id, a]));
  const candidates = aliases.filter((a) => a.fabric === fabric && !ids.includes(a.id));
  const error = row.errors.members;
  const edited = row.orig && 'members' in row.draft && editor.isChanged(row)
    && JSON.stringify([...ids].sort()) !== JSON.stringify((row.orig.members || []).map((m) => m.alias).sort());
  const setIds = (next) => editor.setField(row.key, 'members', next.map((id) => ({ alias: id })));
  return html`<td class=${`members ${edited ? 'edited' : ''}`} data-testid="members">
    <div class="chips">
      ${ids.map((id) => {
        const alias = byId.get(id);
        const name = alias ? alias.name : `alias #${id}`;
        return html`<span class=${`chip ${alias?.use ? `use-${alias.use}` : ''}`} data-testid="member-chip" title=${alias?.wwpn || ''}>
          ${name}
          <button type="button" class="chip-x" aria-label=${`Remove ${name}`} disabled=${row.deleted}
            onClick=${() => setIds(ids.filter((x) => x !== id))}>×</button>
        </span>`;
      })}
      <select class="add-member" data-testid="member-add" aria-label="Add a member" value=""
          disabled=${row.deleted || !candidates.length}
          onChange=${(e) => { const id = Number(e.currentTarget.value); e.currentTarget.value = ''; if (id) setIds([...ids, id]); }}>
        <option value="">${candidates.length ? '+ member…' : 'no more aliases'}</option>
        ${candidates.map((a) => html`<option value=${String(a.id)}>${a.name}${a.use ? ` (${a.use})` : ''}</option>`)}
      </select>
    </div>
    ${error && html`<div class="field-error" data-testid="field-error" data-field="members" role="alert">${error}</div>`}
  </td>`;
}

function ZonesTable({ customer, project }) {
  const { user } = useSession();
  const now = useNow();
  const [fabrics, setFabrics] = useState([]);
  const [aliases, setAliases] = useState([]);
  const [filter, setFilter] = useState('');
  useEffect(() => {
    fetchAll('/api/san/fabrics/', { customer_id: customer.id }).then(setFabrics).catch(() => setFabrics([]));
    fetchAll(`/api/san/aliases/project/${project.id}/`).then(setAliases).catch(() => setAliases([]));
  }, [customer.id, project.id]);

  const editor = useBatchEditor({
    entity: 'zone',
    plural: 'zones',
    saveUrl: '/api/san/zones/save/',
    deleteUrl: '/api/san/zones/delete/',
    projectId: project.id,
    load: () => fetchAll(`/api/san/zones/project/${project.id}/`),
    fields: FIELDS,
    defaults: () => ({
      fabric: fabrics[0]?.id ?? null, name: '', zone_type: 'standard', members: [],
      create: false, delete: false, exists: false, notes: '',
    }),
  });

  const fabricOptions = fabrics.map((f) => ({ value: f.id, label: f.name }));
  const shown = editor.rows.filter((r) => matches(editor, r, filter, ['name', 'notes']));

  return html`<section class="page" data-testid="zones-page">
    <header class="page-head">
      <h1>Zones <span class="muted">· ${project.name}</span></h1>
      <p class="muted small">Members come from the aliases of the zone's fabric. Saving sends each changed zone with the version you loaded.</p>
    </header>
    <${BatchToolbar} editor=${editor} noun="zone" filter=${filter} onFilter=${setFilter}
      shown=${shown.length} total=${editor.rows.length}
      addDisabled=${!fabrics.length} addHint=${fabrics.length ? '' : 'Create a fabric first'}
      onAdd=${() => editor.addRow()} />
    <${Notice} notice=${editor.notice} />
    ${editor.status === 'loading' ? html`<${Loading} what="zones" />` : html`
    <div class="table-wrap"><table class="grid editable" data-testid="zones-table">
      <thead><tr>
        <th>Fabric</th><th>Name</th><th>Type</th><th>Members</th>
        <th title="Create on the switch">Create</th><th title="Delete from the switch">Delete</th><th title="Exists on the switch">Exists</th>
        <th>Notes</th>${AUDIT_HEADERS}<th><span class="sr-only">Actions</span></th>
      </tr></thead>
      <tbody>
        ${shown.map((row) => {
          const recent = changedByOtherRecently(row.orig, user.username, now);
          const rowErrors = rowLevelErrors(row, FIELDS);
          return html`<${Fragment} key=${row.key}><tr data-testid="zone-row" data-id=${row.orig?.id ?? ''}
              data-name=${editor.value(row, 'name') ?? ''} data-row-error=${Object.keys(row.errors).length ? 'true' : 'false'}
              class=${rowClass(editor, row, recent)}>
            <${EditCell} editor=${editor} row=${row} field="fabric" kind="select" label="Fabric" options=${fabricOptions} />
            <${EditCell} editor=${editor} row=${row} field="name" label="Name" placeholder="name" />
            <${EditCell} editor=${editor} row=${row} field="zone_type" kind="select" label="Type" options=${TYPES} />
            <${MembersCell} editor=${editor} row=${row} aliases=${aliases} />
            <${EditCell} editor=${editor} row=${row} field="create" kind="checkbox" label="Create" />
            <${EditCell} editor=${editor} row=${row} field="delete" kind="checkbox" label="Delete from switch" />
            <${EditCell} editor=${editor} row=${row} field="exists" kind="checkbox" label="Exists" />
            <${EditCell} editor=${editor} row=${row} field="notes" label="Notes" />
            ${row.orig ? html`<${AuditCells} record=${row.orig} me=${user.username} now=${now} />`
              : html`<td class="num muted" data-testid="version">new</td><td></td><td></td>`}
            <${RowActions} editor=${editor} row=${row} />
          </tr>
          ${rowErrors.length ? html`<tr class="row-error" data-testid="row-error"><td colspan="13" role="alert">${rowErrors.join(' ')}</td></tr>` : null}<//>`;
        })}
      </tbody>
    </table></div>
    ${!editor.rows.length && html`<p class="empty" data-testid="zones-empty">No zones in this project yet.</p>`}`}
    ${editor.conflict && html`<${ConflictDialog} entity="zone" conflicts=${editor.conflict.items} busy=${editor.busy}
      onReload=${editor.reloadTheirs} onKeepMine=${editor.keepMine} onCancel=${editor.cancelConflict} />`}
  </section>`;
}
