// Zoning scripts of the active project: per fabric (or for the whole project), the create or
// delete commands to paste into the switch, their warnings and, beside them, the fabric's hygiene
// report. Copy puts the commands on the clipboard; the downloads are the gateway's text and zip
// renderings of the same script. A script the service refuses (a record it cannot write, an
// error-severity finding, an alias a surviving zone still uses) shows what the refusal names.
import { useEffect, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { ApiError, api } from '../api.js';
import { Loading, Notice, useRecords, withProject } from '../components/common.js';

const KINDS = [{ value: 'create', label: 'Create on the switch' }, { value: 'delete', label: 'Delete from the switch' }];
const VENDOR_NAMES = { BR: 'Brocade FOS', CI: 'Cisco MDS' };
const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 };

/** The script endpoint of a scope ("project" or a fabric id) and kind, optionally as a file. */
function scriptUrl(scope, projectId, kind, format) {
  const base = scope === 'project' ? `/api/san/scripts/project/${projectId}/` : `/api/san/scripts/fabric/${scope}/`;
  return `${base}?kind=${kind}${format ? `&format=${format}` : ''}`;
}

/**
 * What a refused script names, one line each: a record and its field errors
 * ({"zone":"z1","errors":{"members":"…"}}), or a hygiene finding ("FAB_A: NO_TARGET z1: …").
 */
function refusalLines(body) {
  const details = Array.isArray(body?.details) ? body.details : [];
  return details.map((detail) => {
    if (typeof detail === 'string') return { record: '', text: detail };
    const kind = ['zone', 'alias', 'fabric'].find((k) => k in detail) || 'record';
    const errors = Object.entries(detail.errors || {}).map(([field, message]) => `${field}: ${message}`).join('; ');
    return { record: `${kind} ${detail[kind] ?? ''}`.trim(), text: errors };
  });
}

const commandsText = (script) => script.commands.map((c) => `${c}\n`).join('');

async function copyText(text) {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    // Without the clipboard API (an insecure origin, a denied permission): the old way.
    const area = document.createElement('textarea');
    area.value = text;
    area.setAttribute('readonly', '');
    area.style.position = 'fixed';
    area.style.opacity = '0';
    document.body.appendChild(area);
    area.select();
    const done = document.execCommand('copy');
    area.remove();
    return done;
  }
}

function Findings({ fabric, report }) {
  if (!report) return html`<p class="muted small">Reading the hygiene report…</p>`;
  if (report.failure) return html`<p class="field-error" role="alert">${report.failure}</p>`;
  const findings = [...report.findings].sort((a, b) => (SEVERITY_ORDER[a.severity] ?? 3) - (SEVERITY_ORDER[b.severity] ?? 3));
  return html`<div class="lint" data-testid="lint" data-fabric=${fabric.name}>
    <h3>Hygiene report <span class="muted">· ${fabric.name}</span></h3>
    ${findings.length === 0 ? html`<p class="muted small" data-testid="lint-clean">No findings.</p>` : html`
    <table class="grid compact">
      <thead><tr><th>Severity</th><th>Code</th><th>Records</th></tr></thead>
      <tbody>
        ${findings.map((f) => html`<tr data-testid="lint-finding" data-code=${f.code} data-severity=${f.severity}>
          <td><span class=${`severity severity-${f.severity}`}>${f.severity}</span></td>
          <td><span class="mono small">${f.code}</span><div class="small muted">${f.message}</div></td>
          <td class="small">${f.records.join(', ')}</td>
        </tr>`)}
      </tbody>
    </table>`}
  </div>`;
}

function ScriptPanel({ script, kind, fabric, report }) {
  const [copied, setCopied] = useState(null);
  const text = commandsText(script);
  async function copy() {
    setCopied((await copyText(text)) ? 'Copied.' : 'The browser did not allow copying; select the text instead.');
  }
  return html`<section class="script-panel" data-testid="script" data-fabric=${script.fabric}>
    <div class="script-main">
      <header class="script-head">
        <h2>${script.fabric} <span class="muted small">· ${VENDOR_NAMES[script.vendor] || script.vendor}
          ${script.vsan !== null && script.vsan !== undefined ? ` · VSAN ${script.vsan}` : ''}
          ${script.zoneset_name ? ` · ${script.vendor === 'BR' ? 'cfg' : 'zoneset'} ${script.zoneset_name}` : ''}</span></h2>
        <button type="button" data-testid="copy-script" disabled=${!text} onClick=${copy}>Copy</button>
        ${copied && html`<span class="muted small" role="status" data-testid="copy-status">${copied}</span>`}
      </header>
      ${script.warnings.length > 0 && html`<ul class="script-warnings" data-testid="script-warnings">
        ${script.warnings.map((w) => html`<li data-testid="script-warning">${w}</li>`)}
      </ul>`}
      ${text ? html`<pre class="script-text" data-testid="script-text" aria-label=${`${kind} script for ${script.fabric}`}>${text}</pre>`
        : html`<p class="muted" data-testid="script-empty">Nothing of this fabric is flagged to ${kind === 'create' ? 'create' : 'delete'}.</p>`}
    </div>
    <aside class="script-side">${fabric ? html`<${Findings} fabric=${fabric} report=${report} />` : null}</aside>
  </section>`;
}

