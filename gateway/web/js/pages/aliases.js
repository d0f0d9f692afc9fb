// Aliases of the active project: a table saved through POST /api/san/aliases/save/.
import { useMemo } from 'preact/hooks';
import { html } from 'htm/preact';
import { useRecords, withProject } from '../components/common.js';
import { BatchTablePage } from '../components/batch-table.js';
import { CREATE_COLUMN, DELETE_COLUMN, FABRIC_COLUMN, NAME_COLUMN, NOTES_COLUMN } from '../components/san-columns.js';

const USES = [{ value: null, label: '—' }, { value: 'init', label: 'init' }, { value: 'target', label: 'target' }, { value: 'both', label: 'both' }];
const CISCO = ['device-alias', 'fcalias', 'wwpn'].map((v) => ({ value: v, label: v }));

const COLUMNS = [
  FABRIC_COLUMN,
  { ...NAME_COLUMN, width: 180 },
  { field: 'wwpn', header: 'WWPN', className: 'mono', placeholder: '50:05:07:68:10:00:00:01', initial: '', width: 205 },
  { field: 'use', header: 'Use', kind: 'select', options: USES, initial: null, width: 86 },
  { field: 'cisco_alias', header: 'Cisco alias', kind: 'select', options: CISCO, initial: 'device-alias', width: 118 },
  CREATE_COLUMN,
  DELETE_COLUMN,
  { field: 'include_in_zoning', header: 'Zoning', label: 'Include in zoning', title: 'Include in zoning', kind: 'checkbox', initial: false, width: 58 },
  NOTES_COLUMN,
];

export const AliasesPage = withProject(function AliasesTable({ customer, project }) {
  const fabrics = useRecords('/api/san/fabrics/', { customer_id: customer.id }).records;
  const lookups = useMemo(() => ({ fabrics: fabrics || [] }), [fabrics]);
  return html`<${BatchTablePage} entity="alias" plural="aliases" title="Aliases" project=${project}
    help="Click a row (or press Enter) to edit it, then save (Ctrl+S): every changed row is sent with the version you loaded, in one transaction."
    columns=${COLUMNS} lookups=${lookups}
    listUrl=${`/api/san/aliases/project/${project.id}/`} saveUrl="/api/san/aliases/save/" deleteUrl="/api/san/aliases/delete/"
    addBlockedBy=${lookups.fabrics.length ? '' : 'Create a fabric first'} />`;
});
