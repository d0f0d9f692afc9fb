// Hosts and volumes: read-only lists (they change only through imports), virtualized for the
// thousands an array holds (RecordTable without `save`), each row with its History. The history has no Restore here: the array's import is what writes these records, and
// the next import would write the array's own values over a restored one.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { api } from '../api.js';
import { formatBytes } from '../format.js';
import { Loading, Notice, useRecords, withCustomer } from '../components/common.js';
import { RecordTable } from '../components/record-table.js';
import { HistoryPanel } from '../components/history-panel.js';

/** The History button of a row and the read-only panel it opens: {actions, panel}. */
function useRowHistory(entity, url) {
  const [open, setOpen] = useState(null);
  const actions = (record) => html`<button type="button" class="icon" data-testid="history-row" title="History"
    aria-label=${`History of ${entity} ${record.name}`} onClick=${(e) => { e.stopPropagation(); setOpen(record); }}>⟲</button>`;
  const panel = open && html`<${HistoryPanel} key=${open.id} entity=${entity} name=${open.name} url=${`${url}${open.id}/`}
    version=${open.version} canRestore=${false} onClose=${() => setOpen(null)} />`;
  return { actions, panel };
}

export const HostsPage = withCustomer(function HostList({ customer, query }) {
  const storageId = query.get('storage');
  const systems = useRecords('/api/storage/', { customer: customer.id }).records;
  const hostFilter = storageId ? { storage_id: storageId } : { customer: customer.id };
  const { records: hosts, failure } = useRecords('/api/storage/hosts/', hostFilter, { live: ['host'] });
  const names = useMemo(() => new Map((systems || []).map((s) => [s.id, s.name])), [systems]);
  const storageName = (h) => (h.storage ? names.get(h.storage) || `#${h.storage}` : '—');
  const columns = useMemo(() => [
    { key: 'name', label: 'Name' },
    { key: 'storage', label: 'Storage', render: storageName },
    { key: 'host_type', label: 'Type' },
    { key: 'wwpns', label: 'WWPNs', className: 'mono small', render: (h) => (h.wwpns || []).join(', ') },
    { key: 'status', label: 'Status' },
  ], [names]);
  const history = useRowHistory('host', '/api/storage/hosts/');
  return html`<section class="page" data-testid="hosts-page">
    <header class="page-head">
      <h1>Hosts <span class="muted">· ${storageId ? names.get(Number(storageId)) || `storage #${storageId}` : customer.name}</span></h1>
      <p class="muted small">Read-only: hosts change through storage imports.</p>
    </header>
    <div class="toolbar">
      <a class="button" data-testid="hosts-csv" download="hosts.csv"
        href=${`/api/storage/hosts/?${new URLSearchParams({ ...hostFilter, ordering: 'name', format: 'csv' })}`}>Export CSV</a>
    </div>
    <${Notice} notice=${failure} />
    ${hosts === null ? html`<${Loading} what="hosts" />` : html`<${RecordTable} table="hosts" entity="host"
      testid="hosts-table" rowTestid="host-row" records=${hosts} empty="No hosts." actions=${history.actions} columns=${columns} />`}
    ${history.panel}
  </section>`;
});

/**
 * The storage system the volumes page opens on when the link names none: the first, in the list's
 * order, that has volumes (a switch or an array not yet imported has none), else the first.
 */
function useFirstWithVolumes(systems) {
  const [found, setFound] = useState(null);
  useEffect(() => {
    if (!systems?.length) return undefined;
    let current = true;
    setFound(null);
    (async () => {
      for (const system of systems) {
        try {
          const answer = await api.get('/api/storage/volumes/', { storage_id: system.id, page_size: 1 });
          const some = Array.isArray(answer) ? answer.length : answer?.results?.length;
          if (some) {
            if (current) setFound(String(system.id));
            return;
          }
        } catch {
          break;
        }
      }
      if (current) setFound(String(systems[0].id));
    })();
    return () => { current = false; };
  }, [systems]);
  return found;
}

const VOLUME_COLUMNS = [
  { key: 'name', label: 'Name' },
  { key: 'volume_id', label: 'Volume ID', className: 'mono' },
  { key: 'unique_id', label: 'Unique ID', className: 'mono small' },
  { key: 'capacity_bytes', label: 'Capacity', className: 'num', render: (v) => formatBytes(v.capacity_bytes) },
  { key: 'pool_name', label: 'Pool' },
  { key: 'thin_provisioned', label: 'Thin', render: (v) => (v.thin_provisioned === true ? '✓' : v.thin_provisioned || '') },
];

export const VolumesPage = withCustomer(function VolumeList({ customer, query }) {
  const systems = useRecords('/api/storage/', { customer: customer.id }).records;
  const firstWithVolumes = useFirstWithVolumes(query.get('storage') ? null : systems);
  const selected = query.get('storage') || firstWithVolumes;
  const { records: volumes, failure } = useRecords(selected && '/api/storage/volumes/', { storage_id: selected }, { live: ['volume'] });
  const history = useRowHistory('volume', '/api/storage/volumes/');
  return html`<section class="page" data-testid="volumes-page">
    <header class="page-head">
      <h1>Volumes</h1>
      <p class="muted small">Read-only: volumes change through storage imports.</p>
    </header>
    <div class="toolbar">
      <label>Storage system
        <select data-testid="volume-storage" value=${selected || ''} disabled=${!systems?.length}
          onChange=${(e) => { window.location.hash = `#/volumes?storage=${e.currentTarget.value}`; }}>
          ${(systems || []).map((s) => html`<option value=${String(s.id)}>${s.name}</option>`)}
        </select>
      </label>
    </div>
    <${Notice} notice=${failure} />
    ${systems === null ? html`<${Loading} what="storage systems" />`
      : !systems.length ? html`<p class="empty">No storage systems for this customer.</p>`
        : !selected || volumes === null ? html`<${Loading} what="volumes" />` : html`<${RecordTable} table="volumes" entity="volume" testid="volumes-table" rowTestid="volume-row"
      records=${volumes} empty="No volumes on this storage system." actions=${history.actions} columns=${VOLUME_COLUMNS} />`}
    ${history.panel}
  </section>`;
});
