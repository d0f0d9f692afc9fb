// Zones of the active project: a table saved through POST /api/san/zones/save/; members are picked
// from the aliases of the zone's fabric, each with its role in the zone (init, target, both, or
// none: the alias's use stands in).
import { useMemo, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { useRecords, withProject } from '../components/common.js';
import { BatchTablePage } from '../components/batch-table.js';
import { CsvTools } from '../components/csv-import-dialog.js';
import { MemberPicker } from '../components/member-picker.js';
import { planMemberChange } from '../bulk-edit.js';
import { CREATE_COLUMN, DELETE_COLUMN, FABRIC_COLUMN, NAME_COLUMN, NOTES_COLUMN } from '../components/san-columns.js';

const TYPES = [{ value: 'standard', label: 'standard' }, { value: 'smart', label: 'smart' }];

// A member's own role; the first choice (none) lets the alias's use stand in.
const ROLES = [null, 'init', 'target', 'both'];

const memberIds = (members) => (members || []).map((m) => m.alias);
// A member without a role of its own takes its alias's use.
const roleOf = (member, alias) => member.role || alias?.use || null;

function Chip({ alias, member, onRemove, onRole, disabled }) {
  const name = alias ? alias.name : `alias #${member.alias}`;
  const role = roleOf(member, alias);
  const wwpns = alias?.wwpns || (alias?.wwpn ? [alias.wwpn] : []);
  return html`<span class=${`chip ${role ? `use-${role}` : ''}`} data-testid="member-chip" data-alias=${name}
      data-role=${member.role || ''} title=${wwpns.join('\n')}>
    ${name}
    ${onRole ? html`<select class="chip-role" data-testid="member-role" aria-label=${`Role of ${name}`} disabled=${disabled}
        value=${member.role || ''} onChange=${(e) => onRole(e.currentTarget.value || null)}>
        ${ROLES.map((r) => html`<option value=${r || ''}>${r || `use: ${alias?.use || 'none'}`}</option>`)}
      </select>`
      : member.role && html`<span class="chip-role-read" data-testid="member-role-read">${member.role}</span>`}
    ${onRemove && html`<button type="button" class="chip-x" aria-label=${`Remove ${name}`} disabled=${disabled}
      onClick=${onRemove}>×</button>`}
  </span>`;
}

/** The members of a zone in read mode: one line of chips, a member's own role beside its name. */
function MembersRead({ editor, row, lookups: { aliasById } }) {
  const members = editor.value(row, 'members') || [];
  // The chips that do not fit are named in the tooltip.
  const names = members.map((m) => {
    const name = aliasById.get(m.alias)?.name ?? `alias #${m.alias}`;
    return m.role ? `${name} (${m.role})` : name;
  }).join(', ');
  return html`<div class="chips one-line" title=${names}>
    ${members.map((m) => html`<${Chip} alias=${aliasById.get(m.alias)} member=${m} />`)}
  </div>`;
}

/** The members of the zone being edited: removable chips with their roles, and the picker for more. */
function MembersEdit({ editor, row, lookups: { aliases, aliasById } }) {
  const members = editor.value(row, 'members') || [];
  const ids = memberIds(members);
  const fabric = editor.value(row, 'fabric');
  const candidates = useMemo(() => {
    const chosen = new Set(ids);
    return aliases.filter((a) => a.fabric === fabric && !chosen.has(a.id));
  }, [aliases, fabric, ids.join(',')]);
  const zonedCount = useZonedCount(editor);
  const setMembers = (next) => editor.setField(row.key, 'members', next);
  return html`<div class="chips">
    ${members.map((m) => html`<${Chip} alias=${aliasById.get(m.alias)} member=${m} disabled=${row.deleted}
      onRole=${(role) => setMembers(members.map((x) => (x.alias === m.alias ? { alias: x.alias, role } : x)))}
      onRemove=${() => setMembers(members.filter((x) => x.alias !== m.alias))} />`)}
    <${MemberPicker} aliases=${candidates} zonedCount=${zonedCount} disabled=${row.deleted}
      onAdd=${(id) => setMembers([...members, { alias: id, role: null }])} />
  </div>`;
}

/** How many of the project's zones (as edited) hold each alias. */
function useZonedCount(editor) {
  return useMemo(() => {
    const counts = new Map();
    for (const zone of editor.rows) {
      if (zone.deleted) continue;
      for (const id of memberIds(editor.value(zone, 'members'))) counts.set(id, (counts.get(id) || 0) + 1);
    }
    return counts;
  }, [editor.rows]);
}

/**
 * Pasted members, as the CSV writes them: alias names separated by `;`, a member with a role of
 * its own as `name:role`; each alias must be one of the zone's fabric (the line's fabric when it
 * is pasted too).
 */
function pasteMembers(text, { aliasByFabricName, fabrics }, valueOf) {
  const fabric = valueOf('fabric');
  const members = [];
  const unknown = [];
  for (const part of text.split(';').map((p) => p.trim()).filter(Boolean)) {
    const [name, role = null, ...rest] = part.split(':').map((p) => p.trim());
    if (rest.length || (role !== null && !ROLES.includes(role))) return { error: `"${part}": a member is name or name:role (init, target, both).` };
    const alias = aliasByFabricName.get(`${fabric}|${name}`);
    if (!alias) unknown.push(name);
    else if (!members.some((m) => m.alias === alias.id)) members.push({ alias: alias.id, role: role || null });
  }
  if (unknown.length) {
    const fabricName = fabrics.find((f) => f.id === fabric)?.name ?? 'this fabric';
    return { error: `No alias ${unknown.map((n) => `"${n}"`).join(', ')} in ${fabricName}.` };
  }
  return { value: members };
}

/** The bulk bar's member actions: an alias added to every selected zone of its fabric, or removed from every one. */
function BulkMembers({ rows, editor, lookups: { aliases, aliasById }, busy, apply }) {
  // Worked out again when the selection or its rows change, not on every keystroke elsewhere.
  const zones = useMemo(() => rows.filter((r) => !r.deleted)
    .map((r) => ({ key: r.key, fabric: editor.value(r, 'fabric'), members: editor.value(r, 'members') || [] })), [rows]);
  const addable = useMemo(() => {
    const fabrics = new Set(zones.map((z) => z.fabric));
    return aliases.filter((a) => fabrics.has(a.fabric));
  }, [aliases, zones]);
  const removable = useMemo(() => {
    const held = new Set(zones.flatMap((z) => memberIds(z.members)));
    return aliases.filter((a) => held.has(a.id));
  }, [aliases, zones]);
  const zonedCount = useZonedCount(editor);
  const change = (id, remove) => {
    const alias = aliasById.get(id);
    const { changes, unchanged, otherFabric } = planMemberChange({ zones, alias, remove });
    const count = `${changes.length} zone${changes.length === 1 ? '' : 's'}`;
    let text = remove ? `Removed ${alias.name} from ${count}.` : `Added ${alias.name} to ${count}.`;
    if (unchanged) text += ` ${unchanged} ${remove ? 'did not hold it' : 'held it already'}.`;
    if (otherFabric) text += ` ${otherFabric} in another fabric left alone.`;
    apply(changes, text);
  };
  return html`<span class="bulk-members">
    <span class="bulk-picker" data-testid="bulk-add-picker"><${MemberPicker} aliases=${addable} zonedCount=${zonedCount} disabled=${busy}
      onAdd=${(id) => change(id, false)} label="+ Add member…" emptyLabel="no aliases in their fabrics" testId="bulk-member-add" /></span>
    <span class="bulk-picker" data-testid="bulk-remove-picker"><${MemberPicker} aliases=${removable} zonedCount=${zonedCount} disabled=${busy}
      onAdd=${(id) => change(id, true)} label="− Remove member…" emptyLabel="no members to remove" testId="bulk-member-remove" /></span>
  </span>`;
}

// Members are read, filtered and searched by their aliases' names, WWPNs and own roles; sorted by count.
const memberTexts = (members, { aliasById }) => (members || []).flatMap((m) => {
  const alias = aliasById.get(m.alias);
  const texts = alias ? [alias.name, ...(alias.wwpns || [alias.wwpn])] : [`alias #${m.alias}`];
  return m.role ? [...texts, m.role] : texts;
});

const COLUMNS = [
  FABRIC_COLUMN,
  { ...NAME_COLUMN, width: 170 },
  { field: 'zone_type', header: 'Type', kind: 'select', options: TYPES, initial: 'standard', width: 100 },
  {
    field: 'members', header: 'Members', initial: [], className: 'members', texts: memberTexts,
    sortKey: (members) => memberIds(members).length, read: MembersRead, edit: MembersEdit, mergeKey: 'alias', paste: pasteMembers,
  },
  CREATE_COLUMN,
  DELETE_COLUMN,
  { field: 'exists', header: 'Exists', title: 'Exists on the switch', kind: 'checkbox', initial: false, width: 58 },
  { ...NOTES_COLUMN, width: 170 },
];

/** A zone member in a history entry, by its alias's name and its own role. */
function historyItem(field, item, { aliasById }) {
  if (field !== 'members' || !item || typeof item !== 'object') return typeof item === 'object' ? JSON.stringify(item) : String(item);
  const name = aliasById.get(item.alias)?.name ?? `alias #${item.alias}`;
  return item.role ? `${name} (${item.role})` : name;
}

// The table's columns the list sorts by on the server (Export CSV keeps the table's order).
const ORDERINGS = { fabric: 'fabric', name: 'name', zone_type: 'zone_type', create: 'create', delete: 'delete', exists: 'exists', notes: 'notes' };

export const ZonesPage = withProject(function ZonesTable({ customer, project, query }) {
  // Read again when anyone changes a fabric or an alias: members of new aliases read by name.
  const fabrics = useRecords('/api/san/fabrics/', { customer_id: customer.id }, { live: ['fabric'] }).records;
  const aliases = useRecords(`/api/san/aliases/project/${project.id}/`, {}, { live: ['alias'] }).records;
  const lookups = useMemo(() => ({
    fabrics: fabrics || [],
    aliases: aliases || [],
    aliasById: new Map((aliases || []).map((a) => [a.id, a])),
    aliasByFabricName: new Map((aliases || []).map((a) => [`${a.fabric}|${a.name}`, a])),
  }), [fabrics, aliases]);
  // Each import loads the table anew (unsaved edits stay in the browser's drafts).
  const [imports, setImports] = useState(0);
  const listUrl = `/api/san/zones/project/${project.id}/`;
  // The table's filter and sort, which Export CSV downloads when clicked: kept in place, so that
  // a filter keystroke does not draw the page (and the table in it) a second time.
  const shown = useMemo(() => ({ filter: '', sort: [] }), []);
  const setShown = (query) => Object.assign(shown, query);
  return html`<${CsvTools} plural="zones" listUrl=${listUrl} importUrl="/api/san/zones/import/"
    projectId=${project.id} orderings=${ORDERINGS} shown=${shown} onImported=${() => setImports((n) => n + 1)} />
  <${BatchTablePage} key=${imports} entity="zone" plural="zones" title="Zones" project=${project}
    help="Click a row (or press Enter) to edit it; members come from the aliases of the zone's fabric. Saving (Ctrl+S) sends the fields you changed with the version you loaded; others' changes to other fields or members since are kept."
    columns=${COLUMNS} lookups=${lookups}
    listUrl=${listUrl} saveUrl="/api/san/zones/save/" deleteUrl="/api/san/zones/delete/" historyUrl="/api/san/zones/" describeHistoryItem=${historyItem}
    addBlockedBy=${lookups.fabrics.length ? '' : 'Create a fabric first'} initialFilter=${query?.get('q') || ''} onQuery=${setShown}
    bulkActions=${BulkMembers} />`;
});
