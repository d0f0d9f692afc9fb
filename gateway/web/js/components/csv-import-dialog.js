// CSV in and out of the aliases and zones tables: the Export CSV and Import CSV buttons above a
// table, and the import dialog. The import is previewed first (a dry run of the same save: what it
// would create, update and leave unchanged, or every bad line with its errors) and applied only
// as previewed: editing the text asks for a new preview.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { api, ApiError } from '../api.js';

/** What an import answered: {counts} or {failure: {message, lines: [{line, name, errors}]}}. */
async function runImport(importUrl, projectId, csv, dryRun) {
  try {
    const result = await api.post(importUrl, { project_id: projectId, csv, dry_run: dryRun });
    return { counts: result };
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const lines = (error.body.details || []).filter((d) => typeof d === 'object').map((d) => ({
      line: d.line,
      name: d.alias ?? d.zone ?? '',
      errors: d.errors || {},
    }));
    return { failure: { message: error.message, lines } };
  }
}

const countsText = ({ created, updated, unchanged }, dryRun) => (dryRun
  ? `${created} to create, ${updated} to update, ${unchanged} unchanged`
  : `${created} created, ${updated} updated, ${unchanged} unchanged`);

/** The dialog: a file or pasted text, its preview, and the import. */
export function CsvImportDialog({ plural: many, importUrl, projectId, onClose, onImported }) {
  const box = useRef(null);
  const [text, setText] = useState('');
  const [preview, setPreview] = useState(null); // {text, counts} | {text, failure}
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState(null);

  useEffect(() => {
    const dialog = box.current;
    dialog.showModal(); // modal: focus stays inside, Escape cancels
    const cancel = (event) => { event.preventDefault(); onClose(); };
    dialog.addEventListener('cancel', cancel);
    return () => dialog.removeEventListener('cancel', cancel);
  }, []);

  const run = async (dryRun) => {
    setBusy(true);
    setFailure(null);
    try {
      const answer = await runImport(importUrl, projectId, text, dryRun);
      if (dryRun || answer.failure) setPreview({ text, ...answer });
      else onImported(countsText(answer.counts, false));
    } catch (error) {
      setFailure(error.message);
    } finally {
      setBusy(false);
    }
  };
  const readFile = async (file) => {
    if (!file) return;
    setText(await file.text());
    setPreview(null);
  };
  const current = preview && preview.text === text ? preview : null;
  const canApply = !busy && current?.counts && (current.counts.created + current.counts.updated) > 0;

  return html`<dialog class="dialog csv-import" ref=${box} aria-labelledby="csv-import-title" data-testid="csv-import-dialog">
    <h2 id="csv-import-title">Import ${many} from CSV</h2>
    <p class="muted small">The columns of Export CSV. A line naming ${many === 'aliases' ? 'an alias' : 'a zone'} of its fabric
      updates it (at the <code>version</code> it carries); the others are created. All lines are saved or none.</p>
    <label>CSV file <input type="file" accept=".csv,text/csv" data-testid="csv-import-file"
      onChange=${(e) => readFile(e.currentTarget.files[0])} /></label>
    <label>…or paste it
      <textarea rows="8" spellcheck="false" class="mono" data-testid="csv-import-text" value=${text}
        onInput=${(e) => setText(e.currentTarget.value)}></textarea></label>
    ${failure && html`<p class="error" role="alert">${failure}</p>`}
    ${current?.counts && html`<p data-testid="csv-import-counts">${countsText(current.counts, true)}.</p>`}
    ${current?.failure && html`<div role="alert">
      <p class="error" data-testid="csv-import-failure">${current.failure.message}</p>
      <ul class="csv-errors" data-testid="csv-import-errors">
        ${current.failure.lines.map((l) => html`<li data-testid="csv-import-error" data-line=${l.line}>
          <strong>Line ${l.line}</strong> · ${l.name}: ${Object.entries(l.errors).map(([field, message]) => `${field}: ${message}`).join('; ')}
        </li>`)}
      </ul></div>`}
    <div class="actions">
      <button type="button" data-testid="csv-import-cancel" onClick=${onClose}>Cancel</button>
      <button type="button" data-testid="csv-import-preview" disabled=${busy || !text.trim()} onClick=${() => run(true)}>Preview</button>
      <button type="button" class="primary" data-testid="csv-import-apply" disabled=${!canApply}
        title=${canApply ? '' : 'Preview the text first: only a preview without errors can be imported'}
        onClick=${() => run(false)}>Import</button>
    </div>
  </dialog>`;
}

/**
 * The list's query for the rows a table shows: `shown` is the table's {filter, sort} (its filter
 * text, and its sort keys, first first; the list orders by one key, so only the first counts),
 * `orderings` maps the table's fields to the list's ordering keys.
 */
export function exportQuery(shown, orderings) {
  const query = new URLSearchParams();
  const search = shown?.filter?.trim();
  if (search) query.set('search', search);
  const first = shown?.sort?.[0];
  if (first && orderings[first.field]) query.set('ordering', `${first.descending ? '-' : ''}${orderings[first.field]}`);
  query.set('format', 'csv');
  return query.toString();
}

/** Saves the answer of `url` as a file, as a link with `download` would. */
function download(url) {
  const link = document.createElement('a');
  link.href = url;
  link.download = '';
  document.body.append(link);
  link.click();
  link.remove();
}

/**
 * Export CSV (every row of the table's filter, in its order: `shown`, as BatchTablePage reports it
 * through onQuery) and Import CSV, with what the last import did; `onImported()` runs after an
 * import wrote something (the page loads its table again).
 */
export function CsvTools({ plural: many, listUrl, importUrl, projectId, orderings, shown, onImported }) {
  const [importing, setImporting] = useState(false);
  const [summary, setSummary] = useState('');
  return html`<div class="toolbar csv-tools">
    <button type="button" data-testid="csv-export" title=${`Download the ${many} the filter shows, in the table's order`}
      onClick=${() => download(`${listUrl}?${exportQuery(shown, orderings)}`)}>Export CSV</button>
    <button type="button" data-testid="csv-import" onClick=${() => { setSummary(''); setImporting(true); }}>Import CSV…</button>
    ${summary && html`<span class="notice notice-ok" role="status" data-testid="csv-imported">${summary}</span>`}
    ${importing && html`<${CsvImportDialog} plural=${many} importUrl=${importUrl} projectId=${projectId}
      onClose=${() => setImporting(false)}
      onImported=${(counts) => { setImporting(false); setSummary(`Imported from CSV: ${counts}.`); onImported(); }} />`}
  </div>`;
}
