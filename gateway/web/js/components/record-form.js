// A detail form of one versioned record saved with PATCH (or PUT): only the edited fields, plus
// `base_version`, the version the user loaded, so the service merges them with others' changes
// since (a field both changed is a 409 listing it: the dialog of fields, a pick of theirs or mine
// per field); created with POST, deleted with DELETE ?version= (a stale one: the conflict dialog).
// Shows field errors.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from 'htm/preact';
import { api, conflictsOf, fieldErrorsOf } from '../api.js';
import { ConflictDialog } from './conflict-dialog.js';
import { FieldConflictDialog } from './field-conflict-dialog.js';
import { fieldConflictsOf, keptChangesText, mergeOnto, pickIdOf } from '../merge-save.js';
import { HistoryPanel } from './history-panel.js';
import { Notice, When, useNow } from './common.js';
import { same } from './batch-editor.js';
import { RecordEditors } from './record-editors.js';

function parse(field, raw) {
  if (field.kind === 'number') {
    if (raw === '' || raw === null) return null;
    const n = Number(raw);
    return Number.isFinite(n) ? n : raw;
  }
  return raw;
}

/**
 * fields: [{name, label, kind: text|number|select|checkbox|textarea, options?, required?, wide?,
 *   readOnly?, hint?}]
 * detailUrl(id), updateUrl(id)? (default detailUrl), createUrl, deleteUrl(id), createDefaults(),
 * historyUrl(id)? (where the record's `history/` and `restore/` answer: adds History), onCreated(record),
 * onDeleted(record), onSaved(record)?, method ('patch' | 'put'), canDelete,
 * fieldOf(error)? (the field a message-only error belongs to, e.g. a duplicate name),
 * onMissing(error)? (the record answered 404: someone deleted it; without it the error is shown),
 * deleteQuery? (more query parameters of the delete), deleteNote? (what the delete confirmation
 * adds about the consequences), onCancel()? (adds a Cancel button), autoFocus (the first field takes the focus when a version
 * is shown), testid and idPrefix (to tell two forms on one page apart).
 */
