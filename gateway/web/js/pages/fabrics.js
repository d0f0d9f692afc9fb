// Fabrics of the active customer: a list edited in place, and a detail form (both PATCH the
// changed fields with the loaded version as base_version).
import { html } from 'htm/preact';
import { withCustomer } from '../components/common.js';
import { RecordDetailPage, RecordListPage } from '../components/record-pages.js';

const VENDORS = [{ value: 'BR', label: 'Brocade' }, { value: 'CI', label: 'Cisco' }];
const ZONING_MODES = [{ value: 'enhanced', label: 'enhanced' }, { value: 'basic', label: 'basic' }];
const FOS_NAME_RULES = [{ value: '8.1+', label: 'FOS 8.1 and later' }, { value: 'legacy', label: 'before FOS 8.1 (legacy)' }];
const FIELDS = [
  { name: 'name', label: 'Name', required: true },
  { name: 'zoneset_name', label: 'Zoneset / cfg name' },
  { name: 'san_vendor', label: 'Vendor', kind: 'select', options: VENDORS },
  { name: 'vsan', label: 'VSAN', kind: 'number' },
  { name: 'domain_id', label: 'Domain ID', kind: 'number' },
  { name: 'exists', label: 'Zoneset exists on the fabric', kind: 'checkbox' },
  { name: 'zoning_mode', label: 'Zoning mode (Cisco)', kind: 'select', options: ZONING_MODES,
    hint: 'Enhanced mode ends a script with zone commit.' },
  { name: 'smart_zoning', label: 'Smart zoning on the VSAN (Cisco)', kind: 'checkbox' },
  { name: 'fos_name_rules', label: 'Name rules (Brocade)', kind: 'select', options: FOS_NAME_RULES,
    hint: 'Legacy FOS names start with a letter.' },
  { name: 'notes', label: 'Notes', kind: 'textarea', wide: true },
];
// Edited in place (RecordTable); the zoning fields, which depend on the vendor, in the form.
const COLUMNS = [
  { key: 'name', label: 'Name', edit: { kind: 'text' } },
  { key: 'zoneset_name', label: 'Zoneset', edit: { kind: 'text' } },
  { key: 'san_vendor', label: 'Vendor', render: (f) => (f.san_vendor === 'CI' ? 'Cisco' : 'Brocade'), edit: { kind: 'select', options: VENDORS } },
  { key: 'vsan', label: 'VSAN', className: 'num', edit: { kind: 'number' } },
  { key: 'domain_id', label: 'Domain', className: 'num', edit: { kind: 'number' } },
  { key: 'exists', label: 'Exists', render: (f) => (f.exists ? '✓' : ''), edit: { kind: 'checkbox' } },
  { key: 'zoning', label: 'Zoning', render: (f) => (f.san_vendor === 'CI'
    ? `${f.zoning_mode || 'enhanced'}${f.smart_zoning ? ', smart' : ''}` : `FOS ${f.fos_name_rules || '8.1+'}`) },
  { key: 'notes', label: 'Notes', className: 'notes', edit: { kind: 'text' } },
];
const SAVE = { url: (id) => `/api/san/fabrics/${id}/`, detailUrl: (id) => `/api/san/fabrics/${id}/`, method: 'patch' };

export const FabricsPage = withCustomer(function Fabrics({ id, customer }) {
  if (id) {
    return html`<${RecordDetailPage} route="fabrics" testid="fabric-detail" listLabel="Fabrics" title="Fabric" newTitle="New fabric"
      entity="fabric" recordId=${id} fields=${FIELDS}
      detailUrl=${(rid) => `/api/san/fabrics/${rid}/`} historyUrl=${(rid) => `/api/san/fabrics/${rid}/`} createUrl="/api/san/fabrics/"
      deleteUrl=${(rid) => `/api/san/fabrics/delete/${rid}/`}
      createDefaults=${() => ({ customer: customer.id, name: '', zoneset_name: '', san_vendor: 'BR', vsan: null, domain_id: null, exists: false, zoning_mode: 'enhanced', smart_zoning: false, fos_name_rules: '8.1+', notes: '' })} />`;
  }
  return html`<${RecordListPage} route="fabrics" testid="fabrics-page" live=${['fabric']}
    title=${html`Fabrics <span class="muted">· ${customer.name}</span>`}
    newLabel="+ New fabric" newTestid="new-fabric"
    path="/api/san/fabrics/" query=${{ customer_id: customer.id }} what="fabrics"
    tableTestid="fabrics-table" rowTestid="fabric-row" empty="No fabrics for this customer yet."
    table="fabrics" entity="fabric" columns=${COLUMNS} save=${SAVE} />`;
});
