// Storage systems of the active customer: a list edited in place and a detail form (both PATCH the
// changed fields with the loaded version; after each save the returned version is adopted, so
// saving twice never conflicts).
import { html } from 'htm/preact';
import { formatBytes } from '../format.js';
import { withCustomer } from '../components/common.js';
import { RecordDetailPage, RecordListPage } from '../components/record-pages.js';

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
// Edited in place (RecordTable); the other fields, capacities and imported attributes in the form.
const COLUMNS = [
  { key: 'name', label: 'Name', edit: { kind: 'text' } },
  { key: 'storage_type', label: 'Type', edit: { kind: 'select', options: TYPES } },
  { key: 'vendor', label: 'Vendor', edit: { kind: 'text' } },
  { key: 'model', label: 'Model', edit: { kind: 'text' } },
  { key: 'serial_number', label: 'Serial', className: 'mono', edit: { kind: 'text' } },
  { key: 'location', label: 'Location', edit: { kind: 'text' } },
  { key: 'capacity_bytes', label: 'Capacity', className: 'num', render: (s) => formatBytes(s.capacity_bytes) },
  { key: 'notes', label: 'Notes', className: 'notes', edit: { kind: 'text' } },
];
const SAVE = { url: (id) => `/api/storage/${id}/`, detailUrl: (id) => `/api/storage/${id}/`, method: 'patch' };

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

export const StoragePage = withCustomer(function StorageSystems({ id, customer }) {
  if (id) {
    return html`<${RecordDetailPage} route="storage" testid="storage-detail" listLabel="Storage systems"
      title="Storage system" newTitle="New storage system"
      entity="storage system" recordId=${id} fields=${FIELDS} extra=${Extra}
      detailUrl=${(rid) => `/api/storage/${rid}/`} historyUrl=${(rid) => `/api/storage/${rid}/`} createUrl="/api/storage/"
      deleteUrl=${(rid) => `/api/storage/${rid}/`}
      createDefaults=${() => ({ customer: customer.id, name: '', storage_type: 'FlashSystem' })} />`;
  }
  return html`<${RecordListPage} route="storage" testid="storage-page" live=${['storage']}
    title=${html`Storage systems <span class="muted">· ${customer.name}</span>`}
    newLabel="+ New storage system" newTestid="new-storage"
    path="/api/storage/" query=${{ customer: customer.id }} what="storage systems"
    tableTestid="storage-table" rowTestid="storage-row" empty="No storage systems for this customer yet."
    table="storage" entity="storage" label="storage system" columns=${COLUMNS} save=${SAVE} />`;
});
