// Aliases of the active project: a table saved through POST /api/san/aliases/save/. An alias holds
// an ordered list of WWPNs (a Brocade alias often several, a Cisco device-alias one); the table
// edits the list as text, one WWPN after another.
import { useMemo, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { useRecords, withProject } from '../components/common.js';
import { BatchTablePage } from '../components/batch-table.js';
import { CsvTools } from '../components/csv-import-dialog.js';
import { CREATE_COLUMN, DELETE_COLUMN, FABRIC_COLUMN, NAME_COLUMN, NOTES_COLUMN } from '../components/san-columns.js';

const USES = [{ value: null, label: '—' }, { value: 'init', label: 'init' }, { value: 'target', label: 'target' }, { value: 'both', label: 'both' }];
const CISCO = ['device-alias', 'fcalias', 'wwpn'].map((v) => ({ value: v, label: v }));

/** The WWPNs typed into the cell, in order: separated by spaces, commas, semicolons or new lines. */
const splitWwpns = (text) => String(text ?? '').split(/[\s,;]+/).filter(Boolean);

/** The alias's WWPNs in read mode: the first, and how many more (all of them in the tooltip). */
function WwpnsRead({ editor, row }) {
  const wwpns = editor.value(row, 'wwpns') || [];
  return html`<span title=${wwpns.join('\n')} data-testid="wwpns-read">${wwpns[0] ?? ''}${wwpns.length > 1
    ? html` <span class="badge" data-testid="wwpns-more">+${wwpns.length - 1}</span>` : ''}</span>`;
}

/** The alias's WWPNs being edited: one text, split into the list as it is typed. */
function WwpnsEdit({ editor, row, column }) {
  const wwpns = editor.value(row, 'wwpns') || [];
  const [text, setText] = useState(() => wwpns.join(' '));
  // The list changed otherwise than by typing (a save answered the normal form, a reload): show it.
  const shown = JSON.stringify(wwpns) === JSON.stringify(splitWwpns(text)) ? text : wwpns.join(' ');
  if (shown !== text) setText(shown);
  const error = row.errors.wwpns || row.errors.wwpn;
  return html`<input type="text" data-testid="field-wwpns" aria-label=${column.header} spellcheck="false"
    class=${error ? 'invalid' : ''} aria-invalid=${error ? 'true' : undefined} disabled=${row.deleted}
    placeholder=${column.placeholder} value=${shown} title="Several WWPNs: separate them with spaces, commas or semicolons"
    onInput=${(e) => { setText(e.currentTarget.value); editor.setField(row.key, 'wwpns', splitWwpns(e.currentTarget.value)); }} />`;
}

/**
 * A row kept in the browser by the table as it was before it edited WWPN lists holds `wwpn`: it
 * becomes the first WWPN of the list, so restoring the row loses nothing.
 */
function adoptDraft(draft, orig) {
  if (!('wwpn' in draft)) return draft;
  const { wwpn, ...rest } = draft;
  const others = (rest.wwpns ?? orig?.wwpns ?? []).slice(1);
  return { ...rest, wwpns: wwpn ? [wwpn, ...others] : others };
}

const COLUMNS = [
  FABRIC_COLUMN,
  { ...NAME_COLUMN, width: 180 },
  // The API's `wwpn` (the first WWPN) reports some errors of the list: they are shown here too.
  {
    field: 'wwpns', header: 'WWPNs', className: 'mono', placeholder: '50:05:07:68:10:00:00:01', initial: [], width: 225,
    errorFields: ['wwpn'], texts: (wwpns) => wwpns || [], sortKey: (wwpns) => (wwpns || [])[0] || '',
    read: WwpnsRead, edit: WwpnsEdit, paste: (text) => ({ value: splitWwpns(text) }),
  },
  { field: 'use', header: 'Use', kind: 'select', options: USES, initial: null, width: 86 },
  { field: 'cisco_alias', header: 'Cisco alias', kind: 'select', options: CISCO, initial: 'device-alias', width: 118 },
  CREATE_COLUMN,
  DELETE_COLUMN,
  { field: 'include_in_zoning', header: 'Zoning', label: 'Include in zoning', title: 'Include in zoning', kind: 'checkbox', initial: false, width: 58 },
  NOTES_COLUMN,
];

// The table's columns the list sorts by on the server (Export CSV keeps the table's order).
const ORDERINGS = {
  fabric: 'fabric', name: 'name', wwpns: 'wwpn', use: 'use', cisco_alias: 'cisco_alias', create: 'create',
  delete: 'delete', include_in_zoning: 'include_in_zoning', notes: 'notes',
};

export const AliasesPage = withProject(function AliasesTable({ customer, project, query }) {
  const fabrics = useRecords('/api/san/fabrics/', { customer_id: customer.id }, { live: ['fabric'] }).records;
  const lookups = useMemo(() => ({ fabrics: fabrics || [] }), [fabrics]);
  // Each import loads the table anew (unsaved edits stay in the browser's drafts).
  const [imports, setImports] = useState(0);
  const listUrl = `/api/san/aliases/project/${project.id}/`;
  // The table's filter and sort, which Export CSV downloads when clicked: kept in place, so that
  // a filter keystroke does not draw the page (and the table in it) a second time.
  const shown = useMemo(() => ({ filter: '', sort: [] }), []);
  const setShown = (query) => Object.assign(shown, query);
  return html`<${CsvTools} plural="aliases" listUrl=${listUrl} importUrl="/api/san/aliases/import/"
    projectId=${project.id} orderings=${ORDERINGS} shown=${shown} onImported=${() => setImports((n) => n + 1)} />
  <${BatchTablePage} key=${imports} entity="alias" plural="aliases" title="Aliases" project=${project}
    help="Click a row (or press Enter) to edit it, then save (Ctrl+S): the fields you changed are sent with the version you loaded, in one transaction; others' changes to other fields since are kept."
    columns=${COLUMNS} lookups=${lookups}
    listUrl=${listUrl} saveUrl="/api/san/aliases/save/" deleteUrl="/api/san/aliases/delete/" historyUrl="/api/san/aliases/"
    adoptDraft=${adoptDraft}
    addBlockedBy=${lookups.fabrics.length ? '' : 'Create a fabric first'} initialFilter=${query?.get('q') || ''} onQuery=${setShown} />`;
});
