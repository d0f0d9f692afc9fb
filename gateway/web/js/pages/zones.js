// Zones of the active project: an editable table saved through POST /api/san/zones/save/;
// members are picked from the aliases of the zone's fabric.
import { html } from 'htm/preact';
import { useRecords, withProject } from '../components/common.js';
import { BatchTablePage, FieldError } from '../components/batch-table.js';
import { CREATE_COLUMN, DELETE_COLUMN, FABRIC_COLUMN, NAME_COLUMN, NOTES_COLUMN } from '../components/san-columns.js';

const TYPES = [{ value: 'standard', label: 'standard' }, { value: 'smart', label: 'smart' }];

function MembersCell({ editor, row, lookups: { aliases } }) {
  const members = editor.value(row, 'members') || [];
  const fabric = editor.value(row, 'fabric');
  const ids = members.map((m) => m.alias);
  const byId = new Map(aliases.map((a) => [a.id, a]));
  const candidates = aliases.filter((a) => a.fabric === fabric && !ids.includes(a.id));
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
    <${FieldError} row=${row} field="members" />
  </td>`;
}

const COLUMNS = [
  FABRIC_COLUMN,
  NAME_COLUMN,
  { field: 'zone_type', header: 'Type', kind: 'select', options: TYPES, initial: 'standard' },
  { field: 'members', header: 'Members', cell: MembersCell, initial: [] },
  CREATE_COLUMN,
  DELETE_COLUMN,
  { field: 'exists', header: 'Exists', title: 'Exists on the switch', kind: 'checkbox', initial: false },
  NOTES_COLUMN,
];

export const ZonesPage = withProject(function ZonesTable({ customer, project }) {
  const fabrics = useRecords('/api/san/fabrics/', { customer_id: customer.id }).records || [];
  const aliases = useRecords(`/api/san/aliases/project/${project.id}/`).records || [];
  return html`<${BatchTablePage} entity="zone" plural="zones" title="Zones" project=${project}
    help="Members come from the aliases of the zone's fabric. Saving sends each changed zone with the version you loaded."
    columns=${COLUMNS} lookups=${{ fabrics, aliases }}
    listUrl=${`/api/san/zones/project/${project.id}/`} saveUrl="/api/san/zones/save/" deleteUrl="/api/san/zones/delete/"
    addBlockedBy=${fabrics.length ? '' : 'Create a fabric first'} />`;
});
