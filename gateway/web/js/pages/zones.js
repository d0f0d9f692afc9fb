// Zones of the active project: a table saved through POST /api/san/zones/save/; members are picked
// from the aliases of the zone's fabric.
import { useMemo } from 'preact/hooks';
import { html } from 'htm/preact';
import { useRecords, withProject } from '../components/common.js';
import { BatchTablePage } from '../components/batch-table.js';
import { MemberPicker } from '../components/member-picker.js';
import { CREATE_COLUMN, DELETE_COLUMN, FABRIC_COLUMN, NAME_COLUMN, NOTES_COLUMN } from '../components/san-columns.js';

const TYPES = [{ value: 'standard', label: 'standard' }, { value: 'smart', label: 'smart' }];

const memberIds = (members) => (members || []).map((m) => m.alias);

function Chip({ alias, id, onRemove, disabled }) {
  const name = alias ? alias.name : `alias #${id}`;
  return html`<span class=${`chip ${alias?.use ? `use-${alias.use}` : ''}`} data-testid="member-chip" title=${alias?.wwpn || ''}>
    ${name}
    ${onRemove && html`<button type="button" class="chip-x" aria-label=${`Remove ${name}`} disabled=${disabled}
      onClick=${onRemove}>×</button>`}
  </span>`;
}

/** The members of a zone in read mode: one line of chips. */
function MembersRead({ editor, row, lookups: { aliasById } }) {
  const ids = memberIds(editor.value(row, 'members'));
  // The chips that do not fit are named in the tooltip.
  const names = ids.map((id) => aliasById.get(id)?.name ?? `alias #${id}`).join(', ');
  return html`<div class="chips one-line" title=${names}>
    ${ids.map((id) => html`<${Chip} alias=${aliasById.get(id)} id=${id} />`)}
  </div>`;
}

/** The members of the zone being edited: removable chips and the picker for more. */
function MembersEdit({ editor, row, lookups: { aliases, aliasById } }) {
  const ids = memberIds(editor.value(row, 'members'));
  const fabric = editor.value(row, 'fabric');
  const candidates = useMemo(() => {
    const chosen = new Set(ids);
    return aliases.filter((a) => a.fabric === fabric && !chosen.has(a.id));
  }, [aliases, fabric, ids.join(',')]);
  // How many of the project's zones (as edited) hold each alias.
  const zonedCount = useMemo(() => {
    const counts = new Map();
    for (const zone of editor.rows) {
      if (zone.deleted) continue;
      for (const id of memberIds(editor.value(zone, 'members'))) counts.set(id, (counts.get(id) || 0) + 1);
    }
    return counts;
  }, [editor.rows]);
  const setIds = (next) => editor.setField(row.key, 'members', next.map((id) => ({ alias: id })));
  return html`<div class="chips">
    ${ids.map((id) => html`<${Chip} alias=${aliasById.get(id)} id=${id} disabled=${row.deleted}
      onRemove=${() => setIds(ids.filter((x) => x !== id))} />`)}
    <${MemberPicker} aliases=${candidates} zonedCount=${zonedCount} disabled=${row.deleted}
      onAdd=${(id) => setIds([...ids, id])} />
  </div>`;
}

// Members are read, filtered and searched by their aliases' names and WWPNs; sorted by count.
const memberTexts = (members, { aliasById }) => memberIds(members).flatMap((id) => {
  const alias = aliasById.get(id);
  return alias ? [alias.name, alias.wwpn] : [`alias #${id}`];
});

const COLUMNS = [
  FABRIC_COLUMN,
  { ...NAME_COLUMN, width: 170 },
  { field: 'zone_type', header: 'Type', kind: 'select', options: TYPES, initial: 'standard', width: 100 },
  {
    field: 'members', header: 'Members', initial: [], className: 'members', texts: memberTexts,
    sortKey: (members) => memberIds(members).length, read: MembersRead, edit: MembersEdit,
  },
  CREATE_COLUMN,
  DELETE_COLUMN,
  { field: 'exists', header: 'Exists', title: 'Exists on the switch', kind: 'checkbox', initial: false, width: 58 },
  { ...NOTES_COLUMN, width: 170 },
];

export const ZonesPage = withProject(function ZonesTable({ customer, project }) {
  const fabrics = useRecords('/api/san/fabrics/', { customer_id: customer.id }).records;
  const aliases = useRecords(`/api/san/aliases/project/${project.id}/`).records;
  const lookups = useMemo(() => ({
    fabrics: fabrics || [],
    aliases: aliases || [],
    aliasById: new Map((aliases || []).map((a) => [a.id, a])),
  }), [fabrics, aliases]);
  return html`<${BatchTablePage} entity="zone" plural="zones" title="Zones" project=${project}
    help="Click a row (or press Enter) to edit it; members come from the aliases of the zone's fabric. Saving (Ctrl+S) sends each changed zone with the version you loaded."
    columns=${COLUMNS} lookups=${lookups}
    listUrl=${`/api/san/zones/project/${project.id}/`} saveUrl="/api/san/zones/save/" deleteUrl="/api/san/zones/delete/"
    addBlockedBy=${lookups.fabrics.length ? '' : 'Create a fabric first'} />`;
});