export function RecordForm({
  entity, recordId, fields, detailUrl, updateUrl = detailUrl, createUrl, deleteUrl, deleteQuery = {}, deleteNote,
  createDefaults, historyUrl, onCreated, onDeleted, extra, onSaved, method = 'patch', canDelete = true, fieldOf, onMissing, onCancel, autoFocus = false,
  testid = 'record-form', idPrefix = 'f-',
}) {
  const isNew = recordId === 'new';
  const [orig, setOrig] = useState(null);
  const [draft, setDraft] = useState(isNew ? createDefaults() : {});
  const draftRef = useRef(draft);
  draftRef.current = draft;
  const [errors, setErrors] = useState({});
  const [notice, setNotice] = useState(null);
  const [conflict, setConflict] = useState(null);
  const [busy, setBusy] = useState(false);
  const [loading, setLoading] = useState(!isNew);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [showHistory, setShowHistory] = useState(false);
  const form = useRef(null);
  const now = useNow();

  useEffect(() => {
    if (isNew) return;
    api.get(detailUrl(recordId))
      .then((record) => setOrig(record))
      .catch((error) => {
        if (error.status === 404 && onMissing) onMissing(error);
        else setNotice({ kind: 'error', text: error.message });
      })
      .finally(() => setLoading(false));
  }, [recordId]);
  useEffect(() => {
    if (autoFocus && orig && !loading) form.current?.querySelector(`#${idPrefix}${fields[0].name}`)?.focus();
  }, [orig?.id, orig?.version, loading]);

  const value = (name) => (name in draft ? draft[name] : orig?.[name]);
  const changesOf = (base, edits) => {
    const out = {};
    for (const f of fields) {
      if (f.name in edits && (!base || !same(edits[f.name], base[f.name]))) out[f.name] = edits[f.name];
    }
    return out;
  };
  const dirty = Object.keys(changesOf(orig, draft)).length > 0;

  function set(name, v) {
    setDraft((d) => ({ ...d, [name]: v }));
    setErrors((e) => {
      const next = { ...e };
      delete next[name];
      return next;
    });
  }

  function fail(error, op = 'save') {
    if (error.status === 404 && onMissing && !isNew) {
      onMissing(error);
      return;
    }
    const conflicts = conflictsOf(error, entity);
    if (conflicts) {
      setConflict({ op, items: conflicts.map((c) => ({ ...c, name: c.name || orig?.name || '' })) });
      setNotice({ kind: 'error', text: `${error.message} Nothing was saved.` });
      return;
    }
    const fieldErrors = fieldErrorsOf(error);
    const target = fieldOf?.(error);
    if (target && !(target in fieldErrors)) fieldErrors[target] = error.message;
    const known = Object.fromEntries(Object.entries(fieldErrors).filter(([k]) => fields.some((f) => f.name === k)));
    setErrors(known);
    setNotice({ kind: 'error', text: error.message });
  }

  async function save(base = orig, edits = draftRef.current) {
    setBusy(true);
    setNotice(null);
    try {
      if (isNew) {
        const created = await api.post(createUrl, { ...edits });
        setNotice({ kind: 'ok', text: `Created ${created?.name ?? entity}.` });
        onCreated(created);
        return;
      }
      const changed = changesOf(base, edits);
      if (!Object.keys(changed).length) {
        setNotice({ kind: 'ok', text: 'Nothing to save.' });
        return;
      }
      let saved = await api[method](updateUrl(base.id), { ...changed, base_version: base.version });
      if (!saved || saved.version === undefined) saved = await api.get(detailUrl(base.id));
      // The merged record: what others changed since is in it; `merge` says what.
      const { merge, ...record } = saved;
      setOrig(record);
      onSaved?.(record);
      // Keep edits made while the save was in flight (a field typed back to what it was is no
      // edit: the merged record may hold someone else's value there now).
      setDraft((d) => Object.fromEntries(Object.entries(d)
        .filter(([k, v]) => (k in changed ? !same(v, changed[k]) : !same(v, base[k])))));
      setErrors({});
      const kept = merge?.merged && merge.theirs?.length ? ` Kept ${keptChangesText(merge.theirs)}.` : '';
      setNotice({ kind: 'ok', text: `Saved (version ${record.version}).${kept}` });
    } catch (error) {
      const fieldConflicts = fieldConflictsOf(error);
      if (fieldConflicts) await showFieldConflicts(error, fieldConflicts, base);
      else fail(error);
    } finally {
      setBusy(false);
    }
  }

  // A field both sides changed: the dialog of fields, beside the record as it is now (the picks
  // are saved onto its version).
  async function showFieldConflicts(error, found, base) {
    try {
      const current = await api.get(detailUrl(base.id));
      // The dialog opens with its buttons enabled, so its first one takes the focus.
      setBusy(false);
      setConflict({
        kind: 'fields',
        base,
        current,
        items: [{
          id: base.id, name: base.name ?? '', loadedVersion: base.version, currentVersion: current.version,
          fields: found.map((c) => ({ ...c, pickId: pickIdOf(c) })),
        }],
      });
      setNotice({ kind: 'error', text: error.message });
    } catch (failure) {
      setNotice({ kind: 'error', text: `${error.message} ${failure.message}` });
    }
  }

  /** The dialog of fields answered ({"<id>|<field>": 'theirs' | 'mine'}): the edits merged onto the
   *  record as it is now by those picks, and saved (nothing to save when theirs won everywhere). */
  async function applyPicks(picks) {
    const { base, current } = conflict;
    const mine = changesOf(base, draftRef.current);
    const next = mergeOnto({ base, current, mine, pickOf: (field) => picks[`${base.id}|${field}`] });
    setConflict(null);
    setOrig(current);
    setDraft(next);
    draftRef.current = next;
    setErrors({});
    if (Object.keys(next).length) await save(current, next);
    else setNotice({ kind: 'ok', text: `Kept their values (version ${current.version}); nothing of yours was left to save.` });
  }

  async function resolve(mode) {
    setBusy(true);
    try {
      const current = await api.get(detailUrl(orig.id));
      const mine = changesOf(orig, draftRef.current);
      const op = conflict?.op;
      setConflict(null);
      setOrig(current);
      if (op === 'delete' && mode === 'mine') {
        setBusy(false);
        await remove(current);
      } else if (mode === 'theirs') {
        setDraft({});
        setErrors({});
        setNotice({ kind: 'ok', text: `Loaded version ${current.version}; your edits were discarded.` });
        setBusy(false);
      } else {
        setDraft(mine);
        draftRef.current = mine;
        await save(current, mine);
      }
    } catch (error) {
      setBusy(false);
      setConflict(null);
      setNotice({ kind: 'error', text: error.message });
    }
  }

  async function remove(base = orig) {
    setBusy(true);
    try {
      await api.del(deleteUrl(base.id), { ...deleteQuery, version: base.version });
      onDeleted(base);
    } catch (error) {
      fail(error, 'delete');
    } finally {
      setBusy(false);
      setConfirmDelete(false);
    }
  }

  // A restore saved a new version: the form shows it.
  async function restored() {
    try {
      const current = await api.get(detailUrl(orig.id));
      setOrig(current);
      setDraft({});
      setErrors({});
      setNotice({ kind: 'ok', text: `Restored (version ${current.version}).` });
      onSaved?.(current);
    } catch (error) {
      setNotice({ kind: 'error', text: error.message });
    }
  }

  if (loading) return html`<p class="muted" data-testid="loading">Loading…</p>`;
  if (!isNew && !orig) return html`<${Notice} notice=${notice} />`;

  return html`<form class="record-form" data-testid=${testid} data-id=${orig?.id} ref=${form}
      onSubmit=${(e) => { e.preventDefault(); save(); }}>
    <${Notice} notice=${notice} />
    ${orig && html`<p class="meta" data-testid="record-meta">
      Version <strong data-testid="record-version">${orig.version}</strong>
      ${orig.last_modified_by && html` · last changed by <strong data-testid="record-modified-by">${orig.last_modified_by}</strong>`}
      ${orig.last_modified_at && html` <span data-testid="record-modified-at"><${When} value=${orig.last_modified_at} now=${now} /></span>`}
      <${RecordEditors} entity=${entity} id=${orig.id} version=${orig.version} dirty=${dirty}
        onReload=${() => api.get(detailUrl(orig.id)).then((current) => { setOrig(current); setDraft({}); })
          .catch((error) => setNotice({ kind: 'error', text: error.message }))}
        onReview=${(item) => setConflict({ op: 'save', items: [{ ...item, name: orig.name }] })} />
    </p>`}
    <div class="form-grid">
      ${fields.map((f) => {
        const v = value(f.name);
        const error = errors[f.name];
        const id = `${idPrefix}${f.name}`;
        const hintId = f.hint ? `${id}-hint` : undefined;
        const common = {
          id, name: f.name, 'data-testid': `field-${f.name}`, 'aria-invalid': error ? 'true' : undefined,
          'aria-describedby': hintId, class: error ? 'invalid' : '', disabled: busy, readOnly: f.readOnly,
        };
        let control;
        if (f.kind === 'select') {
          control = html`<select ...${common} value=${String(v ?? '')}
              onChange=${(e) => set(f.name, f.options.find((o) => String(o.value ?? '') === e.currentTarget.value)?.value ?? null)}>
            ${f.options.map((o) => html`<option value=${String(o.value ?? '')}>${o.label}</option>`)}
          </select>`;
        } else if (f.kind === 'checkbox') {
          control = html`<input type="checkbox" ...${common} checked=${Boolean(v)} onChange=${(e) => set(f.name, e.currentTarget.checked)} />`;
        } else if (f.kind === 'textarea') {
          control = html`<textarea ...${common} rows="3" value=${v ?? ''} onInput=${(e) => set(f.name, e.currentTarget.value)} />`;
        } else {
          control = html`<input type=${f.kind === 'number' ? 'number' : 'text'} ...${common} value=${v ?? ''}
            required=${f.required} spellcheck="false" onInput=${(e) => set(f.name, parse(f, e.currentTarget.value))} />`;
        }
        return html`<div class=${`field ${f.wide ? 'wide' : ''} ${orig && f.name in draft && !same(draft[f.name], orig[f.name]) ? 'edited' : ''}`}>
          <label for=${id}>${f.label}</label>
          ${control}
          ${f.hint && html`<div class="muted small" id=${hintId}>${f.hint}</div>`}
          ${error && html`<div class="field-error" data-testid="field-error" data-field=${f.name} role="alert">${error}</div>`}
        </div>`;
      })}
    </div>
    ${extra && orig ? extra(orig) : null}
    <div class="actions">
      <button type="submit" class="primary" data-testid="save" disabled=${busy || (!isNew && !dirty)}>
        ${isNew ? `Create ${entity}` : 'Save'}
      </button>
      ${!isNew && html`<button type="button" data-testid="discard" disabled=${busy || !dirty}
        onClick=${() => { setDraft({}); setErrors({}); setNotice(null); }}>Discard changes</button>`}
      ${!isNew && historyUrl && html`<button type="button" data-testid="history" disabled=${busy}
        onClick=${() => setShowHistory(true)}>History</button>`}
      ${onCancel && html`<button type="button" data-testid="cancel-edit" disabled=${busy} onClick=${onCancel}>Cancel</button>`}
      ${!isNew && canDelete && (confirmDelete
        ? html`<span class="confirm">Delete ${orig.name}?${deleteNote && html` <span data-testid="delete-note">${deleteNote}</span>`}
            <button type="button" class="danger" data-testid="confirm-delete" disabled=${busy} onClick=${() => remove()}>Delete</button>
            <button type="button" class="link" onClick=${() => setConfirmDelete(false)}>Keep</button></span>`
        : html`<button type="button" class="danger-outline" data-testid="delete" disabled=${busy}
            onClick=${() => setConfirmDelete(true)}>Delete…</button>`)}
    </div>
    ${conflict?.kind === 'fields' ? html`<${FieldConflictDialog} entity=${entity} items=${conflict.items} busy=${busy}
      onApply=${applyPicks} onCancel=${() => setConflict(null)} />`
    : conflict && html`<${ConflictDialog} entity=${entity} conflicts=${conflict.items} busy=${busy}
      onReload=${() => resolve('theirs')} onKeepMine=${() => resolve('mine')} onCancel=${() => setConflict(null)} />`}
    ${showHistory && orig && html`<${HistoryPanel} entity=${entity} name=${orig.name} url=${historyUrl(orig.id)}
      version=${orig.version} restoreBlockedBy=${dirty ? 'Save or discard your changes first' : ''}
      onRestored=${restored} onClose=${() => setShowHistory(false)} />`}
  </form>`;
}
