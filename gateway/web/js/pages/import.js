// Import of a switch's zoning output (Cisco `show zoneset active` / `show zone` / `show
// running-config`, Brocade `cfgshow`) into a fabric of the active customer or a new one: paste or
// upload the text, preview what would be created, updated, left unchanged or is in conflict, choose
// a resolution per conflict, apply it in one transaction, then follow the links to what changed.
import { useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { ApiError, api, fetchAll } from '../api.js';
import { Notice, useRecords, useSession, withCustomer } from '../components/common.js';

const FORMATS = [
  { value: 'auto', label: 'Recognise it' }, { value: 'cisco', label: 'Cisco MDS' }, { value: 'brocade', label: 'Brocade FOS' },
];
const NEW_FABRIC = 'new';
const RESOLUTION_LABELS = { skip: 'skip: keep what is stored', replace: 'replace: take the switch\'s', rename: 'rename: import a copy' };
// What a conflict only an apply finds is about (its 400 names the reason alone).
const REASONS = {
  zone_members: 'Its members on the switch differ from the stored zone\'s (it names an alias being renamed).',
  alias_wwpns: 'The alias exists with other WWPNs.',
};
const ACTION_ORDER = { conflict: 0, create: 1, update: 2, skip: 3, unchanged: 4 };

const conflictKey = (c) => `${c.kind}:${c.name}`;
// The name a renamed record is imported under (the service's rule).
const renamed = (name) => `${name}_copy`;

/**
 * Conflicts an apply found that the preview could not show (a renamed alias puts the zones naming
 * it in conflict), read from its 400: "zone z_db01 (zone_members): resolve it with skip, replace, rename".
 */
function conflictsOfRefusal(body) {
  const found = [];
  for (const detail of Array.isArray(body?.details) ? body.details : []) {
    const match = typeof detail === 'string' && /^(alias|zone) (\S+) \(([a-z_]+)\): resolve it with (.+)$/.exec(detail);
    if (match) {
      found.push({
        kind: match[1], name: match[2], reason: match[3], message: REASONS[match[3]] || detail, stored: [], imported: [],
        resolutions: match[4].split(/,\s*/), atApply: true,
      });
    }
  }
  return found;
}

function Counts({ result, testid }) {
  const conflicts = result.conflicts?.length ?? 0;
  return html`<p class="import-counts" data-testid=${testid}>
    <span><strong data-testid="count-created">${result.created}</strong> created</span>
    <span><strong data-testid="count-updated">${result.updated}</strong> updated</span>
    <span><strong data-testid="count-unchanged">${result.unchanged}</strong> unchanged</span>
    <span class=${conflicts ? 'has-conflicts' : ''}><strong data-testid="count-conflicts">${conflicts}</strong> in conflict</span>
  </p>`;
}

/** Every record of a preview or result: the fabric, then aliases and zones, conflicts first. */
function recordsOf(result) {
  const rows = [];
  if (result.fabric) rows.push({ kind: 'fabric', ...result.fabric });
  for (const kind of ['aliases', 'zones']) {
    const sorted = [...(result[kind] || [])].sort((a, b) => (ACTION_ORDER[a.action] ?? 9) - (ACTION_ORDER[b.action] ?? 9) || a.name.localeCompare(b.name));
    for (const r of sorted) rows.push({ kind: kind === 'aliases' ? 'alias' : 'zone', ...r });
  }
  return rows;
}

function RecordsTable({ result, linkOf }) {
  const rows = recordsOf(result);
  return html`<div class="table-wrap import-records"><table class="grid compact" data-testid="import-records">
    <thead><tr><th>Kind</th><th>Name</th><th>Action</th><th>What changes</th></tr></thead>
    <tbody>
      ${rows.map((r) => {
        const link = linkOf?.(r);
        return html`<tr data-testid="import-record" data-kind=${r.kind} data-name=${r.name} data-action=${r.action}>
          <td>${r.kind}</td>
          <td class="mono">${link ? html`<a href=${link} data-testid="record-link">${r.name}</a>` : r.name}</td>
          <td><span class=${`action action-${r.action}`}>${r.action}</span></td>
          <td class="small">${(r.changes || []).join(', ')}</td>
        </tr>`;
      })}
    </tbody>
  </table></div>`;
}

function Warnings({ warnings }) {
  if (!warnings?.length) return null;
  return html`<details class="import-warnings" open=${warnings.length <= 20} data-testid="import-warnings">
    <summary>${warnings.length} line${warnings.length === 1 ? '' : 's'} not understood</summary>
    <ul>${warnings.map((w) => html`<li data-testid="import-warning" data-line=${w.line}>
      <span class="mono small">${w.line ? `line ${w.line}` : 'input'}</span> ${w.message}</li>`)}</ul>
  </details>`;
}

function ConflictsTable({ conflicts, choices, onChoose }) {
  return html`<div class="table-wrap"><table class="grid compact conflicts-table" data-testid="import-conflicts">
    <thead><tr><th>Kind</th><th>Name</th><th>Why</th><th>Stored</th><th>On the switch</th><th>Resolution</th></tr></thead>
    <tbody>
      ${conflicts.map((c) => {
        const key = conflictKey(c);
        const choice = choices[key] || '';
        return html`<tr data-testid="import-conflict" data-kind=${c.kind} data-name=${c.name} data-reason=${c.reason}>
          <td>${c.kind}</td>
          <td class="mono">${c.name}${c.atApply && html`<div class="small muted">found when applying</div>`}</td>
          <td class="small">${c.message}</td>
          <td class="mono small">${c.stored.join(', ')}</td>
          <td class="mono small">${c.imported.join(', ')}</td>
          <td>
            <select data-testid="conflict-resolution" aria-label=${`Resolution for ${c.kind} ${c.name}`} value=${choice}
                class=${choice ? '' : 'invalid'} onChange=${(e) => onChoose(key, e.currentTarget.value)}>
              <option value="">Choose…</option>
              ${c.resolutions.map((r) => html`<option value=${r}>${RESOLUTION_LABELS[r] || r}</option>`)}
            </select>
            ${choice === 'rename' && html`<div class="small" data-testid="rename-to">imported as <span class="mono">${renamed(c.name)}</span></div>`}
          </td>
        </tr>`;
      })}
    </tbody>
  </table></div>`;
}

export const ImportPage = withCustomer(function Import({ customer }) {
  const { project } = useSession();
  const fabricsState = useRecords('/api/san/fabrics/', { customer_id: customer.id });
  // Read again after an import created a fabric, so the next import can go into it.
  const [fabricsSince, setFabricsSince] = useState(null);
  const fabrics = fabricsSince || fabricsState.records || [];
  const [target, setTarget] = useState(NEW_FABRIC);
  const [newName, setNewName] = useState('');
  const [format, setFormat] = useState('auto');
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState('');
  const [linkProject, setLinkProject] = useState(true);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState(null);
  const [fieldErrors, setFieldErrors] = useState({});
  const [preview, setPreview] = useState(null); // {request, answer, extra: [conflicts found at apply]}
  const [choices, setChoices] = useState({});
  const [stale, setStale] = useState(null); // the 409 of an apply
  const [result, setResult] = useState(null); // {answer, fabric}

  function request() {
    const body = { customer: customer.id, format, text };
    if (target === NEW_FABRIC) body.new_fabric = { name: newName.trim() };
    else body.fabric = Number(target);
    if (project && linkProject) body.project = project.id;
    return body;
  }

  function edited() {
    // The inputs no longer match the preview shown.
    setPreview(null);
    setStale(null);
    setNotice(null);
  }

  async function chooseFile(event) {
    const file = event.currentTarget.files?.[0];
    if (!file) return;
    try {
      setText(await file.text());
      setFileName(`${file.name} (${file.size.toLocaleString('en-US')} bytes)`);
      edited();
    } catch (error) {
      setNotice({ kind: 'error', text: `The file could not be read: ${error.message}` });
    }
  }

  function showError(error) {
    setFieldErrors(error instanceof ApiError && error.body?.errors && typeof error.body.errors === 'object' ? error.body.errors : {});
    const details = Array.isArray(error.body?.details) ? error.body.details.filter((d) => typeof d === 'string') : [];
    setNotice({ kind: 'error', text: error.message, details });
  }

  async function runPreview({ keepChoices = false } = {}) {
    if (target === NEW_FABRIC && !newName.trim()) {
      setFieldErrors({ new_fabric: 'Name the new fabric.' });
      return;
    }
    setBusy(true);
    setNotice(null);
    setFieldErrors({});
    setResult(null);
    setStale(null);
    const body = request();
    try {
      const answer = await api.post('/api/san/import/preview/', body);
      // Previewing again after a 409 keeps the choices made, and the conflicts only an apply can
      // find, for the records still in conflict.
      const shown = new Set((answer.conflicts || []).map(conflictKey));
      const extra = keepChoices && preview ? preview.extra.filter((c) => !shown.has(conflictKey(c))) : [];
      const keys = new Set([...shown, ...extra.map(conflictKey)]);
      setChoices((old) => (keepChoices ? Object.fromEntries(Object.entries(old).filter(([k]) => keys.has(k))) : {}));
      setPreview({ request: body, answer, extra });
    } catch (error) {
      setPreview(null);
      showError(error);
    } finally {
      setBusy(false);
    }
  }

  const conflicts = preview ? [...(preview.answer.conflicts || []), ...preview.extra] : [];
  const unresolved = conflicts.filter((c) => !choices[conflictKey(c)]);

  async function runApply() {
    if (unresolved.length) {
      setNotice({ kind: 'error', text: `Choose a resolution for ${unresolved.map((c) => `${c.kind} ${c.name}`).join(', ')}.` });
      return;
    }
    setBusy(true);
    setNotice(null);
    const resolutions = conflicts.map((c) => ({ kind: c.kind, name: c.name, action: choices[conflictKey(c)] }));
    try {
      const answer = await api.post('/api/san/import/apply/', { ...preview.request, digest: preview.answer.digest, resolutions });
      const name = preview.request.new_fabric?.name;
      let fabric = name ? null : fabrics.find((f) => f.id === preview.request.fabric) || null;
      if (name) {
        try {
          const now = await fetchAll('/api/san/fabrics/', { customer_id: customer.id });
          setFabricsSince(now);
          fabric = now.find((f) => f.name === name) || null;
        } catch {
          // Applied all the same; the result shows no links to the new fabric.
        }
      }
      setResult({ answer, fabric, linked: Boolean(preview.request.project) });
      setPreview(null);
    } catch (error) {
      if (error instanceof ApiError && error.status === 409) {
        setStale(error);
      } else {
        const found = error instanceof ApiError && error.status === 400 ? conflictsOfRefusal(error.body) : [];
        const known = new Set(conflicts.map(conflictKey));
        const fresh = found.filter((c) => !known.has(conflictKey(c)));
        if (fresh.length) {
          setPreview((p) => ({ ...p, extra: [...p.extra, ...fresh] }));
          setNotice({ kind: 'error', text: `Applying found ${fresh.length} more conflict${fresh.length === 1 ? '' : 's'}: choose for ${fresh.map((c) => `${c.kind} ${c.name}`).join(', ')} and apply again. Nothing was written.` });
        } else {
          showError(error);
        }
      }
    } finally {
      setBusy(false);
    }
  }

  const fabricName = (id) => fabrics.find((f) => f.id === id)?.name || '';
  const linkOf = (fabric) => (r) => {
    if (!fabric) return null;
    if (r.kind === 'fabric') return `#/fabrics/${fabric.id}`;
    if (r.action === 'unchanged' || r.action === 'skip' || r.action === 'conflict') return null;
    return `#/${r.kind === 'alias' ? 'aliases' : 'zones'}?q=${encodeURIComponent(`${fabric.name} ${r.name}`)}`;
  };

  return html`<section class="page" data-testid="import-page">
    <header class="page-head">
      <h1>Import <span class="muted">· ${customer.name}</span></h1>
      <p class="muted small">Paste what the switch prints (Cisco: <span class="mono">show zoneset active</span>, <span class="mono">show zone</span>,${' '}
        <span class="mono">show running-config</span>; Brocade: <span class="mono">cfgshow</span>) or upload it as a file.
        The preview writes nothing; applying writes all of it or nothing.</p>
    </header>
    <div class="inline-form import-form">
      <div class="field">
        <label for="import-target">Into fabric</label>
        <select id="import-target" data-testid="import-target" value=${target}
            onChange=${(e) => { setTarget(e.currentTarget.value); edited(); }}>
          <option value=${NEW_FABRIC}>A new fabric…</option>
          ${fabrics.map((f) => html`<option value=${String(f.id)}>${f.name} (${f.san_vendor === 'CI' ? 'Cisco' : 'Brocade'})</option>`)}
        </select>
      </div>
      ${target === NEW_FABRIC && html`<div class="field">
        <label for="import-new-fabric">New fabric's name</label>
        <input id="import-new-fabric" type="text" data-testid="import-new-fabric" spellcheck="false" value=${newName}
          class=${fieldErrors.new_fabric || fieldErrors.name ? 'invalid' : ''}
          onInput=${(e) => { setNewName(e.currentTarget.value); edited(); }} />
        ${(fieldErrors.new_fabric || fieldErrors.name) && html`<div class="field-error" role="alert" data-testid="field-error">${fieldErrors.new_fabric || fieldErrors.name}</div>`}
      </div>`}
      <div class="field">
        <label for="import-format">Format</label>
        <select id="import-format" data-testid="import-format" value=${format} onChange=${(e) => { setFormat(e.currentTarget.value); edited(); }}>
          ${FORMATS.map((f) => html`<option value=${f.value}>${f.label}</option>`)}
        </select>
      </div>
      <div class="field">
        <label for="import-file">Or upload a file</label>
        <input id="import-file" type="file" data-testid="import-file" accept=".txt,.log,.cfg,text/plain" onChange=${chooseFile} />
        ${fileName && html`<div class="small muted" data-testid="import-file-name">${fileName}</div>`}
      </div>
      ${project && html`<label class="small import-link"><input type="checkbox" data-testid="import-link-project" checked=${linkProject}
        onChange=${(e) => { setLinkProject(e.currentTarget.checked); edited(); }} /> Add what is created to project ${project.name}</label>`}
    </div>
    <div class="field wide">
      <label for="import-text">Switch output</label>
      <textarea id="import-text" data-testid="import-text" class=${`mono import-text ${fieldErrors.text ? 'invalid' : ''}`} rows="14" spellcheck="false"
        placeholder=${'Defined configuration:\n cfg:\tPROD_CFG\tz_db01; z_web01\n zone:\tz_db01\tdb01_p0; arr_ctl_a\n alias:\tdb01_p0\t10:00:00:90:fa:c7:da:42'}
        value=${text} onInput=${(e) => { setText(e.currentTarget.value); setFileName(''); edited(); }} />
      ${fieldErrors.text && html`<div class="field-error" role="alert" data-testid="field-error" data-field="text">${fieldErrors.text}</div>`}
      ${fieldErrors.format && html`<div class="field-error" role="alert" data-testid="field-error" data-field="format">${fieldErrors.format}</div>`}
    </div>
    <div class="actions">
      <button type="button" class="primary" data-testid="import-preview" disabled=${busy || !text.trim()} onClick=${() => runPreview()}>Preview</button>
      ${preview && html`<button type="button" class="primary" data-testid="import-apply" disabled=${busy} onClick=${runApply}>
        Apply${unresolved.length ? ` (${unresolved.length} to resolve)` : ''}</button>`}
    </div>
    ${notice && html`<div class=${`notice ${notice.kind === 'error' ? 'notice-error' : 'notice-ok'}`} role=${notice.kind === 'error' ? 'alert' : 'status'}
        data-testid=${notice.kind === 'error' ? 'page-error' : 'page-message'}>
      ${notice.text}
      ${notice.details?.length > 1 && html`<ul class="small">${notice.details.map((d) => html`<li>${d}</li>`)}</ul>`}
    </div>`}
    <${Notice} notice=${fabricsState.failure} />
    ${stale && html`<div class="notice notice-error" role="alert" data-testid="import-stale">
      <strong>Something changed since the preview.</strong> ${stale.body?.message || stale.message} Nothing was written.
      <div class="actions"><button type="button" class="primary" data-testid="import-preview-again" disabled=${busy}
        onClick=${() => runPreview({ keepChoices: true })}>Preview again</button></div>
    </div>`}
    ${preview && html`<div class="panel" data-testid="import-preview-result">
      <h2>Preview <span class="muted small">· ${`${preview.answer.format === 'cisco' ? 'Cisco MDS' : 'Brocade FOS'} output into ${
        preview.request.new_fabric ? `new fabric ${preview.request.new_fabric.name}` : `fabric ${fabricName(preview.request.fabric)}`}`}</span></h2>
      <${Counts} result=${{ ...preview.answer, conflicts }} testid="preview-counts" />
      ${conflicts.length > 0 && html`<h3>Conflicts</h3>
        <${ConflictsTable} conflicts=${conflicts} choices=${choices} onChoose=${(key, value) => setChoices((c) => ({ ...c, [key]: value }))} />`}
      <${Warnings} warnings=${preview.answer.warnings} />
      <${RecordsTable} result=${preview.answer} />
    </div>`}
    ${result && html`<div class="panel" data-testid="import-result">
      <h2>Imported <span class="muted small">· fabric ${result.fabric
        ? html`<a href=${`#/fabrics/${result.fabric.id}`} data-testid="result-fabric">${result.fabric.name}</a>` : ''}</span></h2>
      <${Counts} result=${{ ...result.answer, conflicts: [] }} testid="result-counts" />
      ${result.fabric && html`<p class="small">
        <a href=${`#/aliases?q=${encodeURIComponent(result.fabric.name)}`} data-testid="result-aliases">Aliases of ${result.fabric.name}</a>${' · '}
        <a href=${`#/zones?q=${encodeURIComponent(result.fabric.name)}`} data-testid="result-zones">Zones of ${result.fabric.name}</a>${' · '}
        <a href="#/scripts" data-testid="result-scripts">Scripts</a>
        ${!result.linked && html` <span class="muted">(the Aliases and Zones pages show the records of the active project)</span>`}</p>`}
      <${Warnings} warnings=${result.answer.warnings} />
      <${RecordsTable} result=${result.answer} linkOf=${linkOf(result.fabric)} />
    </div>`}
  </section>`;
});
