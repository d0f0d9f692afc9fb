// Fabrics of the active customer: a list, and a detail form (PATCH with the loaded version).
import { useEffect, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { fetchAll } from '../api.js';
import { DataTable, Loading, NeedsContext, Notice, useSession } from '../components/common.js';
import { RecordForm } from '../components/record-form.js';

const VENDORS = [{ value: 'BR', label: 'Brocade' }, { value: 'CI', label: 'Cisco' }];
const FIELDS = [
  { name: 'name', label: 'Name', required: true },
  { name: 'zoneset_name', label: 'Zoneset / cfg name' },
  { name: 'san_vendor', label: 'Vendor', kind: 'select', options: VENDORS },
  { name: 'vsan', label: 'VSAN', kind: 'number' },
  { name: 'domain_id', label: 'Domain ID', kind: 'number' },
  { name: 'exists', label: 'Zoneset exists on the fabric', kind: 'checkbox' },
  { name: 'notes', label: 'Notes', kind: 'textarea', wide: true },
];

export function FabricsPage({ id }) {
  const { customer } = useSession();
  if (!customer) return html`<${NeedsContext} what="customer" />`;
  if (id) {
    return html`<section class="page" data-testid="fabric-detail">
      <header class="page-head">
        <a href="#/fabrics" class="back">← Fabrics</a>
        <h1>${id === 'new' ? 'New fabric' : 'Fabric'}</h1>
      </header>
      <${RecordForm} key=${id} entity="fabric" recordId=${id} fields=${FIELDS}
        detailUrl=${(rid) => `/api/san/fabrics/${rid}/`} createUrl="/api/san/fabrics/"
        deleteUrl=${(rid) => `/api/san/fabrics/delete/${rid}/`}
        createDefaults=${() => ({ customer: customer.id, name: '', zoneset_name: '', san_vendor: 'BR', vsan: null, domain_id: null, exists: false, notes: '' })}
        onCreated=${(record) => { window.location.hash = `#/fabrics/${record.id}`; }}
        onDeleted=${() => { window.location.hash = '#/fabrics'; }} />
    </section>`;
  }
  return html`<${FabricList} key=${customer.id} customer=${customer} />`;
}

function FabricList({ customer }) {
  const [fabrics, setFabrics] = useState(null);
  const [notice, setNotice] = useState(null);
  useEffect(() => {
    fetchAll('/api/san/fabrics/', { customer_id: customer.id })
      .then(setFabrics)
      .catch((error) => { setFabrics([]); setNotice({ kind: 'error', text: error.message }); });
  }, [customer.id]);
  return html`<section class="page" data-testid="fabrics-page">
    <header class="page-head">
      <h1>Fabrics <span class="muted">· ${customer.name}</span></h1>
    </header>
    <div class="toolbar"><a class="button" href="#/fabrics/new" data-testid="new-fabric">+ New fabric</a></div>
    <${Notice} notice=${notice} />
    ${fabrics === null ? html`<${Loading} what="fabrics" />` : html`<${DataTable} testid="fabrics-table" rowTestid="fabric-row"
      records=${fabrics} empty="No fabrics for this customer yet."
      onOpen=${(f) => { window.location.hash = `#/fabrics/${f.id}`; }}
      columns=${[
        { key: 'name', label: 'Name' },
        { key: 'zoneset_name', label: 'Zoneset' },
        { key: 'san_vendor', label: 'Vendor', render: (f) => (f.san_vendor === 'CI' ? 'Cisco' : 'Brocade') },
        { key: 'vsan', label: 'VSAN', className: 'num' },
        { key: 'domain_id', label: 'Domain', className: 'num' },
        { key: 'exists', label: 'Exists', render: (f) => (f.exists ? '✓' : '') },
        { key: 'notes', label: 'Notes', className: 'notes' },
      ]} />`}
  </section>`;
}