function Refusal({ error }) {
  const lines = refusalLines(error.body);
  return html`<div class="notice notice-error refusal" role="alert" data-testid="script-refused">
    <strong>${error.body?.error || error.message}</strong>
    ${lines.length > 0 && html`<ul>
      ${lines.map((l) => html`<li data-testid="refusal-item">${l.record && html`<strong data-testid="refusal-record">${l.record}</strong>: `}${l.text}</li>`)}
    </ul>`}
    <p class="small">Nothing was generated. Fix the records named (Aliases, Zones) or their flags, then generate again.</p>
  </div>`;
}

export const ScriptsPage = withProject(function Scripts({ customer, project }) {
  const fabricsState = useRecords('/api/san/fabrics/', { customer_id: customer.id });
  const fabrics = fabricsState.records;
  const [scope, setScope] = useState('project');
  const [kind, setKind] = useState('create');
  const [answer, setAnswer] = useState(null); // {scripts} | {error}
  const [reports, setReports] = useState({}); // fabric id -> {findings} | {failure}
  const [round, setRound] = useState(0);

  useEffect(() => {
    let current = true;
    setAnswer(null);
    api.get(scriptUrl(scope, project.id, kind))
      .then((body) => { if (current) setAnswer({ scripts: body?.scripts || [] }); })
      .catch((error) => { if (current) setAnswer({ error }); });
    return () => { current = false; };
  }, [scope, kind, round]);

  // The fabrics whose hygiene report is shown: the scripts' fabrics, or (when the script was
  // refused) the fabric chosen, or every fabric of the customer.
  const shownFabricIds = (() => {
    if (!answer || !fabrics) return [];
    if (answer.scripts) return answer.scripts.map((s) => s.fabric_id);
    return scope === 'project' ? fabrics.map((f) => f.id) : [Number(scope)];
  })();
  useEffect(() => {
    let current = true;
    for (const id of shownFabricIds) {
      api.get(`/api/san/fabrics/${id}/lint/`)
        .then((body) => { if (current) setReports((r) => ({ ...r, [id]: { findings: body?.findings || [] } })); })
        .catch((error) => { if (current) setReports((r) => ({ ...r, [id]: { failure: error.message } })); });
    }
    return () => { current = false; };
  }, [shownFabricIds.join(','), round]);

  const fabricById = new Map((fabrics || []).map((f) => [f.id, f]));
  const refused = answer?.error instanceof ApiError && answer.error.status === 400 ? answer.error : null;
  const failed = answer?.error && !refused ? answer.error : null;
  const ready = Boolean(answer?.scripts);
  const hasCommands = ready && answer.scripts.some((s) => s.commands.length > 0);

  return html`<section class="page" data-testid="scripts-page">
    <header class="page-head">
      <h1>Scripts <span class="muted">· ${project.name}</span></h1>
      <p class="muted small">The commands that carry the aliases and zones flagged <em>Create</em> or <em>Delete</em> to the switch,
        per fabric or for every fabric of the project, with the fabric's hygiene report beside them.</p>
    </header>
    <div class="toolbar">
      <label class="small" for="script-scope">Fabric</label>
      <select id="script-scope" data-testid="script-scope" value=${scope} onChange=${(e) => setScope(e.currentTarget.value)}>
        <option value="project">Whole project</option>
        ${(fabrics || []).map((f) => html`<option value=${String(f.id)}>${f.name}</option>`)}
      </select>
      <div class="segmented" role="radiogroup" aria-label="Script">
        ${KINDS.map((k) => html`<label class=${kind === k.value ? 'on' : ''}>
          <input type="radio" name="script-kind" value=${k.value} data-testid=${`script-kind-${k.value}`}
            checked=${kind === k.value} onChange=${() => setKind(k.value)} />${k.label}</label>`)}
      </div>
      <button type="button" data-testid="script-refresh" onClick=${() => setRound((n) => n + 1)}>Generate again</button>
      <span class="spacer"></span>
      ${hasCommands ? html`
        <a class="button" data-testid="download-text" href=${scriptUrl(scope, project.id, kind, 'text')} download>Download .txt</a>
        <a class="button" data-testid="download-zip" href=${scriptUrl(scope, project.id, kind, 'zip')} download>Download .zip</a>`
      : html`<button type="button" disabled title="No script to download">Download .txt</button>
        <button type="button" disabled title="No script to download">Download .zip</button>`}
    </div>
    <${Notice} notice=${fabricsState.failure} />
    ${failed && html`<${Notice} notice=${{ kind: 'error', text: failed.message }} />`}
    ${refused && html`<${Refusal} error=${refused} />`}
    ${!answer && html`<${Loading} what="the script" />`}
    ${ready && answer.scripts.length === 0 && html`<p class="empty" data-testid="scripts-empty">
      No fabric of ${scope === 'project' ? 'this project' : 'this choice'} has records to ${kind}.</p>`}
    ${ready && answer.scripts.map((s) => html`<${ScriptPanel} key=${`${s.fabric_id}-${kind}`} script=${s} kind=${kind}
      fabric=${fabricById.get(s.fabric_id) || { id: s.fabric_id, name: s.fabric }} report=${reports[s.fabric_id]} />`)}
    ${refused && html`<div class="script-side refused-reports">
      ${shownFabricIds.map((id) => fabricById.get(id)).filter(Boolean).map((f) => html`<${Findings} fabric=${f} report=${reports[f.id]} />`)}
    </div>`}
  </section>`;
});
