// Storage systems of the active customer: a list and a detail form (PATCH with the loaded
// version; after each save the returned version is adopted, so saving twice never conflicts).
import { useEffect, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { fetchAll } from '../api.js';
import { formatBytes } from '../format.js';
import { DataTable, Loading, NeedsContext, Notice, useSession } from '../components/common.js';
import { RecordForm } from '../components/record-form.js';

const TYPES = ['FlashSystem', 'DS8000', 'Switch', 'Data Domain', 'Unknown'].map((v) => ({ value: v, label: v }));
const FIELDS = [
  { name: 'name', label: 'Name', required: true },
  { name: 'storage_type', label: 'Type', kind: 'select', options: TYPES },
  { name: 'vendor', label: 'Vendor' },
  { name: 'model', label: 'Model' },
  { name: 'machine_type', label: 'Machine type' },
  { name: 'serial_number', label: 'Serial number' },
  { name: 'system_id', label: 'System ID' },
  { name: 'storage_system_id', label: 'Storage Insights ID' },
  { name: 'wwnn', label: 'WWNN' },
  { name: 'firmware_level', label: 'Firmware level' },
  { name: 'location', label: 'Location' },
  { name: 'primary_ip', label: 'Primary IP' },
  { name: 'secondary_ip', label: 'Secondary IP' },
  { name: 'capacity_bytes', label: 'Capacity (bytes)', kind: 'number' },
  { name: 'used_capacity_bytes', label: 'Used (bytes)', kind: 'number' },
  { name: 'available_capacity_bytes', label: 'Available (bytes)', kind: 'number' },
  { name: 'notes', label: 'Notes', kind: 'textarea', wide: true },
];

function Extra(record) {
  const attributes = record.attributes && Object.keys(record.attributes).length ? record.attributes : null;
  return html`<div class="extra">
    <p class="muted small">
      ${`Capacity ${formatBytes(record.capacity_bytes) || '—'} · used ${formatBytes(record.used_capacity_bytes) || '—'} · available ${formatBytes(record.available_capacity_bytes) || '—'} · `}
      <a href=${`#/hosts?storage=${record.id}`}>hosts</a>${' · '}<a href=${`#/volumes?storage=${record.id}`}>volumes</a>
    </p>
    ${attributes && html`<details><summary>Imported attributes (${Object.keys(attributes).length})</summary>
      <pre class="attributes">${JSON.stringify(attributes, null, 2)}</pre></details>`}
  </div>`;
}

export function StoragePage({ id }) {
  const { customer } = useSession();
  if (!customer) return html`<${NeedsContext} what="customer" />`;
  if (id) {
    return html`<section class="page" data-testid="storage-detail">
      <header class="page-head">
        <a href="#/storage" class="back">← Storage systems</a>
        <h1>${id === 'new' ? 'New storage system' : 'Storage system'}</h1>
      </header>
      <${RecordForm} key=${id} entity="storage system" recordId=${id} fields=${FIELDS} extra=${Extra}
        detailUrl=${(rid) => `/api/storage/${rid}/`} createUrl="/api/storage/"
        deleteUrl=${(rid) => `/api/storage/${rid}/`}
        createDefaults=${() => ({ customer: customer.id, name: '', storage_type: 'FlashSystem' })}
        onCreated=${(record) => { window.location.hash = `#/storage/${record.id}`; }}
        onDeleted=${() => { window.location.hash = '#/storage'; }} />
    </section>`;
  }
  return html`<${StorageList} key=${customer.id} customer=${customer} />`;
}

function StorageList({ customer }) {
  const [systems, setSystems] = useState(null);
  const [notice, setNotice] = useState(null);
  useEffect(() => {
    fetchAll('/api/storage/', { customer: customer.id })
      .then(setSystems)
      .catch((error) => { setSystems([]); setNotice({ kind: 'error', text: error.message }); });
  }, [customer.id]);
  return html`<section class="page" data-testid="storage-page">
    <header class="page-head"><h1>Storage systems <span class="muted">· ${customer.name}</span></h1></header>
    <div class="toolbar"><a class="button" href="#/storage/new" data-testid="new-storage">+ New storage system</a></div>
    <${Notice} notice=${notice} />
    ${systems === null ? html`<${Loading} what="storage systems" />` : html`<${DataTable} testid="storage-table" rowTestid="storage-row"
      records=${systems} empty="No storage systems for this customer yet."
      onOpen=${(s) => { window.location.hash = `#/storage/${s.id}`; }}
      columns=${[
        { key: 'name', label: 'Name' },
        { key: 'storage_type', label: 'Type' },
        { key: 'vendor', label: 'Vendor' },
        { key: 'model', label: 'Model' },
        { key: 'serial_number', label: 'Serial', className: 'mono' },
        { key: 'location', label: 'Location' },
        { key: 'capacity_bytes', label: 'Capacity', className: 'num', render: (s) => formatBytes(s.capacity_bytes) },
      ]} />`}
  </section>`;
}
